import { sleep } from "./deadline.js";
import { PingOneAuthError } from "./errors.js";
import { discard } from "./hop.js";
import { backoffDelayMs, isTransient, retryAfterMs, type RetryPolicy } from "./retry.js";

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
  /** A token; `signal`: this caller stops waiting (a shared token request stops once nobody waits for it). */
  token(signal?: AbortSignal): Promise<string>;
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
    throw new PingOneAuthError({ message: `the accessToken function failed (${kind})` });
  }
  return checkToken(token);
}

function checkToken(token: unknown): string {
  if (typeof token !== "string" || token.trim() === "") {
    throw new PingOneAuthError({
      message: `accessToken must be a non-empty string, got ${token === "" ? "an empty string" : typeof token}`,
    });
  }
  if (!isUsableToken(token)) {
    // The message never quotes the token: it is a secret, however malformed.
    throw new PingOneAuthError({
      message: "accessToken must be visible ASCII without spaces (pass the token without 'Bearer ')",
    });
  }
  return token;
}

/** A bearer token is visible ASCII without spaces; anything else would break (and be quoted by) `Headers`. */
export function isUsableToken(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

/** A token given by the caller: a fixed string, or their own function. */
export function providedTokens(provider: AccessTokenProvider): TokenSource {
  let fixed: string | undefined; // a fixed token, checked once
  return {
    token: () => resolveAccessToken(provider),
    current: () => (typeof provider === "string" ? (fixed ??= checkToken(provider)) : undefined),
    invalidate: () => {},
  };
}

export interface ClientCredentialsOptions extends ClientCredentials {
  /** `https://auth.pingone.{tld}`: the token endpoint is `{authBaseUrl}/{environmentID}/as/token`. */
  authBaseUrl: string;
  fetch: typeof globalThis.fetch;
  /** Per token request. */
  timeoutMs: number;
  /** The client's retry policy, which the token request follows too. */
  retry: RetryPolicy;
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
  /** The token request under way, shared by every caller waiting for it. */
  let pending: { promise: Promise<string>; controller: AbortController; waiting: number } | undefined;

  async function fetchToken(signal: AbortSignal): Promise<string> {
    const { token, lifetimeMs } = await requestToken(options, signal);
    cached = { token, refreshAt: now() + Math.max(lifetimeMs - refreshBeforeExpiryMs, lifetimeMs / 2) };
    return token;
  }

  const current = () => (cached && now() < cached.refreshAt ? cached.token : undefined);
  return {
    current,
    token(signal) {
      const fresh = current();
      if (fresh !== undefined) return Promise.resolve(fresh);
      if (!pending) {
        const controller = new AbortController();
        const entry = { controller, waiting: 0, promise: fetchToken(controller.signal) };
        entry.promise.finally(() => pending === entry && (pending = undefined)).catch(() => {});
        pending = entry;
      }
      return waitFor(pending, signal, (entry) => pending === entry && (pending = undefined));
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/**
 * The client-credentials token and how long it lives, or a PingOneAuthError. Asking again for such a token
 * changes nothing, so the request is sent again, as the client's retry policy says, after a lost connection, a
 * timeout or a 408, 429 or 5xx; a refusal (400, 401) is final. Every wait ends when `signal` aborts.
 */
async function requestToken(
  options: ClientCredentialsOptions,
  signal: AbortSignal,
): Promise<{ token: string; lifetimeMs: number }> {
  for (let retry = 1; ; retry++) {
    const answer = await sendTokenRequest(options, signal);
    const delayMs = retryDelayMs(answer, retry, options.retry);
    if (delayMs === undefined) return tokenFrom(answer, options);
    if (answer instanceof Response) await discard(answer);
    await sleep(delayMs, signal);
  }
}

/** How long to wait before asking again; undefined when this answer is the last (retries used up, or final). */
function retryDelayMs(
  answer: Response | PingOneAuthError,
  retry: number,
  policy: RetryPolicy,
): number | undefined {
  const response = answer instanceof Response ? answer : undefined;
  if (retry > policy.maxRetries || !isTransient(response?.status)) return undefined; // a 2xx is not transient
  const asked = response && retryAfterMs(response.headers);
  if (asked === undefined) return backoffDelayMs(retry, policy);
  return asked <= policy.maxRetryAfterMs ? asked : undefined;
}

/**
 * RFC 6749, section 2.3.1: both are encoded before they are joined for Basic (a ':' in the ID must not end it).
 * Unreserved characters (`~` included) stay as they are, so a server that does not decode still reads a
 * PingOne-generated secret right.
 */
function basicCredentials(options: ClientCredentialsOptions): string {
  return base64(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`);
}

/** One token request: PingOne's answer, or the PingOneAuthError of a request that got none. */
async function sendTokenRequest(
  options: ClientCredentialsOptions,
  signal: AbortSignal,
): Promise<Response | PingOneAuthError> {
  const url = `${options.authBaseUrl}/${encodeURIComponent(options.environmentID)}/as/token`;
  try {
    return await options.fetch(url, {
      method: "POST",
      headers: {
        Authorization: `Basic ${basicCredentials(options)}`,
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: "grant_type=client_credentials",
      redirect: "error",
      signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
    });
  } catch (failure) {
    const reason =
      failure instanceof Error && failure.name === "TimeoutError" ? "timed out" : "could not connect";
    return new PingOneAuthError({ message: `token request to ${new URL(url).origin} ${reason}` });
  }
}

/** The token in PingOne's answer, or the PingOneAuthError that says why there is none. */
async function tokenFrom(
  answer: Response | PingOneAuthError,
  options: ClientCredentialsOptions,
): Promise<{ token: string; lifetimeMs: number }> {
  if (answer instanceof PingOneAuthError) throw answer;
  const response = answer;
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok)
    throw refusal(response.status, body, [
      options.clientSecret,
      encodeURIComponent(options.clientSecret),
      basicCredentials(options),
    ]);
  // Used as `Authorization: Bearer …`: a token of another type would be sent as what it is not.
  if (typeof body?.token_type !== "string" || body.token_type.toLowerCase() !== "bearer")
    throw new PingOneAuthError({
      message: `the token endpoint issued a token of type ${/^[\w.-]{1,40}$/.test(String(body?.token_type)) ? String(body?.token_type) : "(unusable)"}, not Bearer`,
    });
  const token = checkToken(body?.access_token);
  return { token, lifetimeMs: typeof body?.expires_in === "number" ? body.expires_in * 1000 : 3_600_000 };
}

/** The token endpoint's refusal, its OAuth error and description kept, any of `secrets` it echoed redacted. */
function refusal(
  status: number,
  body: Record<string, unknown> | undefined,
  secrets: string[],
): PingOneAuthError {
  const oauthError = typeof body?.error === "string" ? body.error : undefined;
  const description = typeof body?.error_description === "string" ? body.error_description : undefined;
  return new PingOneAuthError({
    message: redact(
      `token request failed: ${status}${oauthError ? ` ${oauthError}` : ""}` +
        (description ? `: ${description}` : ""),
      secrets,
    ),
    status,
    oauthError,
  });
}

/**
 * One caller's wait for the shared token request. When every caller that could give up has given up, the
 * request is cancelled: nobody needs its answer, and it would keep the process alive until its timeout.
 */
function waitFor<Entry extends { promise: Promise<string>; controller: AbortController; waiting: number }>(
  entry: Entry,
  signal: AbortSignal | undefined,
  forget: (entry: Entry) => void,
): Promise<string> {
  if (!signal) {
    entry.waiting = Number.POSITIVE_INFINITY; // a caller that cannot give up keeps the request alive
    return entry.promise;
  }
  if (signal.aborted) return Promise.reject(signal.reason);
  entry.waiting++;
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      if (--entry.waiting === 0) {
        forget(entry); // a caller that comes now starts a new request, not this cancelled one
        entry.controller.abort(signal.reason);
      }
    };
    signal.addEventListener("abort", onAbort, { once: true });
    entry.promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Each of `secrets` (and anything that contains one) replaced, so an echoing server cannot put them in a message. */
function redact(text: string, secrets: string[]): string {
  return secrets
    .filter((secret) => secret !== "")
    .reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}
