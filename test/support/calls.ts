/** Typed calls through the client, one per method, for the retry, rate-limit and timeout tests. */
import type { ServerResponse } from "node:http";
import {
  createPingOneClient,
  unwrap,
  type PingOneClient,
  type PingOneClientOptions,
} from "../../src/index.js";
import { sendJson, type LocalServer, type Seen } from "./local-server.js";
import { ATTRIBUTE, ATTRIBUTES, appParams, mapping, mappingInput, mappingParams, page } from "./scenario.js";

export const TOKEN = "eyJhbGciOiJSUzI1NiJ9.resilience.token";
/** Backoff starts at 20 ms here, so its jittered lower bounds are 15, 30, 60 ms ... */
export const FAST = { initialDelayMs: 20 };

export function clientFor(server: LocalServer, options: Partial<PingOneClientOptions> = {}): PingOneClient {
  return createPingOneClient({ baseUrl: server.url, accessToken: TOKEN, retry: FAST, ...options });
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

/** The success answer each method expects. */
export function succeed(request: Seen, response: ServerResponse): void {
  if (request.method === "DELETE") return void response.writeHead(204).end();
  if (request.method === "GET" && request.url.endsWith("/attributes")) {
    return sendJson(response, 200, page(["email"]));
  }
  sendJson(response, request.method === "POST" ? 201 : 200, mapping("email"));
}

/** What a call throws in the throwing style (`unwrap`): its error, or undefined when it succeeds. */
export function thrown(result: Promise<Result>): Promise<unknown> {
  return result.then(unwrap).then(
    () => undefined,
    (e: unknown) => e,
  );
}

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
