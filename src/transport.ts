/**
 * The `fetch` underneath openapi-fetch: everything between "a request is ready" and "a Response can be
 * parsed". The loop runs an attempt, asks `decide` (decision.ts) what follows, and does it: deliver, fail,
 * follow a redirect, refresh the token, or wait and retry. Each hop's headers are derived anew by the
 * credential policy below; time is deadline.ts's, the shared rate limit rate-limiter.ts's, the body check
 * checked-response.ts's, and what this client created moments ago consistency.ts's.
 */
import type { TokenSource } from "./auth.js";
import { finish, parsedBody, withFacts, type CallFacts } from "./checked-response.js";
import { createdPath, RecentlyCreated } from "./consistency.js";
import { decide, initialState, type CallState, type Decision, type Outcome } from "./decision.js";
import { Attempt, Deadline, sleep, untilAborted } from "./deadline.js";
import {
  PingOneAbortError,
  PingOneClientError,
  PingOneConfigError,
  PingOneConnectionError,
  PingOneSecurityError,
  PingOneTimeoutError,
} from "./errors.js";
import { discard, Hop, redirected, setBearer, urlOf } from "./hop.js";
import { LightRequest, type OutgoingRequest } from "./light-request.js";
import { safeListener, safeLogger, type AttemptEvent, type AttemptListener, type Logger } from "./observe.js";
import { RateLimiter } from "./rate-limiter.js";
import type { RetryPolicy } from "./retry.js";

export { requestOf } from "./checked-response.js";
export type { Logger } from "./observe.js";

export interface TransportOptions {
  fetch: typeof globalThis.fetch;
  /** The only origin that ever receives the bearer token. */
  apiOrigin: string;
  /** The authorization server: reachable, but never sent the bearer token. */
  authOrigin: string;
  /** Whether a URL is one of the authorization server's paths (which share the API's origin on a mock). */
  isAuthServerUrl?: (url: URL) => boolean;
  /** Where bearer tokens come from; none for a client of the authorization server alone. */
  tokens: TokenSource | undefined;
  /** The largest body read, in bytes after decompression. */
  maxResponseBytes: number;
  logger?: Logger;
  onAttempt?: AttemptListener;
}

/** One call, as the client hands it over: what the request itself does not say. */
export interface Call {
  /** The path template (openapi-fetch's schemaPath), for events. */
  template: string;
  /** A token, authorize or flow path: for the authorization server, never with the API's bearer token. */
  authServer: boolean;
  timeoutMs: number;
  totalTimeoutMs: number;
  retry: RetryPolicy;
  /** A fetch for this call only (the call's own `fetch` option). */
  fetch?: typeof globalThis.fetch | undefined;
}

export type Transport = (request: OutgoingRequest, call: Call) => Promise<Response>;

/**
 * PingOne's header for the caller's own transaction (one unit of the caller's work, over any number of calls),
 * recorded in PingOne's audit events. The client sends what the caller set and invents none.
 */
export const TRANSACTION_HEADER = "x-ping-external-transaction-id";

/** A call under way: where it is, its clock, and what it has used so far. */
interface Run {
  call: Call;
  hop: Hop;
  deadline: Deadline;
  state: CallState;
  attempts: number;
  transactionId: string | undefined;
}

/** What one attempt produced, and what follows, decided once when the attempt ended. */
interface AttemptResult {
  outcome: Outcome;
  decision: Decision;
  /** The bearer token the attempt carried, if any: the one to invalidate after a 401. */
  token?: string;
  response?: Response;
  error?: PingOneClientError;
  durationMs: number;
}

export function createTransport(options: TransportOptions): Transport {
  const pipeline = new Pipeline(options);
  return (request, call) => pipeline.send(request, call);
}

/** The loop and its parts, sharing one client's rate limiter, memory of what it created, and observers. */
class Pipeline {
  private readonly limiter = new RateLimiter();
  private readonly created = new RecentlyCreated();
  private readonly log: (level: keyof Logger, line: string) => void;
  private readonly emit: ((event: AttemptEvent) => void) | undefined;
  private readonly isAuthServerUrl: (url: URL) => boolean;
  /** The two origins the client knows, as the start of a URL on each. */
  private readonly apiRoot: string;
  private readonly authRoot: string;

  constructor(private readonly options: TransportOptions) {
    this.log = safeLogger(options.logger);
    this.emit = safeListener(options.onAttempt);
    this.isAuthServerUrl = options.isAuthServerUrl ?? (() => false);
    this.apiRoot = `${options.apiOrigin}/`;
    this.authRoot = `${options.authOrigin}/`;
  }

