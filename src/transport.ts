/**
 * The `fetch` underneath openapi-fetch: everything between "a Request is ready" and "a Response can be
 * parsed". The loop runs an attempt, asks `decide` (decision.ts) what follows, and does it: deliver, fail,
 * follow a redirect, refresh the token, or wait and retry. Each hop's headers are derived anew by the
 * credential policy below; time is deadline.ts's, the shared rate limit rate-limiter.ts's, and the body check
 * checked-response.ts's.
 */
import type { TokenSource } from "./auth.js";
import { finish } from "./checked-response.js";
import { decide, type CallState, type Decision, type Outcome } from "./decision.js";
import { Attempt, Deadline, sleep, untilAborted } from "./deadline.js";
import {
  PingOneAbortError,
  PingOneClientError,
  PingOneConnectionError,
  PingOneInvalidResponseError,
  PingOneSecurityError,
  PingOneTimeoutError,
} from "./errors.js";
import { RateLimiter } from "./rate-limiter.js";
import type { RetryPolicy } from "./retry.js";

export { requestOf } from "./checked-response.js";

export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

export interface TransportOptions {
  fetch: typeof globalThis.fetch;
  /** The only origin that ever receives the bearer token. */
  apiOrigin: string;
  /** The authorization server: reachable, but never sent the bearer token. */
  authOrigin: string;
  /** Whether a URL is one of the authorization server's paths (which share the API's origin on a mock). */
  isAuthServerUrl?: (url: URL) => boolean;
  tokens: TokenSource;
  retry: RetryPolicy;
  timeoutMs: number;
  totalTimeoutMs: number;
  /** The largest body read, in bytes after decompression. */
  maxResponseBytes: number;
  logger?: Logger;
}

export type Transport = (request: Request) => Promise<Response>;

/** Requests bound for the authorization server's paths, marked by the client's routing middleware. */
const forAuthServer = new WeakSet<Request>();
export function markForAuthServer(request: Request): Request {
  forAuthServer.add(request);
  return request;
}

/** One request on the wire: the first, or one a redirect led to. */
interface Hop {
  method: string;
  url: URL;
  /** The caller's headers, less what this hop may not carry; the bearer token is added per attempt. */
  headers: Headers;
  body: ArrayBuffer | undefined;
}

/** Headers that describe a body: gone with the body when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
];
/** Credentials a caller may set itself: they go to the origin they were set for, never further. */
const CALLER_CREDENTIALS = ["authorization", "cookie", "proxy-authorization"];

