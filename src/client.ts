import createClient from "openapi-fetch";
import {
  clientCredentialsTokens,
  isUsableToken,
  providedTokens,
  type AccessTokenProvider,
  type AuthOptions,
  type TokenSource,
} from "./auth.js";
import { callSurface, type PingOneClient } from "./calls.js";
import { PingOneConfigError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import { AUTH_SERVER_PATHS } from "./generated/servers.js";
import type { AttemptListener, Logger } from "./observe.js";
import { checkDuration, checkRegion, checkSize, checkUrl, retryPolicy } from "./options.js";
import { paginator } from "./pagination.js";
import { apiBaseUrl, authBaseUrl, type PingOneRegion } from "./regions.js";
import type { RetryOptions, RetryPolicy } from "./retry.js";
import { createTransport } from "./transport.js";

export { checkUrl } from "./options.js";
export type { CallMethod, CallOptions, PingOneClient, RequestMethod } from "./calls.js";

export interface PingOneClientOptions {
  /** The environment's region (`com`, `eu`, `ca`, `com.au`, `sg`, `asia`). Default `com`. */
  region?: PingOneRegion;
  /** Overrides the API base URL that `region` implies, e.g. a mock server. https, or http on loopback only. */
  baseUrl?: string;
  /** Overrides the authorization server that `region` implies (`https://auth.pingone.{tld}`). */
  authBaseUrl?: string;
  /**
   * Worker-app credentials (tokens are then fetched, cached and refreshed), or `{ accessToken }`. Leave it out
   * for a client of the authorization server alone (token, authorize and flow paths): a call to an API path
   * then fails with a PingOneConfigError naming `auth`, before anything is sent.
   */
  auth?: AuthOptions;
  /** Shorthand for `auth: { accessToken }`: a token, or a function returning one (sync or async). */
  accessToken?: AccessTokenProvider;
  /**
   * Retry policy, or `false` for none. Default: 2 retries, backoff 0.5 s doubling to 8 s, `Retry-After` up to
   * 60 s, and a 404/403 on what this client created in the last 17 s retried as eventual consistency.
   */
  retry?: RetryOptions | false;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** For a whole call, retries and waits included. Default 120 s. */
  totalTimeoutMs?: number;
  /** The fetch implementation to use. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * Headers sent with every request, e.g. `X-Ping-External-Transaction-ID` (PingOne records it in its audit
   * events; errors and events of a call carry it, whether set here or on the call).
   */
  headers?: Record<string, string>;
  /**
   * The largest response body read, in bytes after decompression; a larger one fails the call with a
   * PingOneInvalidResponseError (never retried). Default 32 MiB.
   */
  maxResponseBytes?: number;
  /** Receives one line per retry or refusal; never a header, token or body. */
  logger?: Logger;
  /**
   * Called after every attempt with what it was and what follows (method, path template, attempt number,
   * status or failure, delay before the next one, duration): for logs and metrics. Never a header value
   * (but your own transaction id), a token or a body; a listener that throws changes nothing.
   */
  onAttempt?: AttemptListener;
}

export function createPingOneClient(options: PingOneClientOptions): PingOneClient {
  if (options === null || typeof options !== "object") {
    throw new PingOneConfigError({ option: "options", message: "pass an object such as { region, auth }" });
  }
  const { fetch = globalThis.fetch, headers } = options;
  if (typeof fetch !== "function")
    throw new PingOneConfigError({ option: "fetch", message: "pass a fetch-compatible function" });
  if (options.onAttempt !== undefined && typeof options.onAttempt !== "function")
    throw new PingOneConfigError({ option: "onAttempt", message: "pass a function" });
  const region = checkRegion(options.region);
  const baseUrl = options.baseUrl === undefined ? apiBaseUrl(region) : checkUrl("baseUrl", options.baseUrl);
  const authUrl =
    options.authBaseUrl === undefined ? authBaseUrl(region) : checkUrl("authBaseUrl", options.authBaseUrl);
  const timeoutMs = options.timeoutMs === undefined ? 30_000 : checkDuration("timeoutMs", options.timeoutMs);
  const totalTimeoutMs =
    options.totalTimeoutMs === undefined ? 120_000 : checkDuration("totalTimeoutMs", options.totalTimeoutMs);

  const retry = retryPolicy(options.retry);
  const transport = createTransport({
    fetch,
    apiOrigin: new URL(baseUrl).origin,
    authOrigin: new URL(authUrl).origin,
    isAuthServerUrl: authServerUrls(authUrl),
    tokens: tokenSource(options, { authBaseUrl: authUrl, fetch, timeoutMs, retry }),
    maxResponseBytes: checkSize("maxResponseBytes", options.maxResponseBytes, 32 * 1024 * 1024),
    logger: options.logger,
    onAttempt: options.onAttempt,
  });
  const base = createClient<paths>({ baseUrl, ...(headers ? { headers } : {}) });
  const { surface, pageGet } = callSurface(base, {
    authBaseUrl: authUrl,
    transport,
    timeoutMs,
    totalTimeoutMs,
    retry,
  });
  return Object.assign(surface, { paginate: paginator(pageGet, baseUrl) }) as PingOneClient;
}

/** The client's tokens: none without `auth` (the authorization server alone), else fixed, provided or fetched. */
function tokenSource(
  options: PingOneClientOptions,
  context: { authBaseUrl: string; fetch: typeof globalThis.fetch; timeoutMs: number; retry: RetryPolicy },
): TokenSource | undefined {
  const auth =
    options.auth ?? (options.accessToken !== undefined ? { accessToken: options.accessToken } : undefined);
  if (auth === undefined) return undefined;
  if (!auth || typeof auth !== "object") {
    throw new PingOneConfigError({
      option: "auth",
      message: "pass { environmentID, clientId, clientSecret } or { accessToken }",
    });
  }
  if ("accessToken" in auth) return accessTokens(auth.accessToken);
  for (const key of ["environmentID", "clientId", "clientSecret"] as const) {
    if (typeof auth[key] !== "string" || auth[key].trim() === "") {
      throw new PingOneConfigError({ option: `auth.${key}`, message: "must be a non-empty string" });
    }
  }
  // It becomes a path segment of the token URL, so it is held to the rules of a path parameter.
  if ([".", ".."].includes(auth.environmentID) || /[/?#\\]/.test(auth.environmentID)) {
    throw new PingOneConfigError({
      option: "auth.environmentID",
      message: 'must be an environment ID, not ".", ".." or a path',
    });
  }
  return clientCredentialsTokens({ ...auth, ...context });
}

function accessTokens(accessToken: AccessTokenProvider): TokenSource {
  if (typeof accessToken === "function") return providedTokens(accessToken);
  if (typeof accessToken !== "string" || accessToken.trim() === "") {
    throw new PingOneConfigError({
      option: "accessToken",
      message: "pass the token as a non-empty string or a function that returns it",
    });
  }
  if (!isUsableToken(accessToken)) {
    throw new PingOneConfigError({
      option: "accessToken",
      message: "must be visible ASCII without spaces (pass the token without 'Bearer ')",
    });
  }
  return providedTokens(accessToken);
}

/**
 * Whether a URL is one of the authorization server's paths under `authBase` (a redirect may lead to one): one
 * pattern for all of them, matched against the path below the base.
 */
function authServerUrls(authBase: string): (url: URL) => boolean {
  const { origin, pathname } = new URL(authBase);
  const prefix = pathname.replace(/\/+$/, "");
  const templates = [...AUTH_SERVER_PATHS].map((path) =>
    path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+"),
  );
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^$()|[\]\\]/g, "\\$&")}(?:${templates.join("|")})$`);
  const root = `${origin}/`; // URL computes `origin` anew on every read; `href` it keeps
  return (url) => url.href.startsWith(root) && pattern.test(url.pathname);
}
