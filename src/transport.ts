/**
 * The `fetch` underneath openapi-fetch: everything between "a Request is ready" and "a Response can be
 * parsed". Origin pinning, the bearer token, per-attempt and overall timeouts, the caller's AbortSignal,
 * retries with backoff and `Retry-After`, a client-wide pause after 429, one token refresh after 401, and a
 * body check so that nothing above ever meets malformed JSON.
 */
import type { TokenSource } from "./auth.js";
import {
  PingOneAbortError,
  PingOneClientError,
  PingOneConnectionError,
  PingOneInvalidResponseError,
  PingOneSecurityError,
  PingOneTimeoutError,
} from "./errors.js";
import { ConcurrencyLimit } from "./concurrency.js";
import { backoffDelayMs, isRetryable, retryAfterMs, type RetryPolicy } from "./retry.js";

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
  tokens: TokenSource;
  retry: RetryPolicy;
  timeoutMs: number;
  totalTimeoutMs: number;
  logger?: Logger;
}

export type Transport = (request: Request) => Promise<Response>;

/** Method and path of the request behind each response the transport returns, for error messages. */
const origins = new WeakMap<Response, { method: string; path: string }>();
export function requestOf(response: Response): { method: string; path: string } {
  return origins.get(response) ?? { method: "?", path: new URL(response.url || "http://unknown/").pathname };
}

/** Requests bound for the authorization server's paths, marked by the client's routing middleware. */
const forAuthServer = new WeakSet<Request>();
export function markForAuthServer(request: Request): Request {
  forAuthServer.add(request);
  return request;
}

const MAX_REDIRECTS = 5;
/** 429s met while holding back that a call may wait out on top of `maxRetries`. */
const MAX_FREE_RETRIES = 20;
const MIN_FREE_RETRY_DELAY_MS = 10;