export function createTransport(options: TransportOptions): Transport {
  const limiter = new RateLimiter();
  const log = safeLogger(options.logger);
  const isAuthServerUrl = options.isAuthServerUrl ?? (() => false);

  return async function send(original: Request): Promise<Response> {
    const deadline = new Deadline(original.signal, options.totalTimeoutMs);
    let hop: Hop = {
      method: original.method,
      url: new URL(original.url),
      headers: new Headers(original.headers),
      body: original.body ? await original.arrayBuffer() : undefined,
    };
    const state: CallState = {
      method: hop.method,
      retries: 0,
      freeRetries: 0,
      redirects: 0,
      tokenRefreshed: false,
      sentBearer: false,
      sentWhileLimited: false,
    };
    for (;;) {
      checkOrigin(hop.url, original);
      const result = await attempt(hop, original, state, deadline);
      const { decision } = result;
      if (decision.pauseMs !== undefined && decision.pauseMs > 0) limiter.pause(decision.pauseMs);
      const path = `${hop.method} ${hop.url.pathname}`;
      switch (decision.action) {
        case "deliver":
          if (decision.note) log("warn", `${path}: ${statusOf(result.outcome)} ${decision.note}`);
          if (result.response) return result.response;
          throw result.error;
        case "fail":
          throw result.error;
        case "redirect":
          hop = await redirected(hop, result.response!, decision, isAuthServerUrl);
          state.redirects++;
          state.method = hop.method;
          break;
        case "refresh-token":
          state.tokenRefreshed = true;
          options.tokens.invalidate(result.token!);
          await discard(result.response);
          log("debug", `${path}: 401, retrying once with a fresh token`);
          break;
        case "retry":
          if (decision.counted) state.retries++;
          else state.freeRetries++;
          await discard(result.response);
          log(
            "debug",
            `${path}: ${result.error?.kind ?? result.response?.status}, retry ${state.retries}/${options.retry.maxRetries} in ${decision.delayMs} ms`,
          );
          await waitOrThrow(decision.delayMs, deadline, hop);
          break;
      }
    }
  };

  /** One attempt: wait for the rate limit, send, read and check the body. Never throws: it reports. */
  async function attempt(
    hop: Hop,
    original: Request,
    state: CallState,
    deadline: Deadline,
  ): Promise<AttemptResult> {
    let timer: Attempt | undefined;
    let token: string | undefined;
    try {
      // After 429s, only as many requests go out at once as the limit has room for, and each waits out the
      // pause a 429 set (again if another 429 extended it) before its own clock starts.
      original.signal.throwIfAborted();
      if (!limiter.tryAcquire()) await limiter.acquire(deadline.signal());
      state.sentWhileLimited = limiter.holdingBack();
      let response: Response | undefined;
      try {
        for (let wait = limiter.pauseRemainingMs(); wait > 0; wait = limiter.pauseRemainingMs())
          await sleep(wait, deadline.signal());
        timer = new Attempt(original.signal, deadline, options.timeoutMs);
        const headers = new Headers(hop.headers);
        state.sentBearer = mayCarryBearer(hop, original);
        if (state.sentBearer) {
          // The token may be shared with other calls (single-flight): stop waiting for it, not fetching it.
          token =
            options.tokens.current() ??
            (await untilAborted(options.tokens.token(timer.signal), timer.signal));
          headers.set("Authorization", `Bearer ${token}`);
        }
        response = await options.fetch(hop.url, {
          method: hop.method,
          headers,
          body: hop.body,
          signal: timer.signal,
          redirect: "manual",
        });
      } finally {
        limiter.release(response?.status === 429);
      }
      const outcome: Outcome = { status: response.status, headers: response.headers };
      const decision = decideAfter(outcome, state);
      // Only what will be delivered is read: a response that leads to another attempt is discarded instead.
      if (decision.action !== "deliver") return { outcome, decision, token, response };
      const checked = await finish(response, hop.method, hop.url.pathname, options.maxResponseBytes);
      return { outcome, decision, token, response: checked };
    } catch (failure) {
      const error = classify(failure, hop, deadline, timer);
      const outcome: Outcome = { failure: failureKind(error) };
      return { outcome, decision: decideAfter(outcome, state), token, error };
    } finally {
      timer?.end();
    }
  }

  function decideAfter(outcome: Outcome, state: CallState): Decision {
    return decide({ outcome, state, policy: options.retry, now: Date.now(), random: Math.random() });
  }

  /**
   * The API's bearer token goes to the API origin only: never to the authorization server's paths (even where
   * both hosts share one origin, as on a mock or a proxy), never over credentials the caller set itself.
   */
  function mayCarryBearer(hop: Hop, original: Request): boolean {
    return (
      hop.url.origin === options.apiOrigin &&
      !forAuthServer.has(original) &&
      !isAuthServerUrl(hop.url) &&
      !hop.headers.has("authorization")
    );
  }

  /**
   * A request may go to the API origin, or to the authorization server when the client routed it there (a
   * token, authorize or flow path). Anything else, such as a next-page link or a redirect elsewhere, is refused
   * before it is sent.
   */
  function checkOrigin(url: URL, request: Request): void {
    if (url.origin === options.apiOrigin) return;
    if (url.origin === options.authOrigin && forAuthServer.has(request)) return;
    throw new PingOneSecurityError({
      message: `refused to send a request to ${url.origin}: only ${options.apiOrigin} is allowed here`,
      origin: url.origin,
    });
  }

  async function waitOrThrow(ms: number, deadline: Deadline, hop: Hop): Promise<void> {
    try {
      await sleep(ms, deadline.signal());
    } catch (failure) {
      throw classify(failure, hop, deadline, undefined);
    }
  }

  function classify(
    failure: unknown,
    hop: Hop,
    deadline: Deadline,
    timer: Attempt | undefined,
  ): PingOneClientError {
    const [method, path] = [hop.method, hop.url.pathname];
    if (failure instanceof PingOneClientError) return failure; // already ours, e.g. from the token source
    if (deadline.caller.aborted)
      return new PingOneAbortError({ method, path, cause: deadline.caller.reason });
    if (deadline.passed())
      return new PingOneTimeoutError({ method, path, timeoutMs: options.totalTimeoutMs, scope: "total" });
    if (timer?.timedOut())
      return new PingOneTimeoutError({ method, path, timeoutMs: options.timeoutMs, scope: "attempt" });
    return new PingOneConnectionError({ method, path, cause: failure });
  }
}

