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
  /** The option or parameter at fault. */
  readonly option: string;
  constructor(context: { option: string; message: string }) {
    super(`${context.option}: ${context.message}`);
    this.option = context.option;
  }
}

/** No usable access token could be had; the request was not sent. */
export class PingOneAuthError extends PingOneClientError {
  override readonly name = "PingOneAuthError";
  readonly kind = "auth";
  /** The token endpoint's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** The token endpoint's OAuth `error` code (`invalid_client`, ...), when it sent one. */
  readonly oauthError: string | undefined;
  constructor(context: { message: string; status?: number; oauthError?: string; cause?: unknown }) {
    super(context.message, "cause" in context ? { cause: context.cause } : undefined);
    this.status = context.status;
    this.oauthError = context.oauthError;
  }
}

/** A request would have carried the token to an origin other than the configured API; it was not sent. */
export class PingOneSecurityError extends PingOneClientError {
  override readonly name = "PingOneSecurityError";
  readonly kind = "security";
  /** The origin that was refused. */
  readonly origin: string;
  constructor(context: { origin: string; message: string }) {
    super(context.message);
    this.origin = context.origin;
  }
}

/** What every error that belongs to a request knows about it. */
export interface PingOneRequestErrorContext {
  /** HTTP method of the failed call. */
  method: string;
  /** The request path (no origin, no query), e.g. `/v1/environments/.../actions`. */
  path: string;
  /** How many attempts the call made, the failed one included, when known. */
  attempts?: number;
  /** The request's transaction ID, when known: what to quote to Ping support. */
  transactionId?: string;
}

/**
 * An error that belongs to one request, which went out (or was about to): the API's answer, the connection,
 * the response body, a timeout or the caller's abort. Branch on `kind` for which.
 */
export abstract class PingOneRequestError extends PingOneClientError {
  abstract override readonly kind: "api" | "invalid-response" | "connection" | "timeout" | "aborted";
  readonly method: string;
  readonly path: string;
  // Declared, not initialised: an error that does not know them shows no `attempts: undefined`.
  declare readonly attempts?: number;
  declare readonly transactionId?: string;

  constructor(context: PingOneRequestErrorContext, message: string, options?: ErrorOptions) {
    super(message, options);
    this.method = context.method;
    this.path = context.path;
    if (context.attempts !== undefined) this.attempts = context.attempts;
    if (context.transactionId !== undefined) this.transactionId = context.transactionId;
  }
}

/** PingOne answered with an error status. Carries PingOne's error body, parsed. */
export class PingOneApiError extends PingOneRequestError {
  override readonly name = "PingOneApiError";
  readonly kind = "api";
  readonly status: number;
  /** PingOne's top-level error code, e.g. `INVALID_DATA`, `NOT_FOUND`, `REQUEST_LIMITED`. */
  readonly code: string;
  /** PingOne's ID for this error occurrence: quote it to Ping support. */
  readonly id: string | undefined;
  readonly details: PingOneErrorDetail[];
  /** How long PingOne asked to wait before retrying (from `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    context: PingOneRequestErrorContext & {
      status: number;
      body: Partial<PingOneError> | undefined;
      retryAfterMs?: number;
    },
  ) {
    const { status, body } = context;
    const code = body?.code ?? `HTTP_${status}`;
    const detail = body?.details?.[0];
    super(
      context,
      `${context.method} ${context.path} failed: ${status} ${code}: ${body?.message ?? problemText(body) ?? "no error message"}` +
        (detail ? ` (${detail.target ? `${detail.target}: ` : ""}${detail.code}: ${detail.message})` : ""),
    );
    this.status = status;
    this.code = code;
    this.id = body?.id;
    this.details = body?.details ?? [];
    this.retryAfterMs = context.retryAfterMs;
  }
}

/** The response body could not be read as what it should be (malformed JSON, an HTML page, empty). */
export class PingOneInvalidResponseError extends PingOneRequestError {
  override readonly name = "PingOneInvalidResponseError";
  readonly kind = "invalid-response";
  readonly status: number;
  readonly contentType: string | null;
  constructor(
    context: PingOneRequestErrorContext & { status: number; contentType: string | null; problem: string },
  ) {
    super(
      context,
      `${context.method} ${context.path}: ${context.status} response ${context.problem}` +
        ` (content-type ${context.contentType ?? "none"})`,
    );
    this.status = context.status;
    this.contentType = context.contentType;
  }
}

/** The connection failed (refused, reset, DNS) before a complete response arrived. */
export class PingOneConnectionError extends PingOneRequestError {
  override readonly name = "PingOneConnectionError";
  readonly kind = "connection";
  /** The host the connection was for. */
  readonly host: string | undefined;
  constructor(context: PingOneRequestErrorContext & { cause: unknown; host?: string }) {
    const { method, path, cause, host } = context;
    super(
      context,
      `${method} ${path}: connection failed (${describeCause(cause)}${host ? `; host ${host}` : ""})`,
      {
        cause,
      },
    );
    this.host = host;
  }
}

/** An attempt exceeded `timeoutMs`, or the call exceeded `totalTimeoutMs`. */
export class PingOneTimeoutError extends PingOneRequestError {
  override readonly name = "PingOneTimeoutError";
  readonly kind = "timeout";
  readonly timeoutMs: number;
  /** Which limit was hit: one attempt's `timeoutMs`, or the whole call's `totalTimeoutMs`. */
  readonly scope: "attempt" | "total";
  constructor(context: PingOneRequestErrorContext & { timeoutMs: number; scope: "attempt" | "total" }) {
    const { method, path, timeoutMs, scope } = context;
    super(
      context,
      `${method} ${path}: no response within ${timeoutMs} ms (${scope === "total" ? "overall deadline" : "per attempt"})`,
    );
    this.timeoutMs = timeoutMs;
    this.scope = scope;
  }
}

/** The caller's AbortSignal fired; the call stopped at once. */
export class PingOneAbortError extends PingOneRequestError {
  override readonly name = "PingOneAbortError";
  readonly kind = "aborted";
  /** `cause` is the signal's reason. */
  constructor(context: PingOneRequestErrorContext & { cause?: unknown }) {
    super(context, `${context.method} ${context.path}: aborted by the caller`, { cause: context.cause });
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
