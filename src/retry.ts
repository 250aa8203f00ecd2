/** When to retry, and how long to wait: pure functions, so the policy is testable without a clock. */

export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retries off. */
  maxRetries?: number;
  /** The longest `Retry-After` honoured; beyond it the call fails at once with the 429/503. Default 60 s. */
  maxRetryAfterMs?: number;
  /** First backoff delay when the server gives no `Retry-After`. Default 500 ms, doubling per retry. */
  initialDelayMs?: number;
  /** Cap of the backoff delay. Default 8 s. */
  maxDelayMs?: number;
  /**
   * For how long after this client created a resource a 404 or 403 on it (or below it) is retried, with the
   * same jittered backoff, as PingOne's eventual consistency: the resource, or the permission to reach it, is
   * not visible everywhere yet. Bounded by this window, not by `maxRetries`. Default 17 s; 0 turns it off.
   */
  eventualConsistencyMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  maxRetryAfterMs: 60_000,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  // Ping's Go SDK retries a 404 for 17 s after the environment it is in was created (its note: DOCS-8830).
  eventualConsistencyMs: 17_000,
};

/** Methods that change nothing, or change the same thing however often they run. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether a failed attempt may be sent again. `status` is undefined when no response arrived (connection
 * failure or attempt timeout). POST and PATCH are retried only on 429: PingOne processed nothing then, while
 * after a 5xx or a lost connection the resource may already exist.
 */
export function isRetryable(method: string, status: number | undefined): boolean {
  if (IDEMPOTENT.has(method.toUpperCase())) return isTransient(status);
  return status === 429;
}

/** No response (a lost connection, an attempt timeout), or a status that says "try again later". */
export function isTransient(status: number | undefined): boolean {
  return status === undefined || RETRYABLE_STATUS.has(status);
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s ... up to 8 s, each shortened by up to a quarter. */
export function backoffDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return Math.round(exponential * (1 - random() * 0.25));
}

/** RFC 9110's three forms of HTTP-date: IMF-fixdate, the obsolete RFC 850 form, and asctime (always GMT). */
const HTTP_DATE = [
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * How long the server asked to wait, in ms: `retry-after-ms`, or `Retry-After` as delay-seconds or an HTTP
 * date (RFC 9110, section 10.2.3). Undefined when it said nothing usable, such as `Retry 1` or `-5`.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const precise = headers.get("retry-after-ms")?.trim() ?? "";
  if (/^\d+(\.\d+)?$/.test(precise)) return Math.ceil(Number(precise));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const form = HTTP_DATE.findIndex((pattern) => pattern.test(value));
  if (form === -1) return undefined;
  const date = Date.parse(form === 2 ? `${value} GMT` : value); // asctime carries no zone: it is GMT
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
