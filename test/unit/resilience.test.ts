/**
 * Retries, timeouts, aborts and body checks, against a local fault-injecting server. Every test asserts on
 * what the server saw (attempts, gaps, bodies, dropped connections), not only on what the caller got.
 * Retry-After and the 429 pause are in rate-limit.test.ts.
 */
import { describe, expect, it, vi } from "vitest";
import {
  PingOneAbortError,
  PingOneApiError,
  PingOneConnectionError,
  PingOneInvalidResponseError,
  PingOneTimeoutError,
  type PingOneClientOptions,
} from "../../src/index.js";
import { fakeFetch, timedFetch } from "../support/fake-fetch.js";
import { cutMidBody, gaps, neverAnswer, resetConnection, sendJson } from "../support/local-server.js";
import {
  ATTRIBUTE,
  CLOCK_SLACK_MS,
  attributeUrl,
  attributesUrl,
  delay,
  mapping,
  mappingInput,
  mappingParams,
  p1Error,
  page,
  serve,
} from "../support/scenario.js";
import {
  FAST,
  TOKEN,
  call,
  clientFor,
  fail,
  inOrder,
  logLines,
  scripted,
  succeed,
  thrown,
  type Method,
} from "../support/client.js";

describe("retries", () => {
  describe.each(["GET", "PUT", "DELETE"] as const)("%s", (method) => {
    it.each([408, 429, 500, 502, 503, 504])(
      "is retried after %i, with backoff, sending the same request",
      async (status) => {
        const server = await scripted([status]);
        const { response } = await call(clientFor(server), method);
        expect(response.ok).toBe(true);
        expect(server.seen).toHaveLength(2);
        const [first, second] = server.seen;
        expect([second!.method, second!.url, second!.body]).toEqual([first!.method, first!.url, first!.body]);
        expect(second!.headers.authorization).toBe(`Bearer ${TOKEN}`);
        expect(gaps(server.seen)[0]).toBeGreaterThanOrEqual(15 - CLOCK_SLACK_MS);
      },
    );

    it("is retried after the connection is reset before the headers", async () => {
      const server = await scripted([resetConnection]);
      const { response } = await call(clientFor(server), method);
      expect(response.ok).toBe(true);
      expect(server.seen.map((r) => r.method)).toEqual([method, method]);
      expect(gaps(server.seen)[0]).toBeGreaterThanOrEqual(15 - CLOCK_SLACK_MS);
    });
  });

  it("GET is retried after the connection breaks in the middle of the body", async () => {
    const server = await scripted([cutMidBody]);
    const { data } = await call(clientFor(server), "GET");
    expect(data).toEqual(page(["email"]));
    expect(server.seen).toHaveLength(2);
    expect(server.seen[0]!.cut).toBe(true);
  });

  describe.each(["POST", "PATCH"] as const)("%s", (method) => {
    it("is retried after 429, no earlier than Retry-After, with the same body", async () => {
      const server = await scripted([{ status: 429, headers: { "retry-after-ms": "60" } }]);
      const { response } = await call(clientFor(server), method);
      expect(response.ok).toBe(true);
      expect(server.seen).toHaveLength(2);
      expect(server.seen[1]!.body).toBe(server.seen[0]!.body);
      expect(JSON.parse(server.seen[1]!.body)).toEqual(mappingInput);
      expect(gaps(server.seen)[0]).toBeGreaterThanOrEqual(60 - CLOCK_SLACK_MS);
    });

    it.each([408, 500, 502, 503, 504])(
      "is not retried after %i: the first attempt may have done its work",
      async (status) => {
        const server = await serve((request, response) =>
          sendJson(response, status, p1Error("SERVER_ERROR", "failed")),
        );
        const { response, error } = await call(clientFor(server), method);
        expect(response.status).toBe(status);
        expect(error).toMatchObject({ code: "SERVER_ERROR" });
        expect(server.seen).toHaveLength(1);
      },
    );

    it("is not retried after a connection reset before the headers", async () => {
      const server = await serve(resetConnection);
      const error = await call(clientFor(server), method).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PingOneConnectionError);
      expect(error).toMatchObject({
        kind: "connection",
        method,
        path: expect.stringContaining("/attributes"),
      });
      expect(server.seen).toHaveLength(1);
    });

    it("is not retried after the connection breaks in the middle of the body", async () => {
      const server = await serve(cutMidBody);
      const error = await call(clientFor(server), method).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PingOneConnectionError);
      expect((error as Error).message).toMatch(/connection failed \(terminated/);
      expect(server.seen).toHaveLength(1);
    });
  });

  it.each([400, 403, 404, 405, 409, 412, 422])(
    "never retries another 4xx (%i), even a GET",
    async (status) => {
      const server = await serve((request, response) =>
        sendJson(response, status, p1Error("INVALID_DATA", "no")),
      );
      const { response } = await call(clientFor(server), "GET");
      expect(response.status).toBe(status);
      expect(server.seen).toHaveLength(1);
    },
  );

  it("gives up after maxRetries and reports the last answer", async () => {
    const server = await serve(fail(503));
    const error = await thrown(call(clientFor(server), "GET"));
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    expect(server.seen).toHaveLength(3); // default maxRetries: 2
  });

  it.each<[string, PingOneClientOptions["retry"], number]>([
    ["maxRetries: 4", { ...FAST, maxDelayMs: 20, maxRetries: 4 }, 5],
    ["maxRetries: 0", { maxRetries: 0 }, 1],
    ["retry: false", false, 1],
  ])("%s bounds the attempts", async (_, retry, attempts) => {
    const server = await serve(fail(503));
    const { response } = await call(clientFor(server, { retry }), "GET");
    expect(response.status).toBe(503);
    expect(server.seen).toHaveLength(attempts);
  });

  it("backs off exponentially with jitter when the server gives no Retry-After", async () => {
    const server = await serve(fail(503));
    await call(clientFor(server, { retry: { initialDelayMs: 20, maxRetries: 3 } }), "GET");
    expect(server.seen).toHaveLength(4);
    // 20, 40, 80 ms, each shortened by at most a quarter: the third gap exceeds any un-doubled delay.
    const [a, b, c] = gaps(server.seen);
    expect(a).toBeGreaterThanOrEqual(15 - CLOCK_SLACK_MS);
    expect(b).toBeGreaterThanOrEqual(30 - CLOCK_SLACK_MS);
    expect(c).toBeGreaterThanOrEqual(60 - CLOCK_SLACK_MS);
  });
});

