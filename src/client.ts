import createClient, { type Client, type Middleware } from "openapi-fetch";
import {
  clientCredentialsTokens,
  isUsableToken,
  providedTokens,
  type AccessTokenProvider,
  type AuthOptions,
  type TokenSource,
} from "./auth.js";
import { PingOneClientError, PingOneConfigError } from "./errors.js";
import { paginator, type Paginate } from "./pagination.js";
import { apiBaseUrl, authBaseUrl, isPingOneRegion, PINGONE_REGIONS, type PingOneRegion } from "./regions.js";
import { DEFAULT_RETRY, type RetryOptions, type RetryPolicy } from "./retry.js";
import { MAX_TIMER_MS } from "./deadline.js";
import { createTransport, markForAuthServer, type Logger } from "./transport.js";
import type { paths } from "./generated/openapi.js";
import { AUTH_SERVER_PATHS } from "./generated/servers.js";

export interface PingOneClientOptions {
  /** The environment's region (`com`, `eu`, `ca`, `com.au`, `sg`, `asia`). Default `com`. */
  region?: PingOneRegion;
  /** Overrides the API base URL that `region` implies, e.g. a mock server. https, or http on loopback only. */
  baseUrl?: string;
  /** Overrides the authorization server that `region` implies (`https://auth.pingone.{tld}`). */
  authBaseUrl?: string;
  /** Worker-app credentials (tokens are then fetched, cached and refreshed), or `{ accessToken }`. */
  auth?: AuthOptions;
  /** Shorthand for `auth: { accessToken }`: a token, or a function returning one (sync or async). */
  accessToken?: AccessTokenProvider;
  /** Retry policy, or `false` for none. Default: 2 retries, backoff 0.5 s doubling to 8 s, `Retry-After` up to 60 s. */
  retry?: RetryOptions | false;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** For a whole call, retries and waits included. Default 120 s. */
  totalTimeoutMs?: number;
  /** The fetch implementation to use. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request, e.g. `X-Ping-External-Transaction-ID`. */
  headers?: Record<string, string>;
  /**
   * The largest response body read, in bytes after decompression; a larger one fails the call with a
   * PingOneInvalidResponseError (never retried). Default 32 MiB.
   */
  maxResponseBytes?: number;
  /** Receives one line per retry or refusal; never a header, token or body. */
  logger?: Logger;
}

/** The openapi-fetch client, typed by the spec, plus `paginate` over HAL collections. */
export type PingOneClient = Client<paths> & { paginate: Paginate };

export function createPingOneClient(options: PingOneClientOptions): PingOneClient {
  if (options === null || typeof options !== "object") {
    throw new PingOneConfigError({ option: "options", message: "pass an object such as { region, auth }" });
  }
  const { fetch = globalThis.fetch, headers } = options;
  if (typeof fetch !== "function")
    throw new PingOneConfigError({ option: "fetch", message: "pass a fetch-compatible function" });
  const region = checkRegion(options.region);
  const baseUrl = options.baseUrl === undefined ? apiBaseUrl(region) : checkUrl("baseUrl", options.baseUrl);
  const authUrl =
    options.authBaseUrl === undefined ? authBaseUrl(region) : checkUrl("authBaseUrl", options.authBaseUrl);
  const timeoutMs = checkDuration("timeoutMs", options.timeoutMs, 30_000);
  const totalTimeoutMs = checkDuration("totalTimeoutMs", options.totalTimeoutMs, 120_000);

  const transport = createTransport({
    fetch,
    apiOrigin: new URL(baseUrl).origin,
    authOrigin: new URL(authUrl).origin,
    isAuthServerUrl: authServerUrls(authUrl),
    tokens: tokenSource(options, { authBaseUrl: authUrl, fetch, timeoutMs }),
    retry: retryPolicy(options.retry),
    timeoutMs,
    totalTimeoutMs,
    maxResponseBytes: checkSize("maxResponseBytes", options.maxResponseBytes, 32 * 1024 * 1024),
    logger: options.logger,
  });
  const client = createClient<paths>({ baseUrl, fetch: transport, ...(headers ? { headers } : {}) });
  client.use(rejectUnsafePathParams, routeToAuthServer(baseUrl, authUrl));
  return Object.assign(typedFailures(client), { paginate: paginator(client, baseUrl) });
}

