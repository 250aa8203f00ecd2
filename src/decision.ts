/**
 * What happens after an attempt: one pure function of what the attempt produced and what the call has used so
 * far. It reads no clock and touches no socket (the time and the jitter come in as arguments), so the whole
 * retry, redirect and rate-limit policy is a table of cases (test/unit/decision.test.ts). The transport's loop
 * only runs attempts, asks, and does what the answer says.
 */
import { backoffDelayMs, isRetryable, retryAfterMs, type RetryPolicy } from "./retry.js";

/** What an attempt produced: a response's status and headers, or the kind of failure that ended it. */
export type Outcome =
  | { status: number; headers: Headers }
  /** `connection`: no response came; `attempt-timeout`: the attempt's own clock ran out. Both may be resent. */
  | { failure: "connection" | "attempt-timeout" | "final" };

/** What the call has used so far. */
export interface CallState {
  method: string;
  /** Retries counted against `maxRetries`. */
  retries: number;
  /** 429s met while the client was holding back, waited out without counting (at most MAX_FREE_RETRIES). */
  freeRetries: number;
  redirects: number;
  /** Whether this call has already fetched a fresh token after a 401. */
  tokenRefreshed: boolean;
  /** Whether the attempt carried the client's own bearer token. */
  sentBearer: boolean;
  /** Whether the attempt went out while the client was holding back after 429s. */
  sentWhileLimited: boolean;
  /**
   * For a 404 or 403: how much is left of the eventual-consistency window of what the path leads to (this
   * client created it, or its parent, moments ago); 0 or absent when nothing there is new.
   */
  consistencyMs?: number;
  /** Retries this call made for eventual consistency (not counted against `maxRetries`; bounded by the window). */
  consistencyRetries?: number;
}

/** A call before its first attempt. */
export function initialState(method: string): CallState {
  return {
    method,
    retries: 0,
    freeRetries: 0,
    redirects: 0,
    tokenRefreshed: false,
    sentBearer: false,
    sentWhileLimited: false,
  };
}

export interface DecisionInput {
  outcome: Outcome;
  state: CallState;
  policy: RetryPolicy;
  /** The time, for a `Retry-After` given as a date. */
  now: number;
  /** A number in [0, 1) for the backoff's jitter. */
  random: number;
}

/** What to do next; `pauseMs`: hold every call of the client back that long (the server said wait). */
export type Decision = { pauseMs?: number } &
  /** Hand the response to the caller; `note`: why it is delivered although the policy would retry it. */
  (
    | { action: "deliver"; note?: string }
    /** Throw the attempt's error. */
    | { action: "fail" }
    /** Follow `Location` with `method`; `dropBody`: the next hop sends no body and no body headers. */
    | { action: "redirect"; method: string; dropBody: boolean }
    | { action: "refresh-token" }
    /** `counted` against maxRetries; `consistency`: a 404/403 on something new, bounded by its window instead. */
    | { action: "retry"; delayMs: number; counted: boolean; consistency?: true }
  );

export const MAX_REDIRECTS = 5;
/** 429s met while holding back that a call may wait out on top of `maxRetries`. */
export const MAX_FREE_RETRIES = 20;
/** Never resend sooner than this after a free 429 retry: `Retry-After: 0` forever must not become a busy loop. */
export const MIN_FREE_RETRY_DELAY_MS = 10;

export function decide(input: DecisionInput): Decision {
  const { outcome, state, policy, random } = input;
  return "failure" in outcome
    ? afterFailure(outcome.failure, state, policy, random)
    : afterResponse(input, outcome);
}

function afterResponse(
  { state, policy, now, random }: DecisionInput,
  { status, headers }: { status: number; headers: Headers },
): Decision {
  if (isRedirect(status) && headers.get("location") && state.redirects < MAX_REDIRECTS)
    return { action: "redirect", ...redirectMethod(state.method, status) };
  if (status === 401 && state.sentBearer && !state.tokenRefreshed) return { action: "refresh-token" };
  if ((status === 404 || status === 403) && (state.consistencyMs ?? 0) > 0 && policy.maxRetries > 0) {
    // Bounded by the window, not by maxRetries: PingOne needs seconds, not a number of attempts.
    const delayMs = backoffDelayMs((state.consistencyRetries ?? 0) + 1, policy, () => random);
    if (delayMs < state.consistencyMs!)
      return { action: "retry", delayMs, counted: false, consistency: true };
  }
  // Most answers need no more thought (and no Retry-After read): a success, a 404, a 400.
  if (status !== 429 && (policy.maxRetries === 0 || !isRetryable(state.method, status)))
    return { action: "deliver" };
  const asked = retryAfterMs(headers, now);
  // The server's word on waiting binds every caller of the client, whether or not this call waits itself, up
  // to maxRetryAfterMs: one answer asking for an hour must not stall the whole client for an hour.
  const pauseMs = status === 429 ? Math.min(asked ?? 0, policy.maxRetryAfterMs) : undefined;
  if (!isRetryable(state.method, status) || policy.maxRetries === 0) return { action: "deliver", pauseMs };
  if (asked !== undefined && asked > policy.maxRetryAfterMs)
    return { action: "deliver", pauseMs, note: `asks to wait ${asked} ms, more than maxRetryAfterMs` };
  // A 429 met while the client was already holding back is the price of sharing the limit, not a failure of
  // this call: it costs no retry (bounded in number, and by the call's deadline).
  if (
    status === 429 &&
    state.sentWhileLimited &&
    asked !== undefined &&
    state.freeRetries < MAX_FREE_RETRIES
  ) {
    const delayMs = Math.max(asked, MIN_FREE_RETRY_DELAY_MS);
    return { action: "retry", delayMs, counted: false, pauseMs: delayMs };
  }
  if (state.retries >= policy.maxRetries) return { action: "deliver", pauseMs };
  const delayMs = asked ?? backoffDelayMs(state.retries + 1, policy, () => random);
  return { action: "retry", delayMs, counted: true, pauseMs: status === 429 ? delayMs : undefined };
}

/** Only a lost connection or an attempt that ran out of time may be resent, and only if resending is harmless. */
function afterFailure(
  failure: "connection" | "attempt-timeout" | "final",
  state: CallState,
  policy: RetryPolicy,
  random: number,
): Decision {
  if (failure === "final" || state.retries >= policy.maxRetries || !isRetryable(state.method, undefined))
    return { action: "fail" };
  return { action: "retry", delayMs: backoffDelayMs(state.retries + 1, policy, () => random), counted: true };
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/**
 * The Fetch standard's rule: a 303 (other than to a GET or HEAD), or a 301/302 answering a POST, is followed
 * with a GET and no body; any other redirect repeats the request as it was.
 */
function redirectMethod(method: string, status: number): { method: string; dropBody: boolean } {
  const toGet =
    (status === 303 && method !== "GET" && method !== "HEAD") ||
    ((status === 301 || status === 302) && method === "POST");
  return toGet ? { method: "GET", dropBody: true } : { method, dropBody: false };
}
