/**
 * What a caller can watch: a structured event per attempt (`onAttempt`), and log lines (`logger`). Neither ever
 * holds a header value (but the caller's own transaction id), a token or a body, and
 * neither can change a call's outcome: a handler that throws, or returns a promise that rejects, is ignored.
 */
import type { PingOneErrorKind } from "./errors.js";

export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

/** One attempt of a call: a request sent (or about to be), and what the client does next. */
export interface AttemptEvent {
  /** The HTTP method of this attempt (a redirect may have turned a POST into a GET). */
  method: string;
  /** The path template the call was made with, e.g. `/environments/{environmentID}/users`: never the IDs. */
  path: string;
  /** 1 for the first attempt of a call; each retry, token refresh and redirect adds one. */
  attempt: number;
  /** The response's status, when one arrived. */
  status?: number;
  /** Why the attempt got no (usable) response, when it got none. */
  failure?: PingOneErrorKind;
  /** What the client does next. */
  next: "deliver" | "fail" | "retry" | "redirect" | "refresh-token";
  /** For a retry: how long the client waits before the next attempt. */
  delayMs?: number;
  /** Why it retries: `eventual-consistency` for a 404/403 on something this client created moments ago. */
  reason?: "status" | "connection" | "timeout" | "rate-limit" | "eventual-consistency";
  /** From sending the request to the end of the attempt (the body read, when it is delivered), in ms. */
  durationMs: number;
  /** The call's `X-Ping-External-Transaction-ID`, when the caller set one (client-wide or for the call). */
  transactionId?: string;
}

export type AttemptListener = (event: AttemptEvent) => unknown;

/** Calls `listener`, shielding the call from whatever it does. */
export function safeListener(
  listener: AttemptListener | undefined,
): ((event: AttemptEvent) => void) | undefined {
  if (!listener) return undefined;
  return (event) => {
    try {
      const result = listener(event);
      if (result && typeof (result as Promise<unknown>).catch === "function")
        (result as Promise<unknown>).catch(ignore);
    } catch {
      // A broken listener loses its event, nothing more.
    }
  };
}

/** A logger's failure is its own: it never changes a call's outcome. */
export function safeLogger(logger: Logger | undefined): (level: keyof Logger, line: string) => void {
  return (level, line) => {
    try {
      logger?.[level]?.(line);
    } catch {
      // A broken logger loses its line, nothing more.
    }
  };
}

const ignore = () => {};