describe("a logger that throws", () => {
  it("loses its line and changes nothing else", async () => {
    const fake = fakeFetch(
      inOrder([() => new Response(null, { status: 503 })], () => Response.json(mapping("email"))),
    );
    const client = clientFor(fake, {
      retry: { initialDelayMs: 1 },
      logger: {
        debug: () => {
          throw new Error("the log is full");
        },
      },
    });
    const { data, response } = await client.GET(ATTRIBUTE, mappingParams);
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ name: "email" });
    expect(fake.requests).toHaveLength(2); // the 503 was retried, its log line lost
  });
});

describe("timeouts", () => {
  it("an attempt whose headers come later than timeoutMs is abandoned and retried", async () => {
    const server = await scripted([neverAnswer]);
    // Timed where the attempt's clock starts, as the request is handed to fetch: on a loaded machine the first
    // request can reach the server late, so the gap between arrivals is no bound at all. And long enough for
    // the retry, answered at once, to come back within it however loaded the machine is.
    const { fetch, sentAt } = timedFetch();
    const timeoutMs = 500;
    const { data } = await call(clientFor(server, { timeoutMs, fetch }), "GET");
    expect(data).toEqual(page(["email"]));
    expect(server.seen).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(timeoutMs - CLOCK_SLACK_MS);
    await vi.waitFor(() => expect(server.seen[0]!.cut).toBe(true)); // the client closed the abandoned attempt
  });

  it("a POST that times out is not retried and reports the per-attempt timeout", async () => {
    const server = await serve(neverAnswer);
    const started = Date.now();
    const error = await call(clientFor(server, { timeoutMs: 100 }), "POST").catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ kind: "timeout", scope: "attempt", timeoutMs: 100, method: "POST" });
    expect(server.seen).toHaveLength(1);
  });

  it("a body that stalls past timeoutMs is a timeout too, not a connection failure", async () => {
    const server = await serve((request, response) => {
      response.writeHead(201, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"id": "'); // and nothing more
    });
    const error = await call(clientFor(server, { timeoutMs: 100 }), "POST").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ scope: "attempt" });
    expect(server.seen).toHaveLength(1);
  });

  it("the overall deadline ends a call that keeps timing out, however many retries are left", async () => {
    const server = await serve(neverAnswer);
    // Counted as handed to fetch, not as arrived: the deadline may cut a late retry off before it arrives.
    const { fetch, sentAt } = timedFetch();
    const started = Date.now();
    const client = clientFor(server, {
      fetch,
      timeoutMs: 100,
      totalTimeoutMs: 400,
      retry: { ...FAST, maxRetries: 5 },
    });
    const error = await call(client, "GET").catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400 - CLOCK_SLACK_MS);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ scope: "total", timeoutMs: 400 });
    expect(sentAt.length).toBeGreaterThanOrEqual(2); // it did retry after the first attempt timed out
    expect(sentAt.length).toBeLessThan(6); // and the deadline, not maxRetries, ended it
  });

  it("the overall deadline also cuts a Retry-After wait short", async () => {
    const server = await serve(fail({ status: 503, headers: { "retry-after-ms": "5000" } }));
    const error = await call(clientFor(server, { totalTimeoutMs: 150 }), "GET").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ scope: "total" });
    expect(server.seen).toHaveLength(1);
  });
});

