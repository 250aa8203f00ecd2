/** The transport's whole policy after an attempt, as a table: no clock, no socket (src/decision.ts). */
import { describe, expect, it } from "vitest";
import {
  decide,
  MAX_FREE_RETRIES,
  MAX_REDIRECTS,
  type CallState,
  type Decision,
  type Outcome,
} from "../../src/decision.js";
import { DEFAULT_RETRY } from "../../src/retry.js";

const NOW = Date.parse("2026-11-30T12:00:00Z");
const fresh: CallState = {
  method: "GET",
  retries: 0,
  freeRetries: 0,
  redirects: 0,
  tokenRefreshed: false,
  sentBearer: true,
  sentWhileLimited: false,
};
const answer = (status: number, headers: Record<string, string> = {}): Outcome => ({
  status,
  headers: new Headers(headers),
});
/** With jitter 0, the backoff is exactly 500 ms, 1 s, 2 s ... */
const ask = (outcome: Outcome, state: Partial<CallState> = {}, policy = DEFAULT_RETRY): Decision =>
  decide({ outcome, state: { ...fresh, ...state }, policy, now: NOW, random: 0 });

describe("decide", () => {
  it.each<[string, Outcome, Partial<CallState>, Decision]>([
    ["a success", answer(200), {}, { action: "deliver" }],
    ["a 404", answer(404), {}, { action: "deliver" }],
    ["a 503 on a GET", answer(503), {}, { action: "retry", delayMs: 500, counted: true }],
    ["the second 503", answer(503), { retries: 1 }, { action: "retry", delayMs: 1000, counted: true }],
    ["a 503 with no retry left", answer(503), { retries: 2 }, { action: "deliver" }],
    ["a 503 on a POST (it may have been processed)", answer(503), { method: "POST" }, { action: "deliver" }],
    ["a 500 on a PATCH", answer(500), { method: "PATCH" }, { action: "deliver" }],
    [
      "a 429 on a POST (nothing was processed), paused for its delay",
      answer(429, { "retry-after": "2" }),
      { method: "POST" },
      { action: "retry", delayMs: 2000, counted: true, pauseMs: 2000 },
    ],
    [
      "a 429 without Retry-After: the backoff, and the pause with it",
      answer(429),
      {},
      { action: "retry", delayMs: 500, counted: true, pauseMs: 500 },
    ],
    [
      "a 429 with no retry left still pauses the others",
      answer(429, { "retry-after": "3" }),
      { retries: 2 },
      { action: "deliver", pauseMs: 3000 },
    ],
    [
      "a 429 asking more than maxRetryAfterMs fails fast, and still pauses the others, up to maxRetryAfterMs",
      answer(429, { "retry-after": "120" }),
      {},
      { action: "deliver", pauseMs: 60_000, note: "asks to wait 120000 ms, more than maxRetryAfterMs" },
    ],
    [
      "a 503 asking more than maxRetryAfterMs fails fast, pausing nobody",
      answer(503, { "retry-after": "61" }),
      {},
      { action: "deliver", note: "asks to wait 61000 ms, more than maxRetryAfterMs" },
    ],
    [
      "a 429 met while holding back costs no retry",
      answer(429, { "retry-after-ms": "40" }),
      { sentWhileLimited: true, retries: 2 },
      { action: "retry", delayMs: 40, counted: false, pauseMs: 40 },
    ],
    [
      "... never sooner than 10 ms",
      answer(429, { "retry-after": "0" }),
      { sentWhileLimited: true },
      { action: "retry", delayMs: 10, counted: false, pauseMs: 10 },
    ],
    [
      "... and only so many times",
      answer(429, { "retry-after": "0" }),
      { sentWhileLimited: true, freeRetries: MAX_FREE_RETRIES, retries: 2 },
      { action: "deliver", pauseMs: 0 },
    ],
    ["a 401 with our token: refresh it once", answer(401), {}, { action: "refresh-token" }],
    ["a second 401", answer(401), { tokenRefreshed: true }, { action: "deliver" }],
    ["a 401 to credentials the caller set", answer(401), { sentBearer: false }, { action: "deliver" }],
    [
      "a 307 on a POST: the same request again",
      answer(307, { location: "/elsewhere" }),
      { method: "POST" },
      { action: "redirect", method: "POST", dropBody: false },
    ],
    [
      "a 303 on a PUT: a GET without the body",
      answer(303, { location: "/elsewhere" }),
      { method: "PUT" },
      { action: "redirect", method: "GET", dropBody: true },
    ],
    [
      "a 302 on a POST: a GET without the body",
      answer(302, { location: "/elsewhere" }),
      { method: "POST" },
      { action: "redirect", method: "GET", dropBody: true },
    ],
    [
      "a 302 on a DELETE: a DELETE",
      answer(302, { location: "/elsewhere" }),
      { method: "DELETE" },
      { action: "redirect", method: "DELETE", dropBody: false },
    ],
    ["a redirect without Location", answer(302), {}, { action: "deliver" }],
    ["a redirect with an empty Location", answer(307, { location: "" }), {}, { action: "deliver" }],
    [
      "one redirect too many",
      answer(302, { location: "/again" }),
      { redirects: MAX_REDIRECTS },
      { action: "deliver" },
    ],
    ["a 304", answer(304, { location: "/x" }), {}, { action: "deliver" }],
    [
      "a lost connection on a GET",
      { failure: "connection" },
      {},
      { action: "retry", delayMs: 500, counted: true },
    ],
    [
      "an attempt timeout on a DELETE",
      { failure: "attempt-timeout" },
      { method: "DELETE", retries: 1 },
      { action: "retry", delayMs: 1000, counted: true },
    ],
    ["a lost connection on a POST", { failure: "connection" }, { method: "POST" }, { action: "fail" }],
    ["a lost connection with no retry left", { failure: "connection" }, { retries: 2 }, { action: "fail" }],
    ["the total timeout, an abort, our own error", { failure: "final" }, {}, { action: "fail" }],
  ])("%s", (_, outcome, state, expected) => {
    expect(ask(outcome, state)).toEqual(expected);
  });

  it("retries nothing when retries are off, but a 429 still pauses the others", () => {
    const off = { ...DEFAULT_RETRY, maxRetries: 0 };
    expect(ask(answer(503), {}, off)).toEqual({ action: "deliver" });
    expect(ask(answer(429, { "retry-after": "1" }), {}, off)).toEqual({ action: "deliver", pauseMs: 1000 });
    expect(ask({ failure: "connection" }, {}, off)).toEqual({ action: "fail" });
  });

  it("reads a Retry-After date against the time it is given", () => {
    const in90s = new Date(NOW + 90_000).toUTCString();
    expect(ask(answer(503, { "retry-after": in90s }))).toMatchObject({ action: "deliver" }); // above 60 s
    const in5s = new Date(NOW + 5_000).toUTCString();
    expect(ask(answer(503, { "retry-after": in5s }))).toEqual({
      action: "retry",
      delayMs: 5000,
      counted: true,
    });
  });

  it("takes its jitter from the number it is given: up to a quarter off the backoff", () => {
    const jittered = decide({
      outcome: answer(503),
      state: fresh,
      policy: DEFAULT_RETRY,
      now: NOW,
      random: 0.999,
    });
    expect(jittered).toEqual({ action: "retry", delayMs: 375, counted: true });
  });
});
