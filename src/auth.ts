import { PingOneAuthError } from "./errors.js";

/**
 * An access token, or a function that returns one (sync or async). A function is asked before every request,
 * so it can cache and refresh the token as it sees fit.
 */
export type AccessTokenProvider = string | (() => string | Promise<string>);

/** Worker-app credentials: the client fetches, caches and refreshes tokens itself. */
export interface ClientCredentials {
  environmentID: string;
  clientId: string;
  clientSecret: string;
}

export type AuthOptions = { accessToken: AccessTokenProvider } | ClientCredentials;

/** Where the transport gets bearer tokens, and how it reports one that PingOne refused. */
export interface TokenSource {
  token(): Promise<string>;
  /** The token to use now, if it is known without waiting (a fixed token, or a fresh cached one). */
  current(): string | undefined;
  /** PingOne answered 401 to this token: the next `token()` must not return it again. */
  invalidate(token: string): void;
}

export async function resolveAccessToken(provider: AccessTokenProvider): Promise<string> {
  let token: unknown;
  try {
    token = typeof provider === "function" ? await provider() : provider;
  } catch (failure) {
    // The provider's own error may quote a secret, so neither its message nor the error itself is kept:
    // only its class name, which is enough to tell where to look.
    const kind = failure instanceof Error ? failure.name : typeof failure;
    throw new PingOneAuthError(`the accessToken function failed (${kind})`);
  }
  return checkToken(token);
}

function checkToken(token: unknown): string {
  if (typeof token !== "string" || token.trim() === "") {
    throw new PingOneAuthError(
      `accessToken must be a non-empty string, got ${token === "" ? "an empty string" : typeof token}`,
    );
  }
  if (!isUsableToken(token)) {
    // The message never quotes the token: it is a secret, however malformed.
    throw new PingOneAuthError(
      "accessToken must be visible ASCII without spaces (pass the token without 'Bearer ')",
    );
  }
  return token;
}

/** A bearer token is visible ASCII without spaces; anything else would break (and be quoted by) `Headers`. */
export function isUsableToken(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

/** A token given by the caller: a fixed string, or their own function. */
export function providedTokens(provider: AccessTokenProvider): TokenSource {
  return {
    token: () => resolveAccessToken(provider),
    current: () => (typeof provider === "string" ? checkToken(provider) : undefined),
    invalidate: () => {},
  };
}

export interface ClientCredentialsOptions extends ClientCredentials {
  /** `https://auth.pingone.{tld}`: the token endpoint is `{authBaseUrl}/{environmentID}/as/token`. */
  authBaseUrl: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  /** Refresh this long before the token expires. Default 60 s. */
  refreshBeforeExpiryMs?: number;
  now?: () => number;
}

/**
 * Client-credentials tokens from PingOne's authorization server: cached until shortly before they expire,
 * and single-flight, so any number of concurrent calls without a token make exactly one token request.
 */
export function clientCredentialsTokens(options: ClientCredentialsOptions): TokenSource {
  const { refreshBeforeExpiryMs = 60_000, now = Date.now } = options;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const url = `${options.authBaseUrl}/${encodeURIComponent(options.environmentID)}/as/token`;
    const basic = base64(`${options.clientId}:${options.clientSecret}`);
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: "POST",
        headers: {
          Authorization: `Basic ${basic}`,
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body: "grant_type=client_credentials",
        redirect: "error",
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (failure) {
      const reason =
        failure instanceof Error && failure.name === "TimeoutError" ? "timed out" : "could not connect";
      throw new PingOneAuthError(`token request to ${new URL(url).origin} ${reason}`);
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok) {
      const oauthError = typeof body?.error === "string" ? body.error : undefined;
      throw new PingOneAuthError(
        `token request failed: ${response.status}${oauthError ? ` ${oauthError}` : ""}` +
          (typeof body?.error_description === "string" ? `: ${body.error_description}` : ""),
        { status: response.status, oauthError },
      );
    }
    const token = checkToken(body?.access_token);
    const lifetimeMs = typeof body?.expires_in === "number" ? body.expires_in * 1000 : 3_600_000;
    cached = { token, refreshAt: now() + Math.max(lifetimeMs - refreshBeforeExpiryMs, lifetimeMs / 2) };
    return token;
  }

  const current = () => (cached && now() < cached.refreshAt ? cached.token : undefined);
  return {
    current,
    token() {
      const fresh = current();
      if (fresh !== undefined) return Promise.resolve(fresh);
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}