describe("the caller's AbortSignal", () => {
  // A long per-attempt timeout: only the abort can end these calls within the test's time.
  const patient = { timeoutMs: 60_000 };

  it("stops the attempt in flight at once", async () => {
    const server = await serve(neverAnswer);
    const controller = new AbortController();
    const pending = call(clientFor(server, patient), "GET", { signal: controller.signal });
    await server.arrived(1);
    const reason = new Error("user cancelled");
    controller.abort(reason);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneAbortError);
    expect(error).toMatchObject({ kind: "aborted", method: "GET", cause: reason });
    await vi.waitFor(() => expect(server.seen[0]!.cut).toBe(true)); // the request was dropped, not left open
    await delay(50);
    expect(server.seen).toHaveLength(1); // and not retried
  });

  it("stops the backoff sleep and any further attempt", async () => {
    const server = await serve(fail({ status: 503, headers: { "retry-after-ms": "10000" } }));
    const log = logLines();
    const controller = new AbortController();
    const pending = call(clientFor(server, { ...patient, logger: log.logger }), "GET", {
      signal: controller.signal,
    });
    await log.logged(/503, retry 1\/2 in 10000 ms/); // now sleeping
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneAbortError);
    await delay(50);
    expect(server.seen).toHaveLength(1);
  });

  it("stops the wait of a client-wide 429 pause, and nothing is sent for it", async () => {
    const server = await serve(fail({ status: 429, headers: { "retry-after-ms": "10000" } }));
    const log = logLines();
    const client = clientFor(server, { ...patient, logger: log.logger });
    const first = new AbortController();
    const limited = call(client, "GET", { signal: first.signal });
    await log.logged(/429, retry 1\/2 in 10000 ms/);
    const second = new AbortController();
    const waiting = call(client, "POST", { signal: second.signal });
    await delay(20);
    second.abort();
    await expect(waiting).rejects.toBeInstanceOf(PingOneAbortError);
    first.abort();
    await expect(limited).rejects.toBeInstanceOf(PingOneAbortError);
    expect(server.seen.map((r) => r.method)).toEqual(["GET"]);
  });

  it("stops a response whose body is still arriving, and reports an abort", async () => {
    let headersSent!: () => void;
    const sent = new Promise<void>((resolve) => (headersSent = resolve));
    const server = await serve((request, response) => {
      response.writeHead(201, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"id": "', () => headersSent());
    });
    const controller = new AbortController();
    const pending = call(clientFor(server, patient), "POST", { signal: controller.signal });
    await sent;
    await delay(20); // the headers have reached the client: it is reading the body
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneAbortError);
    expect(server.seen).toHaveLength(1);
    await vi.waitFor(() => expect(server.seen[0]!.cut).toBe(true));
  });

  it("an already aborted signal sends nothing", async () => {
    const server = await serve(succeed);
    const error = await call(clientFor(server), "GET", { signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PingOneAbortError);
    expect(server.seen).toHaveLength(0);
  });
});