export function createTransport(options: TransportOptions): Transport {
  const { retry, logger } = options;
  const limit = new ConcurrencyLimit();
  /** After a 429, no request of this client goes out before this time. */
  let pausedUntil = 0;

  return async function send(original: Request): Promise<Response> {
    let method = original.method;
    let url = new URL(original.url);
    const path = () => url.pathname;
    let body = original.body ? await original.arrayBuffer() : undefined;
    let freeRetries = 0;
    const caller = original.signal;
    const deadline = new Deadline(caller, options.totalTimeoutMs);
    let refreshedToken = false;
    let redirects = 0;

    for (let retries = 0; ;) {
      checkOrigin(url, original);
      let attempt: Attempt | undefined;
      let token: string | undefined;
      let response: Response;
      let sentWhileLimited = false;
      try {
        // After 429s, only as many requests go out at once as the limit has room for (see concurrency.ts), and
        // each waits out the pause a 429 set (again if another 429 extended it) before its own clock starts.
        caller.throwIfAborted();
        if (!limit.tryAcquire()) await limit.acquire(deadline.signal());
        sentWhileLimited = limit.holdingBack();
        let rateLimited = false;
        try {
          while (pausedUntil > Date.now()) await sleep(pausedUntil - Date.now(), deadline.signal());
          attempt = new Attempt(caller, deadline, options.timeoutMs);
          const headers = new Headers(original.headers);
          // The API's bearer token goes to the API origin only: never to the authorization server's paths (even
          // where both hosts share one origin, as on a mock), never over credentials the caller set itself.
          if (
            url.origin === options.apiOrigin &&
            !forAuthServer.has(original) &&
            !original.headers.has("authorization")
          ) {
            // The token may be shared with other calls (single-flight): stop waiting for it, not fetching it.
            token = options.tokens.current() ?? (await untilAborted(options.tokens.token(), attempt.signal));
            headers.set("Authorization", `Bearer ${token}`);
          }
          // A URL and init, not a Request: fetch builds its own Request either way, so one fewer is built.
          response = await options.fetch(url, {
            method,
            headers,
            body,
            signal: attempt.signal,
            redirect: "manual",
          });
          rateLimited = response.status === 429;
        } finally {
          limit.release(rateLimited);
        }

        if (isRedirect(response.status)) {
          const location = response.headers.get("location");
          if (location && ++redirects <= MAX_REDIRECTS) {
            await response.body?.cancel();
            url = new URL(location, url); // checkOrigin refuses another origin before it is followed
            // As browsers do: a 303, or a 301/302 answering a POST, is followed with a GET and no body.
            if (response.status === 303 || (method === "POST" && response.status <= 302)) {
              method = "GET";
              body = undefined;
            }
            continue;
          }
        } else if (response.status === 401 && token !== undefined && !refreshedToken) {
          refreshedToken = true;
          options.tokens.invalidate(token);
          await response.body?.cancel();
          logger?.debug?.(`${method} ${path()}: 401, retrying once with a fresh token`);
          continue;
        } else if (isRetryable(method, response.status) && retry.maxRetries > 0) {
          const asked = retryAfterMs(response.headers);
          const honoured = asked === undefined || asked <= retry.maxRetryAfterMs;
          // A 429 met while the client was already holding back (probing the limit, as concurrency.ts does)
          // is the price of sharing the limit, not a failure of this call: it does not use up a retry. The
          // total deadline still bounds the call.
          // Bounded, and never sooner than MIN_FREE_RETRY_DELAY_MS, so a server answering 429 with
          // `Retry-After: 0` forever cannot turn the call into a busy loop.
          const free =
            response.status === 429 &&
            sentWhileLimited &&
            asked !== undefined &&
            freeRetries < MAX_FREE_RETRIES;
          if (honoured && (free || retries < retry.maxRetries)) {
            if (free) freeRetries++;
            else retries++;
            const delay = free
              ? Math.max(asked, MIN_FREE_RETRY_DELAY_MS)
              : (asked ?? backoffDelayMs(retries, retry));
            if (response.status === 429) pause(delay);
            await response.body?.cancel();
            logger?.debug?.(
              `${method} ${path()}: ${response.status}, retry ${retries}/${retry.maxRetries} in ${delay} ms`,
            );
            await sleepOrThrow(delay, deadline, method, path(), options);
            continue;
          }
          if (!honoured) {
            logger?.warn?.(
              `${method} ${path()}: ${response.status} asks to wait ${asked} ms, more than maxRetryAfterMs`,
            );
          } else if (response.status === 429) {
            pause(asked ?? 0); // no retry left for this call, but the other callers must still hold back
          }
        } else if (response.status === 429) {
          // Not retried (retries off, or a POST's 429 with no retry left): the others must still hold back.
          const asked = retryAfterMs(response.headers);
          if (asked !== undefined && asked <= retry.maxRetryAfterMs) pause(asked);
        }
        return await finish(response, method, path());
      } catch (failure) {
        const error = classify(failure, method, path(), deadline, attempt, options);
        // No (complete) response arrived: safe to send again only if sending twice changes nothing.
        const noResponse =
          error instanceof PingOneConnectionError ||
          (error instanceof PingOneTimeoutError && error.scope === "attempt");
        if (!noResponse || retries >= retry.maxRetries || !isRetryable(method, undefined)) throw error;
        retries++;
        const delay = backoffDelayMs(retries, retry);
        logger?.debug?.(
          `${method} ${path()}: ${error.kind}, retry ${retries}/${retry.maxRetries} in ${delay} ms`,
        );
        await sleepOrThrow(delay, deadline, method, path(), options);
      } finally {
        attempt?.end();
      }
    }
  };

  function pause(ms: number): void {
    pausedUntil = Math.max(pausedUntil, Date.now() + ms);
  }

  /**
   * A request may go to the API origin, or to the authorization server when the client routed it there (a
   * token, authorize or flow path). Anything else, such as a next-page link or a redirect elsewhere, is refused
   * before it is sent.
   */
  function checkOrigin(url: URL, request: Request): void {
    if (url.origin === options.apiOrigin) return;
    if (url.origin === options.authOrigin && forAuthServer.has(request)) return;
    throw new PingOneSecurityError(
      `refused to send a request to ${url.origin}: only ${options.apiOrigin} is allowed here`,
      url.origin,
    );
  }
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/**
 * Reads the body once and checks it: JSON where JSON is due, never empty where a body is due. The checked
 * response is handed on as it is, its body readers answering from what was read: a copy of the response
 * (a second read, a second parse) would cost a fast request a fifth of its time.
 */
async function finish(response: Response, method: string, path: string): Promise<Response> {
  origins.set(response, { method, path });
  if (response.status === 204 || method === "HEAD") return response;
  const contentType = response.headers.get("content-type");
  const invalid = (problem: string) =>
    new PingOneInvalidResponseError({ method, path, status: response.status, contentType, problem });
  // A failure here (reset, abort, timeout mid-body) is classified by the caller, which knows the signals.
  const text = await response.text();
  let parsed: unknown;
  if (text === "") {
    // An error status with no body is still reported as what it is, a PingOne error with no details.
    if (response.ok) throw invalid("had an empty body");
  } else if (!contentType || !/[/+]json\b/i.test(contentType)) {
    throw invalid("is not JSON");
  } else {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid("is not valid JSON");
    }
  }
  return answeringFrom(response, text, parsed);
}

/**
 * `response`, whose body has been read as `text` (and parsed, when not empty), readable again by whoever reads
 * it next: openapi-fetch, or a caller reading a stream, bytes or a blob. The first `text()` or `json()` answers
 * from what was read; anything else, and any read after that, goes to a copy of the body, which keeps the
 * rules of a real Response (a body reads once; a used body cannot be cloned).
 */
