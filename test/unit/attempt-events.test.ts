/**
 * `onAttempt` gets one structured event per attempt: what it was (method, path template, attempt number,
 * status or failure kind, duration) and what follows (deliver, retry after a delay, redirect, refresh). No
 * header value but the caller's own transaction id, no token, no body; a listener that fails changes nothing.
 */
import { describe, expect, it } from "vitest";
import { createPingOneClient, type AttemptEvent } from "../../src/index.js";
import { resetConnection, sendJson } from "../support/local-server.js";
import { ATTRIBUTES, ENV, appParams, mapping, p1Error, page, serve } from "../support/scenario.js";
import { TOKEN, call, clientFor, scripted } from "../support/client.js";

const TRANSACTION = "x-ping-external-transaction-id";

function recorder() {
  const events: AttemptEvent[] = [];
  return { events, onAttempt: (event: AttemptEvent) => void events.push(event) };
}

describe("one event per attempt", () => {
  it("a 503, a reset and a success: what each attempt was, what followed, the caller's transaction id", async () => {
    const server = await scripted([{ status: 503, headers: { "retry-after-ms": "5" } }, resetConnection]);
    const { events, onAttempt } = recorder();
    const headers = { "X-Ping-External-Transaction-ID": "order-4711" };
    const { response } = await call(clientFor(server, { onAttempt, headers }), "GET");
    expect(response.status).toBe(200);
    expect(events).toEqual([
      expect.objectContaining({ attempt: 1, status: 503, next: "retry", delayMs: 5, reason: "status" }),
      expect.objectContaining({ attempt: 2, failure: "connection", next: "retry", reason: "connection" }),
      expect.objectContaining({ attempt: 3, status: 200, next: "deliver" }),
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ method: "GET", path: ATTRIBUTES });
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
      expect(event.delayMs === undefined).toBe(event.next !== "retry");
    }
    const sent = server.seen.map((request) => request.headers[TRANSACTION]);
    expect([...sent, ...events.map((e) => e.transactionId)]).toEqual(Array(6).fill("order-4711"));
  });

  it("a redirect and a token refresh are attempts too", async () => {
    const server = await scripted([
      (request, response) => response.writeHead(307, { location: request.url }).end(),
      401,
    ]);
    const { events, onAttempt } = recorder();
    await call(clientFor(server, { onAttempt }), "POST");
    expect(events.map(({ attempt, status, next }) => [attempt, status, next])).toEqual([
      [1, 307, "redirect"],
      [2, 401, "refresh-token"],
      [3, 201, "deliver"],
    ]);
  });

  it("a failure that ends the call is the last event", async () => {
    const server = await serve(() => {}); // never answers
    const { events, onAttempt } = recorder();
    await call(clientFor(server, { onAttempt, timeoutMs: 50 }), "POST").catch(() => undefined);
    expect(events).toEqual([expect.objectContaining({ attempt: 1, failure: "timeout", next: "fail" })]);
  });

  it("every page of a collection names the collection's path template", async () => {
    const next = `${`/environments/${ENV}/applications/a/attributes`}?cursor=2`;
    const server = await serve((request, response) =>
      sendJson(
        response,
        200,
        request.url.includes("cursor") ? page(["b"]) : page(["a"], `${server.url}${next}`),
      ),
    );
    const { events, onAttempt } = recorder();
    const client = createPingOneClient({ baseUrl: server.url, accessToken: TOKEN, onAttempt });
    const names: string[] = [];
    for await (const item of client.paginate(ATTRIBUTES, {
      params: { path: { environmentID: ENV, applicationID: "a" } },
    }))
      names.push(item.name);
    expect(names).toEqual(["a", "b"]);
    expect(events.map((e) => e.path)).toEqual([ATTRIBUTES, ATTRIBUTES]);
  });

  it("carries no token, no body, and no header value but the caller's transaction id", async () => {
    const server = await scripted([{ status: 503, body: p1Error("SERVICE_UNAVAILABLE", "secret-detail") }]);
    const { events, onAttempt } = recorder();
    await clientFor(server, { onAttempt, retry: { initialDelayMs: 1 } }).PUT(
      `${ATTRIBUTES}/{attributeMappingID}`,
      {
        params: { path: { ...appParams.params.path, attributeMappingID: "m" } },
        body: { name: "body-secret", value: "${user.email}" },
        headers: { "X-Custom": "header-secret" },
      },
    );
    const text = JSON.stringify(events);
    expect(events).toHaveLength(2);
    for (const secret of [TOKEN, "body-secret", "header-secret", "secret-detail", "/m"])
      expect(text).not.toContain(secret);
    expect(Object.keys(events[0]!).sort()).toEqual(
      ["attempt", "delayMs", "durationMs", "method", "next", "path", "reason", "status"].sort(), // no transactionId: the caller set none, and the client invents none
    );
  });
});

describe("a listener that fails", () => {
  it.each([
    [
      "by throwing",
      () => {
        throw new Error("metrics down");
      },
    ],
    ["with a promise that rejects", () => Promise.reject(new Error("metrics down"))],
  ])("%s changes nothing", async (_, onAttempt) => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const server = await scripted([503], (_request, response) => sendJson(response, 200, mapping("email")));
      const client = clientFor(server, { onAttempt, retry: { initialDelayMs: 1 } });
      const { data } = await client.GET(`${ATTRIBUTES}/{attributeMappingID}`, {
        params: { path: { ...appParams.params.path, attributeMappingID: "m" } },
      });
      expect(data).toMatchObject({ name: "email" });
      expect(server.seen).toHaveLength(2);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