describe("body checks: a clear typed error, never a bare SyntaxError", () => {
  async function failure(answer: Parameters<typeof serve>[0], method: Method = "GET") {
    const server = await serve(answer);
    const error = await call(clientFor(server, { retry: false }), method).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(server.seen).toHaveLength(1);
    return error as PingOneInvalidResponseError;
  }

  it("malformed JSON", async () => {
    const error = await failure((request, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end('{"_embedded": {"attributes": ['),
    );
    expect(error).toBeInstanceOf(PingOneInvalidResponseError);
    expect(error).toMatchObject({
      kind: "invalid-response",
      status: 200,
      method: "GET",
      path: attributesUrl,
    });
    expect(error.message).toBe(
      `GET ${attributesUrl}: 200 response is not valid JSON (content-type application/json)`,
    );
  });

  it("an HTML error page from something in between", async () => {
    const error = await failure(
      (request, response) =>
        response.writeHead(502, { "content-type": "text/html" }).end("<html><body>Bad Gateway</body></html>"),
      "POST",
    );
    expect(error).toBeInstanceOf(PingOneInvalidResponseError);
    expect(error).toMatchObject({ status: 502, contentType: "text/html" });
    expect(error.message).toBe(`POST ${attributesUrl}: 502 response is not JSON (content-type text/html)`);
  });

  it("an empty body where data is due", async () => {
    const error = await failure((request, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end(),
    );
    expect(error).toBeInstanceOf(PingOneInvalidResponseError);
    expect(error.message).toBe(
      `GET ${attributesUrl}: 200 response had an empty body (content-type application/json)`,
    );
  });

  it("a body without a content type", async () => {
    const error = await failure((request, response) => response.writeHead(200).end("{}"));
    expect(error).toBeInstanceOf(PingOneInvalidResponseError);
    expect(error.message).toMatch(/200 response is not JSON \(content-type none\)$/);
  });

  it("an error status with an empty body is still a PingOne error", async () => {
    const server = await serve((request, response) => response.writeHead(503).end());
    const error = await thrown(call(clientFor(server, { retry: false }), "GET"));
    expect(error).toBeInstanceOf(PingOneApiError);
    expect((error as Error).message).toBe(`GET ${attributesUrl} failed: 503 HTTP_503: no error message`);
  });

  it("204 No Content and application/hal+json pass", async () => {
    const server = await serve((request, response) =>
      request.method === "DELETE"
        ? response.writeHead(204).end()
        : response
            .writeHead(200, { "content-type": "application/hal+json" })
            .end(JSON.stringify(page(["email"]))),
    );
    const client = clientFor(server);
    expect((await call(client, "DELETE")).response.status).toBe(204);
    expect((await call(client, "GET")).data).toEqual(page(["email"]));
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `DELETE ${attributeUrl}`,
      `GET ${attributesUrl}`,
    ]);
  });
});