function answeringFrom(response: Response, text: string, parsed: unknown): Response {
  let read = false;
  let copy: Response | undefined;
  const real = (): Response => {
    if (!copy) {
      copy = new Response(text === "" ? null : text, response);
      if (read) void copy.text(); // the body was read already: the copy is a used body too
    }
    return copy;
  };
  const reader =
    <T>(readCopy: (body: Response) => Promise<T>, first?: () => T) =>
    (): Promise<T> => {
      if (first && !read && !copy) {
        read = true;
        return Promise.resolve(first());
      }
      return readCopy(real());
    };
  const property = (value: unknown) => ({ value, configurable: true });
  return Object.defineProperties(response, {
    text: property(
      reader(
        (body) => body.text(),
        () => text,
      ),
    ),
    json: property(reader((body) => body.json(), text === "" ? undefined : () => parsed)),
    arrayBuffer: property(reader((body) => body.arrayBuffer())),
    bytes: property(reader((body) => body.bytes())),
    blob: property(reader((body) => body.blob())),
    formData: property(reader((body) => body.formData())),
    clone: property(() => real().clone()),
    body: { get: () => real().body, configurable: true },
    bodyUsed: { get: () => read || (copy?.bodyUsed ?? false), configurable: true },
  });
}

function classify(
  failure: unknown,
  method: string,
  path: string,
  deadline: Deadline,
  attempt: Attempt | undefined,
  options: TransportOptions,
): Error {
  if (failure instanceof PingOneClientError) return failure; // already ours, e.g. from the token source
  if (deadline.caller.aborted) return new PingOneAbortError(method, path, deadline.caller.reason);
  if (deadline.passed()) return new PingOneTimeoutError(method, path, options.totalTimeoutMs, "total");
  if (attempt?.timedOut()) return new PingOneTimeoutError(method, path, options.timeoutMs, "attempt");
  return new PingOneConnectionError(method, path, failure);
}

async function sleepOrThrow(
  ms: number,
  deadline: Deadline,
  method: string,
  path: string,
  options: TransportOptions,
): Promise<void> {
  try {
    await sleep(ms, deadline.signal());
  } catch (failure) {
    throw classify(failure, method, path, deadline, undefined, options);
  }
}

/**
 * The whole call's clock: the caller's signal and `totalTimeoutMs`. Its combined signal is built only when
 * something has to wait (a pause, a backoff, a full concurrency limit): most calls never need it.
 */
export class Deadline {
  private readonly at: number;
  private combined: AbortSignal | undefined;
  private timeout: AbortSignal | undefined;
  private expired = false;

  constructor(
    readonly caller: AbortSignal,
    totalMs: number,
  ) {
    this.at = Date.now() + totalMs;
  }

  remainingMs(): number {
    return this.at - Date.now();
  }

  /**
   * Whether the call ran out of time. Told by the timers that enforce the deadline, not only by the clock:
   * a timer may fire a millisecond before `Date.now()` reaches the deadline, and that is still the deadline.
   */
  passed(): boolean {
    return this.expired || this.timeout?.aborted === true || this.remainingMs() <= 0;
  }

  /** An attempt whose timer was the deadline's saw it fire. */
  expire(): void {
    this.expired = true;
  }

  signal(): AbortSignal {
    this.timeout ??= AbortSignal.timeout(Math.max(0, this.remainingMs()));
    this.combined ??= AbortSignal.any([this.caller, this.timeout]);
    return this.combined;
  }
}

/**
 * One attempt's signal: aborted by the caller, by the per-attempt timeout or by the call's deadline,
 * whichever comes first. One controller and one timer, where AbortSignal.any over three signals costs a
 * noticeable share of a fast request. `end()` once the attempt's body has been read.
 */
export class Attempt {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onCallerAbort: () => void;
  private timerFired = false;

  constructor(
    private readonly caller: AbortSignal,
    deadline: Deadline,
    timeoutMs: number,
  ) {
    caller.throwIfAborted();
    this.onCallerAbort = () => this.controller.abort(caller.reason);
    caller.addEventListener("abort", this.onCallerAbort, { once: true });
    const remainingMs = deadline.remainingMs();
    // The attempt's timer stands for the call's deadline when that comes first.
    const isDeadline = remainingMs <= timeoutMs;
    this.timer = setTimeout(
      () => {
        this.timerFired = true;
        if (isDeadline) deadline.expire();
        this.controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
      },
      Math.max(0, isDeadline ? remainingMs : timeoutMs),
    );
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the attempt's own clock cut it short (when that was the deadline, the deadline says so too). */
  timedOut(): boolean {
    return this.timerFired;
  }

  end(): void {
    clearTimeout(this.timer);
    this.caller.removeEventListener("abort", this.onCallerAbort);
  }
}

/** Settles like `promise`, or rejects as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
