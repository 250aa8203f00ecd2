/**
 * Every error this library throws. All extend `PingOneClientError` and carry a `kind`, so callers can branch
 * on one field. None of them holds request headers, so no token or secret can leak through `message`,
 * `JSON.stringify(err)` or `util.inspect(err)`.
 */
import type { PingOneError, PingOneErrorDetail } from "./types.js";

export type PingOneErrorKind =
  | "config" // bad options or arguments: nothing was sent
  | "auth" // no usable access token: nothing was sent
  | "security" // a request would have sent the token elsewhere: nothing was sent
  | "api" // PingOne answered with an error status
  | "invalid-response" // PingOne (or something in between) answered with a body that is not what it should be
  | "connection" // the connection failed before a response arrived
  | "timeout" // an attempt or the whole call took too long
  | "aborted"; // the caller's AbortSignal fired

export abstract class PingOneClientError extends Error {
  abstract readonly kind: PingOneErrorKind;
  /** For an error that belongs to a call: the attempts it made, the failed one included. */
  declare readonly attempts?: number;
  /** For an error that belongs to a call: the `X-Ping-External-Transaction-ID` it was sent with, if any. */
  declare readonly transactionId?: string;
  /** For an error that comes with PingOne's answer: its `Correlation-Id`, the id Ping support asks for. */
  declare readonly correlationId?: string;

  /** What `JSON.stringify(error)` shows: the fields above, never headers. */
  toJSON(): Record<string, unknown> {
    const { stack: _stack, cause: _cause, ...fields } = this as Record<string, unknown>;
    return { name: this.name, message: this.message, ...fields };
  }
}

/** The options given to `createPingOneClient`, or the arguments of a call, are unusable. */
export class PingOneConfigError extends PingOneClientError {
  override readonly name = "PingOneConfigError";
  readonly kind = "config";
  constructor(
    /** The option or parameter at fault. */
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** No usable access token could be had; the request was not sent. */
export class PingOneAuthError extends PingOneClientError {
  override readonly name = "PingOneAuthError";
  readonly kind = "auth";
  constructor(message: string, options?: ErrorOptions & { status?: number; oauthError?: string }) {
    super(message, options);
    this.status = options?.status;
    this.oauthError = options?.oauthError;
  }
  /** The token endpoint's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** The token endpoint's OAuth `error` code (`invalid_client`, ...), when it sent one. */
  readonly oauthError: string | undefined;
}

/** A request would have carried the token to an origin other than the configured API; it was not sent. */
export class PingOneSecurityError extends PingOneClientError {
  override readonly name = "PingOneSecurityError";
  readonly kind = "security";
  constructor(
    message: string,
    /** The origin that was refused. */
    readonly origin: string,
  ) {
    super(message);
  }
}

interface CallContext {
  /** HTTP method of the failed call. */
  method: string;
  /** The request path (no origin, no query), e.g. `/v1/environments/.../actions`. */
  path: string;
}

/** PingOne answered with an error status. Carries PingOne's error body, parsed. */
export class PingOneApiError extends PingOneClientError {
  override readonly name = "PingOneApiError";
  readonly kind = "api";
  readonly status: number;
  /** PingOne's top-level error code, e.g. `INVALID_DATA`, `NOT_FOUND`, `REQUEST_LIMITED`. */
  readonly code: string;
  /** PingOne's ID for this error occurrence: quote it to Ping support. */
  readonly id: string | undefined;
  readonly details: PingOneErrorDetail[];
  readonly method: string;
  readonly path: string;
  /** How long PingOne asked to wait before retrying (from `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    context: CallContext & { status: number; body: Partial<PingOneError> | undefined; retryAfterMs?: number },
  ) {
    const { status, body } = context;
    const code = body?.code ?? `HTTP_${status}`;
    const detail = body?.details?.[0];
    super(
      `${context.method} ${context.path} failed: ${status} ${code}: ${body?.message ?? problemText(body) ?? "no error message"}` +
        (detail ? ` (${detail.target ? `${detail.target}: ` : ""}${detail.code}: ${detail.message})` : ""),
    );
    this.status = status;
    this.code = code;
    this.id = body?.id;
    this.details = body?.details ?? [];
    this.method = context.method;
    this.path = context.path;
    this.retryAfterMs = context.retryAfterMs;
  }
}

/** The response body could not be read as what it should be (malformed JSON, an HTML page, empty). */
export class PingOneInvalidResponseError extends PingOneClientError {
  override readonly name = "PingOneInvalidResponseError";
  readonly kind = "invalid-response";
  readonly status: number;
  readonly contentType: string | null;
  readonly method: string;
  readonly path: string;
  constructor(context: CallContext & { status: number; contentType: string | null; problem: string }) {
    super(
      `${context.method} ${context.path}: ${context.status} response ${context.problem}` +
        ` (content-type ${context.contentType ?? "none"})`,
    );
    this.status = context.status;
    this.contentType = context.contentType;
    this.method = context.method;
    this.path = context.path;
  }
}

/** The connection failed (refused, reset, DNS) before a complete response arrived. */
export class PingOneConnectionError extends PingOneClientError {
  override readonly name = "PingOneConnectionError";
  readonly kind = "connection";
  constructor(
    readonly method: string,
    readonly path: string,
    cause: unknown,
    /** The host the connection was for. */
    readonly host?: string,
  ) {
    super(`${method} ${path}: connection failed (${describeCause(cause)}${host ? `; host ${host}` : ""})`, {
      cause,
    });
  }
}

/** An attempt exceeded `timeoutMs`, or the call exceeded `totalTimeoutMs`. */
export class PingOneTimeoutError extends PingOneClientError {
  override readonly name = "PingOneTimeoutError";
  readonly kind = "timeout";
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
    readonly scope: "attempt" | "total",
  ) {
    super(
      `${method} ${path}: no response within ${timeoutMs} ms (${scope === "total" ? "overall deadline" : "per attempt"})`,
    );
  }
}

/** The caller's AbortSignal fired; the call stopped at once. */
export class PingOneAbortError extends PingOneClientError {
  override readonly name = "PingOneAbortError";
  readonly kind = "aborted";
  constructor(
    readonly method: string,
    readonly path: string,
    cause?: unknown,
  ) {
    super(`${method} ${path}: aborted by the caller`, { cause });
  }
}

/** An error body that is not PingOne's, such as a proxy's or a mock's problem+json (RFC 9457): its title and detail. */
function problemText(body: unknown): string | undefined {
  const { title, detail } = (body ?? {}) as { title?: unknown; detail?: unknown };
  const parts = [title, detail].filter((part): part is string => typeof part === "string" && part !== "");
  return parts.length > 0 ? parts.map((part) => part.slice(0, 300)).join(": ") : undefined;
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? cause.cause : undefined;
  const code = (inner as { code?: string } | undefined)?.code ?? (cause as { code?: string }).code;
  return [cause.message, inner?.message, code].filter(Boolean).join(": ");
}