  /** A URL's origin: one of the two the client knows, told by its start, or else parsed. */
  private originOf(href: string): string {
    if (href.startsWith(this.apiRoot)) return this.options.apiOrigin;
    if (href.startsWith(this.authRoot)) return this.options.authOrigin;
    return urlOf(href).origin;
  }

  async send(request: OutgoingRequest, call: Call): Promise<Response> {
    const run = isLight(request)
      ? runOf(lightHop(request, this.originOf(request.url)), request.signal, call)
      : await runOfRequest(request, call);
    try {
      for (;;) {
        this.checkOrigin(run.hop, call);
        this.checkAuth(run.hop, call);
        const result = await this.attempt(run);
        this.emit?.(attemptEvent(run, result));
        const { decision } = result;
        if (decision.pauseMs !== undefined && decision.pauseMs > 0) this.limiter.pause(decision.pauseMs);
        if (decision.action === "deliver") return this.delivered(run, result);
        if (decision.action === "fail") throw result.error;
        await this.proceed(run, result, decision);
      }
    } catch (failure) {
      throw withFacts(failure, run);
    }
  }

  private delivered(run: Run, { decision, response, outcome, error }: AttemptResult): Response {
    if ("note" in decision && decision.note)
      this.log("warn", `${where(run.hop)}: ${statusOf(outcome)} ${decision.note}`);
    if (!response) throw error;
    this.remember(run, response);
    return response;
  }

  /** Goes on after an attempt that is neither delivered nor failed: follow a redirect, refresh, or retry. */
  private async proceed(
    run: Run,
    result: AttemptResult,
    decision: Exclude<Decision, { action: "deliver" | "fail" }>,
  ): Promise<void> {
    const { response } = result;
    switch (decision.action) {
      case "redirect":
        run.hop = await redirected(run.hop, response!, decision, this.isAuthServerUrl);
        run.state.redirects++;
        run.state.method = run.hop.method;
        return;
      case "refresh-token":
        run.state.tokenRefreshed = true;
        this.options.tokens!.invalidate(result.token!);
        await discard(response);
        this.log("debug", `${where(run.hop)}: 401, retrying once with a fresh token`);
        return;
      case "retry":
        countRetry(run.state, decision);
        await discard(response);
        this.log("debug", retryLine(run, result, decision));
        await this.wait(run, decision.delayMs);
    }
  }

  /** One attempt: wait for the rate limit, send, read and check the body. Never throws: it reports. */
  private async attempt(run: Run): Promise<AttemptResult> {
    run.attempts++;
    const sent: Sent = { timer: undefined, token: undefined, at: undefined };
    const duration = () => (sent.at === undefined ? 0 : performance.now() - sent.at);
    try {
      const response = await this.exchange(run, sent);
      const outcome: Outcome = { status: response.status, headers: response.headers };
      const decision = this.decideAfter(run, outcome);
      // Only what will be delivered is read: a response that leads to another attempt is discarded instead.
      if (decision.action !== "deliver")
        return { outcome, decision, token: sent.token, response, durationMs: duration() };
      const checked = await finish(response, factsOf(run), this.options.maxResponseBytes);
      return { outcome, decision, token: sent.token, response: checked, durationMs: duration() };
    } catch (failure) {
      const error = classify(failure, run, sent.timer);
      const outcome: Outcome = { failure: failureKind(error) };
      return {
        outcome,
        decision: this.decideAfter(run, outcome),
        token: sent.token,
        error,
        durationMs: duration(),
      };
    } finally {
      sent.timer?.end();
    }
  }

  /**
   * Sends the hop once its turn under the rate limit has come: after 429s, only as many requests go out at
   * once as the limit has room for, and each waits out the pause a 429 set (again if another 429 extended
   * it) before its own clock starts.
   */
  private async exchange(run: Run, sent: Sent): Promise<Response> {
    const { hop, deadline, state, call } = run;
    deadline.caller?.throwIfAborted();
    if (!this.limiter.tryAcquire()) await this.limiter.acquire(deadline.signal());
    state.sentWhileLimited = this.limiter.holdingBack();
    let response: Response | undefined;
    try {
      for (let pause = this.limiter.pauseRemainingMs(); pause > 0; pause = this.limiter.pauseRemainingMs()) {
        if (pause >= deadline.remainingMs()) throw this.pauseOutlastsDeadline(run, pause);
        await this.wait(run, pause);
      }
      sent.timer = new Attempt(deadline.caller, deadline, call.timeoutMs);
      state.sentBearer = this.mayCarryBearer(hop, call);
      if (state.sentBearer) {
        // A known token is used as it is: waiting even for a settled promise costs a fast call a tick.
        sent.token = this.options.tokens!.current() ?? (await this.bearerToken(sent.timer.signal));
        setBearer(hop, sent.token);
      }
      if (this.emit) sent.at = performance.now();
      const { method, headers, body } = hop;
      const signal = sent.timer.signal;
      // Without a body, no `body` key at all: fetch converts every key it is given, undefined or not.
      const init: RequestInit =
        body === undefined
          ? { method, headers, signal, redirect: "manual" }
          : { method, headers, body, signal, redirect: "manual" };
      response = await (call.fetch ?? this.options.fetch)(hop.href, init);
      return response;
    } finally {
      this.limiter.release(response?.status === 429);
    }
  }

