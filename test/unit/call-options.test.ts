/**
 * Per-call options: `timeoutMs`, `totalTimeoutMs` and `retry` on any method override the client's for that
 * call only, are checked like the client's, and a caller's own `AbortSignal.timeout()` is a timeout.
 */
import { describe, expect, it } from "vitest";
import { PingOneAbortError, PingOneConfigError, PingOneTimeoutError } from "../../src/index.js";
import { sendJson } from "../support/local-server.js";
import { ATTRIBUTES, appParams, p1Error, serve } from "../support/scenario.js";
import { FAST, TOKEN, call, clientFor, logLines, succeed } from "../support/client.js";
import { fakeFetch } from "../support/fake-fetch.js";

const unavailable = () =>
  serve((_request, response) => sendJson(response, 503, p1Error("SERVICE_UNAVAILABLE", "busy")));
const silent = () => serve(() => {}); // never answers

describe("per-call options override the client's for that call only", () => {
  it("timeoutMs", async () => {
    const server = await silent();
    const client = clientFor(server, { timeoutMs: 60_000, retry: false });
    const started = Date.now();
    const error = await client.GET(ATTRIBUTES, { ...appParams, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ scope: "attempt", timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(10_000); // not the client's 60 s
  });

  it("totalTimeoutMs", async () => {
    const server = await silent();
    const client = clientFor(server, { timeoutMs: 60_000, retry: { ...FAST, maxRetries: 5 } });
    const error = await client
      .GET(ATTRIBUTES, { ...appParams, totalTimeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", scope: "total", timeoutMs: 150 });
  });

  it("retry: false sends the call once, and the next call retries again", async () => {
    const server = await unavailable();
    const client = clientFor(server, { retry: { ...FAST, initialDelayMs: 5, maxRetries: 2 } });
    const once = await client.GET(ATTRIBUTES, { ...appParams, retry: false });
    expect(once.response.status).toBe(503);
    expect(server.seen).toHaveLength(1);
    await call(client, "GET");
    expect(server.seen).toHaveLength(4);
  });

  it("retry options are merged over the client's", async () => {
    const server = await unavailable();
    const log = logLines();
    const client = clientFor(server, { logger: log.logger, retry: { initialDelayMs: 5, maxRetries: 0 } });
    const { response } = await client.GET(ATTRIBUTES, { ...appParams, retry: { maxRetries: 3 } });
    expect(response.status).toBe(503);
    expect(server.seen).toHaveLength(4);
    // The client's 5 ms backoff (jittered down by up to a quarter), doubling: not the default 500 ms.
    const delays = log.lines.map((line) => Number(/retry \d\/3 in (\d+) ms/.exec(line)?.[1]));
    expect(delays).toHaveLength(3);
    delays.forEach((delay, i) => expect(delay).toBeLessThanOrEqual(5 * 2 ** i));
  });

  it("fetch: the call's own fetch sends it, still with the client's token and checks", async () => {
    const server = await serve(succeed);
    const { fetch, requests } = fakeFetch();
    const client = clientFor(server);
    const { response } = await client.GET(ATTRIBUTES, { ...appParams, fetch });
    expect(response.status).toBe(200);
    expect(requests.map((request) => request.headers.get("authorization"))).toEqual([`Bearer ${TOKEN}`]);
    expect(server.seen).toHaveLength(0); // the call went through its own fetch only
    await call(client, "GET");
    expect(server.seen).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a timeoutMs of zero", { timeoutMs: 0 }, "timeoutMs"],
    ["a timeoutMs that is not a number", { timeoutMs: "100" }, "timeoutMs"],
    ["a totalTimeoutMs longer than a timer holds", { totalTimeoutMs: 2 ** 31 }, "totalTimeoutMs"],
    ["a negative maxRetries", { retry: { maxRetries: -1 } }, "retry.maxRetries"],
    ["a misspelled retry option", { retry: { maxRetry: 3 } }, "retry.maxRetry"],
    ["a retry that is neither options nor false", { retry: true }, "retry"],
  ])("%s is a PingOneConfigError naming it, and nothing is sent", async (_, options, option) => {
    const server = await serve(succeed);
    const get = clientFor(server).GET as unknown as (path: string, init: unknown) => Promise<unknown>;
    const error = await get(ATTRIBUTES, { ...appParams, ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneConfigError);
    expect(error).toMatchObject({ option });
    expect(server.seen).toHaveLength(0);
  });
});

describe("the caller's own signal", () => {
  it("AbortSignal.timeout() running out is a timeout of the call, not an abort", async () => {
    const server = await silent();
    const client = clientFor(server, { timeoutMs: 60_000 });
    const error = await call(client, "GET", { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ kind: "timeout", scope: "total", method: "GET" });
    expect((error as PingOneTimeoutError).timeoutMs).toBeGreaterThan(0); // how long the call had run
  });

  it("an abort is still an abort", async () => {
    const server = await silent();
    const controller = new AbortController();
    const pending = call(clientFor(server, { timeoutMs: 60_000 }), "GET", { signal: controller.signal });
    await server.arrived(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(PingOneAbortError);
  });
});
