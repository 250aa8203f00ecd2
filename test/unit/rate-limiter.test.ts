/** The 429 pause and the adaptive concurrency limit, on a clock moved by hand (src/rate-limiter.ts). */
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/rate-limiter.js";

function limiterAt(start = 1_000_000, quietMs = 1_000) {
  const clock = { now: start };
  return { clock, limiter: new RateLimiter(() => clock.now, quietMs) };
}

const never = new AbortController().signal;

describe("the pause", () => {
  it("holds every call back for what the server asked, and the longest pause wins", () => {
    const { clock, limiter } = limiterAt();
    expect(limiter.pauseRemainingMs()).toBe(0);
    limiter.pause(500);
    limiter.pause(200); // a shorter pause does not cut the longer one short
    expect(limiter.pauseRemainingMs()).toBe(500);
    clock.now += 300;
    expect(limiter.pauseRemainingMs()).toBe(200);
    limiter.pause(1_000); // a later, longer one extends it
    expect(limiter.pauseRemainingMs()).toBe(1_000);
    clock.now += 1_000;
    expect(limiter.pauseRemainingMs()).toBe(0);
  });
});

describe("the concurrency limit", () => {
  it("is unlimited until a 429", () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 100; i++) expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.holdingBack()).toBe(false);
  });

  it("halves what was in flight on a 429, down to one", () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 8; i++) limiter.tryAcquire();
    limiter.release(true); // 8 were in flight
    expect(limiter.currentLimit()).toBe(4);
    limiter.release(true);
    expect(limiter.currentLimit()).toBe(2);
    for (let i = 0; i < 6; i++) limiter.release(true);
    expect(limiter.currentLimit()).toBe(1);
    expect(limiter.holdingBack()).toBe(true);
  });

  it("grows by one per window of successes, but only after quietMs without a 429", () => {
    const { clock, limiter } = limiterAt(1_000_000, 1_000);
    limiter.tryAcquire();
    limiter.tryAcquire();
    limiter.release(true); // limit 1
    limiter.release(false);
    expect(limiter.currentLimit()).toBe(1);
    clock.now += 500; // still too soon after the 429
    limiter.tryAcquire();
    limiter.release(false);
    expect(limiter.currentLimit()).toBe(1);
    clock.now += 600;
    limiter.tryAcquire();
    limiter.release(false);
    expect(limiter.currentLimit()).toBe(2);
    limiter.tryAcquire();
    limiter.release(false);
    expect(limiter.currentLimit()).toBe(2); // a window is as many successes as the limit
    limiter.tryAcquire();
    limiter.release(false);
    expect(limiter.currentLimit()).toBe(3);
  });

  it("queues callers beyond the limit in order, and lets them go as slots free up", async () => {
    const { limiter } = limiterAt();
    limiter.tryAcquire();
    limiter.tryAcquire();
    limiter.release(true); // limit 1, one in flight
    const granted: string[] = [];
    const a = limiter.acquire(never).then(() => granted.push("a"));
    const b = limiter.acquire(never).then(() => granted.push("b"));
    expect(limiter.tryAcquire()).toBe(false); // nobody jumps the queue
    limiter.release(false);
    await a;
    expect(granted).toEqual(["a"]);
    limiter.release(false);
    await b;
    expect(granted).toEqual(["a", "b"]);
  });

  it("drops a waiting caller that aborts, and gives its turn to the next", async () => {
    const { limiter } = limiterAt();
    limiter.tryAcquire();
    limiter.tryAcquire();
    limiter.release(true); // limit 1, one in flight
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire(never);
    controller.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    limiter.release(false);
    await expect(next).resolves.toBeUndefined();
  });
});
