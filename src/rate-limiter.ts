/**
 * How a client shares PingOne's rate limit among its calls: a pause that a 429 sets for every call (the
 * server said wait), and an adaptive concurrency limit (additive increase, multiplicative decrease).
 *
 * Unlimited until PingOne answers 429; then the number of requests in flight is halved, and grows back by one
 * for every window of successes, but only once no 429 has been seen for `quietMs`: growing while the limit
 * still bites only buys more 429s. Without it, every caller waiting out a pause would fire at the same moment
 * when the pause ends, and a token-bucket limit would refuse all but a few of them again, round after round.
 *
 * The clock is injected, so the policy is tested without waiting (test/unit/rate-limiter.test.ts).
 */
export class RateLimiter {
  private inFlight = 0;
  private limit = Number.POSITIVE_INFINITY;
  private successes = 0;
  private readonly waiting: (() => void)[] = [];
  private limitedAt = Number.NEGATIVE_INFINITY;
  /** No request goes out before this time. */
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly quietMs = 1_000,
  ) {}

  /** Every call holds back for `ms` from now (or longer, if an earlier pause ends later). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** How long calls must still hold back before they send; 0 when they need not. */
  pauseRemainingMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** Whether a 429 has set a concurrency limit that is still in force. */
  holdingBack(): boolean {
    return Number.isFinite(this.limit);
  }

  /** Takes a slot if one is free now, without waiting (the common case, and the cheap one). */
  tryAcquire(): boolean {
    if (this.inFlight >= this.limit || this.waiting.length > 0) return false;
    this.inFlight++;
    return true;
  }

  /** Resolves when a request may go out; rejects if `signal` aborts first. */
  async acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.tryAcquire()) return;
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener("abort", onAbort);
        this.inFlight++;
        resolve();
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal.reason);
      };
      this.waiting.push(grant);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Once per acquired slot, with what the attempt got: a 429 shrinks the limit, anything else grows it. */
  release(rateLimited: boolean): void {
    this.inFlight--;
    if (rateLimited) {
      // Halve what was in flight (or the limit, if lower): repeated 429s quickly bring it down to one.
      this.limit = Math.max(1, Math.floor(Math.min(this.limit, this.inFlight + 1) / 2));
      this.successes = 0;
      this.limitedAt = this.now();
    } else if (
      Number.isFinite(this.limit) &&
      this.now() - this.limitedAt > this.quietMs &&
      ++this.successes >= this.limit
    ) {
      this.successes = 0;
      this.limit++;
    }
    while (this.waiting.length > 0 && this.inFlight < this.limit) this.waiting.shift()!();
  }

  /** The current limit: Infinity until a 429. For tests and logs. */
  currentLimit(): number {
    return this.limit;
  }
}