interface AttemptResult {
  outcome: Outcome;
  /** What follows, decided once, when the attempt ended. */
  decision: Decision;
  /** The bearer token the attempt carried, if any: the one to invalidate after a 401. */
  token?: string;
  response?: Response;
  error?: PingOneClientError;
}

/** No (complete) response arrived: safe to send again only if sending twice changes nothing. */
function failureKind(error: PingOneClientError): "connection" | "attempt-timeout" | "final" {
  if (error instanceof PingOneConnectionError) return "connection";
  if (error instanceof PingOneTimeoutError && error.scope === "attempt") return "attempt-timeout";
  return "final";
}

const statusOf = (outcome: Outcome) => ("status" in outcome ? outcome.status : outcome.failure);

/**
 * The next hop after a redirect, its headers derived anew: the method and body as the Fetch standard says (a
 * request turned into a GET loses its body and the headers that described it), and the caller's own
 * credentials only while the hop stays on the origin, and the host's paths, they were set for.
 */
async function redirected(
  hop: Hop,
  response: Response,
  decision: Extract<Decision, { action: "redirect" }>,
  isAuthServerUrl: (url: URL) => boolean,
): Promise<Hop> {
  await discard(response);
  let url: URL; // checkOrigin refuses other origins
  try {
    url = new URL(response.headers.get("location")!, hop.url);
  } catch {
    throw new PingOneInvalidResponseError({
      method: hop.method,
      path: hop.url.pathname,
      status: response.status,
      contentType: response.headers.get("content-type"),
      problem: "redirects to a Location that is not a URL",
    });
  }
  const headers = new Headers(hop.headers);
  if (decision.dropBody) for (const name of BODY_HEADERS) headers.delete(name);
  // Another origin, or (where both hosts share one, as on a mock) the other host's paths: not where they were set.
  const elsewhere = url.origin !== hop.url.origin || isAuthServerUrl(url) !== isAuthServerUrl(hop.url);
  if (elsewhere) for (const name of CALLER_CREDENTIALS) headers.delete(name);
  return { method: decision.method, url, headers, body: decision.dropBody ? undefined : hop.body };
}

/** A body nobody will read: cancelled, and a body that already failed is no failure of the call. */
async function discard(response: Response | undefined): Promise<void> {
  await response?.body?.cancel().catch(() => {});
}

/** A logger's failure is its own: it never changes a call's outcome. */
function safeLogger(logger: Logger | undefined): (level: keyof Logger, line: string) => void {
  return (level, line) => {
    try {
      logger?.[level]?.(line);
    } catch {
      // A broken logger loses its line, nothing more.
    }
  };
}