  /** The token may be shared with other calls (single-flight): stop waiting for it, not fetching it. */
  private async bearerToken(signal: AbortSignal): Promise<string> {
    return untilAborted(this.options.tokens!.token(signal), signal); // checkAuth saw a token source
  }

  private decideAfter(run: Run, outcome: Outcome): Decision {
    const { state, call } = run;
    if ("status" in outcome && (outcome.status === 404 || outcome.status === 403))
      state.consistencyMs =
        call.retry.eventualConsistencyMs > 0 ? this.created.remainingMs(run.hop.url.pathname) : 0;
    return decide({ outcome, state, policy: call.retry, now: Date.now(), random: Math.random() });
  }

  /** A resource this client created: a 404 or 403 on it (or below it) is retried for a while (consistency.ts). */
  private remember(run: Run, response: Response): void {
    const { hop, call } = run;
    if (hop.method !== "POST" || response.status !== 201 || call.retry.eventualConsistencyMs <= 0) return;
    const path = createdPath(hop.url, response.headers.get("location"), parsedBody(response));
    if (path !== undefined) this.created.add(path, call.retry.eventualConsistencyMs);
  }

  /** Waits `ms` before the call goes on; a signal that ends the wait early ends the call, typed. */
  private async wait(run: Run, ms: number): Promise<void> {
    try {
      await sleep(ms, run.deadline.signal());
    } catch (failure) {
      throw classify(failure, run, undefined);
    }
  }

  /**
   * The client-wide pause after a 429 would outlast the call's deadline: nothing could be sent in time, so the
   * call fails now with a timeout, instead of sleeping until the deadline to fail then.
   */
  private pauseOutlastsDeadline(run: Run, pauseMs: number): PingOneTimeoutError {
    const { hop, deadline, call } = run;
    const left = Math.max(0, Math.floor(deadline.remainingMs()));
    this.log(
      "warn",
      `${where(hop)}: the rate-limit pause (${pauseMs} ms) outlasts the call's deadline (${left} ms left)`,
    );
    return new PingOneTimeoutError({
      method: hop.method,
      path: hop.url.pathname,
      timeoutMs: call.totalTimeoutMs,
      scope: "total",
    });
  }

  /**
   * The API's bearer token goes to the API origin only: never to the authorization server's paths (even where
   * both hosts share one origin, as on a mock or a proxy), never over credentials the caller set itself.
   */
  private mayCarryBearer(hop: Hop, call: Call): boolean {
    return (
      hop.origin === this.options.apiOrigin &&
      !call.authServer &&
      (hop.bearer || !hop.headers.has("authorization")) &&
      !(hop.origin === this.options.authOrigin && this.isAuthServerUrl(hop.url))
    );
  }

  /** A hop that would carry the API's bearer token needs a client with auth: refused before anything is sent. */
  private checkAuth(hop: Hop, call: Call): void {
    if (this.options.tokens || !this.mayCarryBearer(hop, call)) return;
    throw new PingOneConfigError({
      option: "auth",
      message: `${where(hop)} is an API path, and this client was created without auth: pass auth (worker credentials or an accessToken) to call the API`,
    });
  }

  /**
   * A request may go to the API origin, or to the authorization server when the client routed it there (a
   * token, authorize or flow path). Anything else, such as a next-page link or a redirect elsewhere, is refused
   * before it is sent.
   */
  private checkOrigin({ origin }: Hop, call: Call): void {
    if (origin === this.options.apiOrigin) return;
    if (origin === this.options.authOrigin && call.authServer) return;
    throw new PingOneSecurityError({
      message: `refused to send a request to ${origin}: only ${this.options.apiOrigin} is allowed here`,
      origin,
    });
  }
}

/** What an attempt has sent: its clock, the token it carried, when it went out (performance.now()). */
interface Sent {
  timer: Attempt | undefined;
  token: string | undefined;
  at: number | undefined;
}

/** A light request whose body the transport sends as it is (none, or a string): read directly, not copied. */
function isLight(request: OutgoingRequest): request is LightRequest {
  return request instanceof LightRequest && (request.body == null || typeof request.body === "string");
}

