/**
 * Options checked where they are given (to `createPingOneClient`, or to one call): a bad one is a
 * PingOneConfigError naming it, before anything is sent.
 */
import { MAX_TIMER_MS } from "./deadline.js";
import { PingOneConfigError } from "./errors.js";
import { isPingOneRegion, PINGONE_REGIONS, type PingOneRegion } from "./regions.js";
import { DEFAULT_RETRY, type RetryOptions, type RetryPolicy } from "./retry.js";

/** `retry` over `base` (the defaults, or the client's policy for one call); `false`: nothing is ever resent. */
export function retryPolicy(
  retry: RetryOptions | false | undefined,
  base: RetryPolicy = DEFAULT_RETRY,
): RetryPolicy {
  if (retry === false) return { ...base, maxRetries: 0, eventualConsistencyMs: 0 };
  if (retry === undefined) return base;
  if (retry === null || typeof retry !== "object")
    throw new PingOneConfigError({
      option: "retry",
      message: "pass an object such as { maxRetries: 3 }, or false",
    });
  for (const key of Object.keys(retry))
    if (!Object.hasOwn(DEFAULT_RETRY, key))
      throw new PingOneConfigError({
        option: `retry.${key}`,
        message: `unknown; use ${Object.keys(DEFAULT_RETRY).join(", ")}`,
      });
  const policy = { ...base, ...retry };
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

export function checkRegion(region: unknown): PingOneRegion {
  if (region === undefined) return "com";
  if (!isPingOneRegion(region)) {
    throw new PingOneConfigError({
      option: "region",
      message: `unknown region ${JSON.stringify(region)}; use one of ${Object.keys(PINGONE_REGIONS).join(", ")}`,
    });
  }
  return region;
}

/** A number of ms a timer can hold. */
export function checkDuration(option: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS)
    throw new PingOneConfigError({
      option,
      message: `must be a number of ms > 0 and at most ${MAX_TIMER_MS} (about 24 days)`,
    });
  return value;
}

export function checkSize(option: string, value: number | undefined, fallback: number): number {
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
