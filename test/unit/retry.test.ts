import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY, isRetryable, retryAfterMs } from "../../src/retry.js";

describe("isRetryable", () => {
  const RETRYABLE = [408, 429, 500, 502, 503, 504];
  const NEVER = [400, 401, 403, 404, 405, 409, 410, 412, 413, 415, 422, 501, 505];

  it.each(["GET", "PUT", "DELETE", "HEAD", "OPTIONS", "get"])(
    "retries %s on 408/429/500/502/503/504 and when no response arrived",
    (method) => {
      for (const status of RETRYABLE) expect(isRetryable(method, status), `${status}`).toBe(true);
      expect(isRetryable(method, undefined)).toBe(true);
    },
  );

  it.each(["POST", "PATCH", "post"])(
    "retries %s on 429 only: never on 5xx, 408 or a lost connection",
    (method) => {
      expect(isRetryable(method, 429)).toBe(true);
      for (const status of RETRYABLE.filter((s) => s !== 429)) {
        expect(isRetryable(method, status), `${status}`).toBe(false);
      }
      expect(isRetryable(method, undefined)).toBe(false);
    },
  );

  it.each(["GET", "PUT", "DELETE", "POST", "PATCH"])("never retries %s on any other 4xx or 5xx", (method) => {
    for (const status of NEVER) expect(isRetryable(method, status), `${status}`).toBe(false);
  });
});

describe("backoffDelayMs", () => {
  it("starts at about 0.5 s and doubles up to 8 s", () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 6, 10].map((retry) => backoffDelayMs(retry, DEFAULT_RETRY, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it("is jittered: each delay shortened by up to a quarter, never lengthened", () => {
    expect(backoffDelayMs(1, DEFAULT_RETRY, () => 0.999_999)).toBe(375);
    expect(backoffDelayMs(4, DEFAULT_RETRY, () => 0.5)).toBe(3500);
    const delays = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(2, DEFAULT_RETRY);
      expect(delay).toBeGreaterThanOrEqual(750);
      expect(delay).toBeLessThanOrEqual(1000);
      delays.add(delay);
    }
    expect(delays.size).toBeGreaterThan(10); // not one fixed value: concurrent clients spread out
  });

  it("follows initialDelayMs and maxDelayMs", () => {
    const policy = { ...DEFAULT_RETRY, initialDelayMs: 20, maxDelayMs: 50 };
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, policy, () => 0))).toEqual([20, 40, 50, 50]);
  });
});

describe("retryAfterMs", () => {
  const at = Date.parse("2024-05-01T12:00:00.000Z");
  const headers = (init: Record<string, string>) => new Headers(init);

  it("reads Retry-After in seconds", () => {
    expect(retryAfterMs(headers({ "retry-after": "120" }), at)).toBe(120_000);
    expect(retryAfterMs(headers({ "retry-after": "0" }), at)).toBe(0);
    expect(retryAfterMs(headers({ "retry-after": " 1.5 " }), at)).toBe(1500);
  });

  it("reads Retry-After as an HTTP date, relative to now, never negative", () => {
    expect(retryAfterMs(headers({ "retry-after": "Wed, 01 May 2024 12:00:07 GMT" }), at)).toBe(7000);
    expect(retryAfterMs(headers({ "retry-after": "Wed, 01 May 2024 11:59:00 GMT" }), at)).toBe(0);
    // RFC 9110's obsolete forms, which recipients must still read: RFC 850, and asctime (GMT, though unsaid).
    expect(retryAfterMs(headers({ "retry-after": "Wednesday, 01-May-24 12:00:07 GMT" }), at)).toBe(7000);
    expect(retryAfterMs(headers({ "retry-after": "Wed May  1 12:00:07 2024" }), at)).toBe(7000);
  });

  it("prefers the precise retry-after-ms", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250", "retry-after": "3" }), at)).toBe(250);
    expect(retryAfterMs(headers({ "retry-after-ms": "12.2" }), at)).toBe(13);
    expect(retryAfterMs(headers({ "retry-after-ms": "soon", "retry-after": "3" }), at)).toBe(3000);
  });

  it("is undefined when the server said nothing usable", () => {
    expect(retryAfterMs(headers({}), at)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "" }), at)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "later" }), at)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after-ms": "-1" }), at)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "-5" }), at)).toBeUndefined();
    // Neither delay-seconds nor an HTTP date, though a date parser would make something of each.
    for (const value of [
      "Retry 1",
      "1 second",
      "2024-05-01T12:00:07Z",
      "May 1, 2024 12:00:07",
      "Wed, 01 May 2024",
    ])
      expect(retryAfterMs(headers({ "retry-after": value }), at), value).toBeUndefined();
  });
});
