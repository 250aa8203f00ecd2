/**
 * The call's deadline is enforced by timers, and a timer may fire a millisecond before Date.now() reaches the
 * deadline. That is still the deadline: the error must say "total", not "attempt" or "connection failed".
 * A clock that stands still while the timers run makes this happen every time, however late a loaded machine
 * fires them; these tests use no network, so nothing else is fooled by it.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Attempt, Deadline } from "../../src/deadline.js";

/** From here on, `Date.now()` says no time passes: every timer fires "early" by the clock. */
function stoppedClock() {
  vi.spyOn(Date, "now").mockReturnValue(Date.now());
}

const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a deadline is told by its timers, not only by the clock", () => {
  it("when the wait for it (a backoff, a pause) ends", async () => {
    const deadline = new Deadline(new AbortController().signal, 20);
    const signal = deadline.signal();
    stoppedClock(); // the clock still says 20 ms to go when the deadline's timer fires
    await aborted(signal);
    expect(deadline.remainingMs()).toBeGreaterThan(0);
    expect(deadline.passed()).toBe(true);
  });

  it("when an attempt's timer was the deadline's", async () => {
    const deadline = new Deadline(new AbortController().signal, 20);
    const attempt = new Attempt(new AbortController().signal, deadline, 10_000);
    stoppedClock();
    await aborted(attempt.signal);
    attempt.end();
    expect(deadline.remainingMs()).toBeGreaterThan(0);
    expect(attempt.timedOut()).toBe(true);
    expect(deadline.passed()).toBe(true);
  });

  it("but an attempt's own timeout, shorter than the deadline, leaves the deadline running", async () => {
    const deadline = new Deadline(new AbortController().signal, 10_000);
    const attempt = new Attempt(new AbortController().signal, deadline, 20);
    await aborted(attempt.signal);
    attempt.end();
    expect(attempt.timedOut()).toBe(true);
    expect(deadline.passed()).toBe(false);
  });
});
