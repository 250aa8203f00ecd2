/**
 * The one place the client tests get a client, send typed calls, script a server's answers and read what came
 * back. A client is built over a local server (test/support/local-server.ts) or a fake fetch
 * (test/support/fake-fetch.ts); every request either one saw stays recorded for the test to check.
 */
import {
  createPingOneClient,
  unwrap,
  type PingOneClient,
  type PingOneClientOptions,
} from "../../src/index.js";
import type { FakeFetch } from "./fake-fetch.js";
import { sendJson, type Handler, type LocalServer } from "./local-server.js";
import {
  ATTRIBUTE,
  ATTRIBUTES,
  appParams,
  mapping,
  mappingInput,
  mappingParams,
  p1Error,
  page,
  serve,
} from "./scenario.js";

/** Shaped like a JWT, so that a test looking for it in a message or a log line would find any part of it. */
export const TOKEN = "eyJraWQiOiJzZWNyZXQifQ.c2VjcmV0LWJlYXJlci10b2tlbg.sig-9f2c";
/** Backoff starts at 20 ms here, so its jittered lower bounds are 15, 30, 60 ms ... */
export const FAST = { initialDelayMs: 20 };

/** The hosts a client of a fake fetch sends to: PingOne's EU region. */
export const FAKE_API = "https://api.pingone.eu/v1";
export const FAKE_AUTH = "https://auth.pingone.eu";

/**
 * A client of `target`: a local server (its URL as the base URL) or a fake fetch (PingOne's EU hosts, nothing
 * leaves the process). It sends TOKEN and backs off FAST unless `options` say otherwise; `auth` in `options`
 * takes the place of TOKEN.
 */
export function clientFor(
  target: LocalServer | FakeFetch,
  options: Partial<PingOneClientOptions> = {},
): PingOneClient {
  const where = "fetch" in target ? { region: "eu" as const, fetch: target.fetch } : { baseUrl: target.url };
  return createPingOneClient({ ...where, accessToken: TOKEN, retry: FAST, ...options });
}

export type Method = "GET" | "PUT" | "DELETE" | "POST" | "PATCH";
export interface Result {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** One typed call per method, on the application attribute mapping paths. */
export function call(
  client: PingOneClient,
  method: Method,
  init: { signal?: AbortSignal } = {},
): Promise<Result> {
  switch (method) {
    case "GET":
      return client.GET(ATTRIBUTES, { ...appParams, ...init });
    case "PUT":
      return client.PUT(ATTRIBUTE, { ...mappingParams, body: mappingInput, ...init });
    case "DELETE":
      return client.DELETE(ATTRIBUTE, { ...mappingParams, ...init });
    case "POST":
      return client.POST(ATTRIBUTES, { ...appParams, body: mappingInput, ...init });
    case "PATCH": {
      // The spec has no PATCH operation; the transport's policy for PATCH is reached through openapi-fetch anyway.
      const patch = client.PATCH as unknown as (path: string, init: unknown) => Promise<Result>;
      return patch(ATTRIBUTE, { ...mappingParams, body: mappingInput, ...init });
    }
  }
}

/** The success answer each method of `call` expects. */
export const succeed: Handler = (request, response) => {
  if (request.method === "DELETE") return void response.writeHead(204).end();
  if (request.method === "GET" && request.url.endsWith("/attributes")) {
    return sendJson(response, 200, page(["email"]));
  }
  sendJson(response, request.method === "POST" ? 201 : 200, mapping("email"));
};

/** Answers the i-th call with the i-th of `script`, and every call after them with `then`. */
export function inOrder<Args extends unknown[], R>(
  script: readonly ((...args: Args) => R)[],
  then: (...args: Args) => R,
): (...args: Args) => R {
  let next = 0;
  return (...args) => (next < script.length ? script[next++]! : then)(...args);
}

/** An error status with PingOne's error body for it, and any headers (`Retry-After` ...). */
export interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const CODES: Record<number, string> = {
  401: "ACCESS_FAILED",
  404: "NOT_FOUND",
  429: "REQUEST_LIMITED",
  503: "SERVICE_UNAVAILABLE",
};

/** Sends `failure`: a bare status stands for that status with PingOne's error body. */
export function fail(failure: number | Failure): Handler {
  const { status, headers, body } = typeof failure === "number" ? { status: failure } : failure;
  const code = CODES[status] ?? (status >= 500 ? "SERVER_ERROR" : "INVALID_DATA");
  return (_request, response) => sendJson(response, status, body ?? p1Error(code, "scripted"), headers);
}

/**
 * A local server for the current test that answers the i-th request with the i-th of `answers` (a failure, or
 * a handler for anything else: a reset, a cut body, no answer), then every later request with `then`, the
 * calls' success by default. Its `seen` records each request.
 */
export function scripted(
  answers: (number | Failure | Handler)[],
  then: Handler = succeed,
): Promise<LocalServer> {
  return serve(
    inOrder(
      answers.map((answer) => (typeof answer === "function" ? answer : fail(answer))),
      then,
    ),
  );
}

/** Answers with `handler` once `ready` has settled: to hold an answer back until the test's moment. */
export function when(ready: () => Promise<unknown>, handler: Handler): Handler {
  return (request, response) => void ready().then(() => handler(request, response));
}

/** What a call throws in the throwing style (`unwrap`): its error, or undefined when it succeeds. */
export function thrown(result: Promise<Result>): Promise<unknown> {
  return result.then(unwrap).then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** Every item of an iteration (`paginate`), and the error that ended it, if one did. */
export async function drain<T>(items: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const seen: T[] = [];
  try {
    for await (const item of items) seen.push(item);
    return { items: seen, error: undefined };
  } catch (error) {
    return { items: seen, error };
  }
}

/** A logger that keeps its lines, and can wait for one. */
export function logLines() {
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  const push = (line: string) => {
    lines.push(line);
    for (const w of waiting.filter((w) => w.pattern.test(line))) w.resolve();
  };
  return {
    lines,
    logger: { debug: push, warn: push },
    /** Resolves once a line matching `pattern` was logged. */
    logged: (pattern: RegExp) =>
      lines.some((l) => pattern.test(l))
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.push({ pattern, resolve })),
  };
}
