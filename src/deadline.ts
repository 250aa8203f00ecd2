/**
 * Time in a call: the whole call's deadline (the caller's signal and `totalTimeoutMs`), one attempt's signal
 * (plus `timeoutMs`), and waits that end early when a signal aborts.
 */

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
    /** The caller's signal; none when the caller gave none (openapi-fetch's light request path). */
    readonly caller: AbortSignal | undefined,
    totalMs: number,
  ) {
    this.started = Date.now();
    this.at = this.started + totalMs;
  }

  /** When the call started, by `Date.now()`. */
  readonly started: number;

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
    this.combined ??= this.caller ? AbortSignal.any([this.caller, this.timeout]) : this.timeout;
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
  private readonly onCallerAbort: (() => void) | undefined;
  private timerFired = false;

  constructor(
    private readonly caller: AbortSignal | undefined,
    deadline: Deadline,
    timeoutMs: number,
  ) {
    if (caller) {
      caller.throwIfAborted();
      this.onCallerAbort = () => this.controller.abort(caller.reason);
      caller.addEventListener("abort", this.onCallerAbort, { once: true });
    }
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
    if (this.onCallerAbort) this.caller!.removeEventListener("abort", this.onCallerAbort);
  }
}

/** Settles like `promise`, or rejects as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The longest delay a timer holds: beyond it, setTimeout fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves after `ms` (at most MAX_TIMER_MS: a caller that must wait longer, such as one held back by a huge
 * `Retry-After`, waits again), or rejects as soon as `signal` aborts.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  ms = Math.min(ms, MAX_TIMER_MS);
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