function lightHop(request: LightRequest, origin: string): Hop {
  const body = request.body as string | null | undefined;
  return new Hop(request.method, request.url, origin, request.headers, body ?? undefined);
}

/** A real Request (a middleware saw it), or a light one with a body to read: copied once. */
async function runOfRequest(request: OutgoingRequest, call: Call): Promise<Run> {
  const real = request instanceof LightRequest ? request.toRequest() : request;
  const url = new URL(real.url);
  const body = real.body ? await real.arrayBuffer() : undefined;
  const hop = new Hop(real.method, url.href, url.origin, new Headers(real.headers), body, url);
  return runOf(hop, real.signal, call);
}

function runOf(hop: Hop, signal: AbortSignal | undefined, call: Call): Run {
  const transactionId = hop.headers.get(TRANSACTION_HEADER) ?? undefined;
  const deadline = new Deadline(signal, call.totalTimeoutMs);
  return { call, hop, deadline, state: initialState(hop.method), attempts: 0, transactionId };
}

function factsOf(run: Run): CallFacts {
  return {
    method: run.hop.method,
    path: run.hop.url.pathname,
    attempts: run.attempts,
    transactionId: run.transactionId,
  };
}

/** What a failed attempt is, from what the call knows: the caller stopped it, a clock ran out, or the network. */
function classify(failure: unknown, run: Run, timer: Attempt | undefined): PingOneClientError {
  if (failure instanceof PingOneClientError) return failure; // already ours, e.g. from the token source
  const { hop, deadline, call } = run;
  const [method, path] = [hop.method, hop.url.pathname];
  const caller = deadline.caller;
  if (caller?.aborted) {
    // The caller's own AbortSignal.timeout() ran out: a timeout of the whole call, not a cancellation.
    const reason: unknown = caller.reason;
    if (reason instanceof DOMException && reason.name === "TimeoutError")
      return new PingOneTimeoutError({
        method,
        path,
        timeoutMs: Date.now() - deadline.started,
        scope: "total",
      });
    return new PingOneAbortError({ method, path, cause: reason });
  }
  if (deadline.passed())
    return new PingOneTimeoutError({ method, path, timeoutMs: call.totalTimeoutMs, scope: "total" });
  if (timer?.timedOut())
    return new PingOneTimeoutError({ method, path, timeoutMs: call.timeoutMs, scope: "attempt" });
  return new PingOneConnectionError({ method, path, cause: failure, host: hop.url.host });
}

/** No (complete) response arrived: safe to send again only if sending twice changes nothing. */
function failureKind(error: PingOneClientError): "connection" | "attempt-timeout" | "final" {
  if (error instanceof PingOneConnectionError) return "connection";
  if (error instanceof PingOneTimeoutError && error.scope === "attempt") return "attempt-timeout";
  return "final";
}

function countRetry(state: CallState, decision: Extract<Decision, { action: "retry" }>): void {
  if (decision.consistency) state.consistencyRetries = (state.consistencyRetries ?? 0) + 1;
  else if (decision.counted) state.retries++;
  else state.freeRetries++;
}

const where = (hop: Hop) => `${hop.method} ${hop.url.pathname}`;
const statusOf = (outcome: Outcome) => ("status" in outcome ? outcome.status : outcome.failure);

function retryLine(
  run: Run,
  result: AttemptResult,
  decision: Extract<Decision, { action: "retry" }>,
): string {
  const what = result.error?.kind ?? result.response?.status;
  const retries = `retry ${run.state.retries}/${run.call.retry.maxRetries}`;
  const why = decision.consistency ? " (eventual consistency: created moments ago)" : "";
  return `${where(run.hop)}: ${what}${why}, ${retries} in ${decision.delayMs} ms`;
}

function attemptEvent(run: Run, result: AttemptResult) {
  const { decision, outcome, error } = result;
  return {
    method: run.hop.method,
    path: run.call.template,
    attempt: run.attempts,
    ...("status" in outcome ? { status: outcome.status } : { failure: error?.kind }),
    next: decision.action,
    ...(decision.action === "retry" ? { delayMs: decision.delayMs, reason: reasonOf(result, decision) } : {}),
    durationMs: result.durationMs,
    ...(run.transactionId === undefined ? {} : { transactionId: run.transactionId }),
  };
}

function reasonOf(result: AttemptResult, decision: Extract<Decision, { action: "retry" }>) {
  if (decision.consistency) return "eventual-consistency" as const;
  if (result.error) return result.error.kind === "timeout" ? ("timeout" as const) : ("connection" as const);
  return result.response?.status === 429 ? ("rate-limit" as const) : ("status" as const);
}