function tokenSource(
  options: PingOneClientOptions,
  context: { authBaseUrl: string; fetch: typeof globalThis.fetch; timeoutMs: number },
): TokenSource {
  const auth =
    options.auth ?? (options.accessToken !== undefined ? { accessToken: options.accessToken } : undefined);
  if (!auth || typeof auth !== "object") {
    throw new PingOneConfigError({
      option: "auth",
      message: "pass { environmentID, clientId, clientSecret } or { accessToken }",
    });
  }
  if ("accessToken" in auth) {
    const { accessToken } = auth;
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

function retryPolicy(retry: RetryOptions | false | undefined): RetryPolicy {
  if (retry === false) return { ...DEFAULT_RETRY, maxRetries: 0 };
  const policy = { ...DEFAULT_RETRY, ...retry };
  for (const [key, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new PingOneConfigError({
        option: `retry.${key}`,
        message: `must be a whole number >= 0, got ${String(value)}`,
      });
    }
    // Past what a timer holds, a wait fires at once: the backoff would become a spin.
    if (key !== "maxRetries" && value > MAX_TIMER_MS) {
      throw new PingOneConfigError({
        option: `retry.${key}`,
        message: `must be at most ${MAX_TIMER_MS} ms (about 24 days)`,
      });
    }
  }
  return policy;
}

function checkRegion(region: unknown): PingOneRegion {
  if (region === undefined) return "com";
  if (!isPingOneRegion(region)) {
    throw new PingOneConfigError({
      option: "region",
      message: `unknown region ${JSON.stringify(region)}; use one of ${Object.keys(PINGONE_REGIONS).join(", ")}`,
    });
  }
  return region;
}

function checkDuration(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS)
    throw new PingOneConfigError({
      option,
      message: `must be a number of ms > 0 and at most ${MAX_TIMER_MS} (about 24 days)`,
    });
  return value;
}

function checkSize(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new PingOneConfigError({ option, message: "must be a whole number of bytes > 0" });
  return value;
}

/** A base URL, checked: the token must not travel in clear text, nor to a URL carrying credentials. */
export function checkUrl(option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PingOneConfigError({ option, message: `not an absolute URL: ${JSON.stringify(value)}` });
  }
  if (url.username || url.password)
    throw new PingOneConfigError({ option, message: "must not carry credentials" });
  if (url.search || url.hash)
    throw new PingOneConfigError({ option, message: "must not have a query or fragment" });
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new PingOneConfigError({
      option,
      message: `must use https (http is allowed on loopback only): ${url.origin}`,
    });
  }
  return url.href.replace(/\/+$/, "");
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * openapi-fetch would turn `..` in a path parameter into a request for the parent resource, and an empty or
 * missing one into a request for the collection: refuse them before anything is sent.
 */
const rejectUnsafePathParams: Middleware = {
  onRequest({ schemaPath, params }) {
    const given = (params.path ?? {}) as Record<string, unknown>;
    // Only the path: a next page's link (see pagination.ts) carries its query here too, which may hold braces.
    const [template = ""] = schemaPath.split("?");
    for (const [, name] of template.matchAll(/\{([^}]+)\}/g)) {
      const value = given[name!];
      if (value === undefined || value === null) {
        throw new PingOneConfigError({ option: `params.path.${name}`, message: `is missing (${template})` });
      }
      // openapi-fetch would turn an object, an array or a Date into an empty or garbled segment.
      if (typeof value !== "string" && typeof value !== "number") {
        throw new PingOneConfigError({
          option: `params.path.${name}`,
          message: `must be a string or a number, got ${kindOf(value)}`,
        });
      }
      const text = String(value);
      if (text.trim() === "" || text === "." || text === "..") {
        throw new PingOneConfigError({
          option: `params.path.${name}`,
          message: `must not be empty, "." or ".." (got ${JSON.stringify(text)})`,
        });
      }
    }
    return undefined;
  },
};

/** Whether a URL is one of the authorization server's paths under `authBase` (a redirect may lead to one). */
function authServerUrls(authBase: string): (url: URL) => boolean {
  const templates = [...AUTH_SERVER_PATHS].map(
    (path) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
  );
  return (url) =>
    url.href.startsWith(`${authBase}/`) &&
    templates.some((template) => template.test(url.href.slice(authBase.length).split(/[?#]/)[0]!));
}

const kindOf = (value: unknown) =>
  Array.isArray(value) ? "an array" : value instanceof Date ? "a Date" : `a value of type ${typeof value}`;

const CALLS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"] as const;

/**
 * What openapi-fetch throws while it builds a request (a lone surrogate in a parameter, a nested query object,
 * a line break in a header value) becomes a PingOneConfigError that names the part at fault and never quotes
 * the value; the transport's own failures are typed already. An error a caller's middleware throws is theirs,
 * and passes through unchanged.
 */
function typedFailures(client: Client<paths>): Client<paths> {
  const calls = client as unknown as Record<(typeof CALLS)[number], (...args: unknown[]) => Promise<unknown>>;
  for (const name of CALLS) {
    const call = calls[name];
    calls[name] = (...args) =>
      call(...args).catch((failure: unknown) => Promise.reject(asClientError(failure)));
  }
  return client;
}

/** openapi-fetch's own failures, typed; anything else (a caller's middleware error) is the caller's, unchanged. */
function asClientError(failure: unknown): unknown {
  if (failure instanceof PingOneClientError) return failure;
  if (failure instanceof URIError)
    return new PingOneConfigError({
      option: "params",
      message: "a path or query value is not well-formed Unicode (a lone surrogate)",
    });
  const message = failure instanceof Error ? failure.message : "";
  if (/nested arrays\/objects/i.test(message))
    return new PingOneConfigError({
      option: "params.query",
      message: "nested objects and arrays are not supported; serialize them yourself",
    });
  if (failure instanceof TypeError && /header/i.test(message))
    return new PingOneConfigError({
      option: "headers",
      message: "a header name or value has a character HTTP does not allow, such as a line break",
    });
  return failure;
}

/**
 * One `paths` type covers both hosts: the token, authorize and flow paths belong to the authorization server,
 * so their requests move from the API base URL to the auth base URL. (The transport never sends the API's
 * bearer token there.)
 */
function routeToAuthServer(apiBase: string, authBase: string): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (!AUTH_SERVER_PATHS.has(schemaPath)) return undefined;
      return markForAuthServer(new Request(authBase + request.url.slice(apiBase.length), request));
    },
  };
}
