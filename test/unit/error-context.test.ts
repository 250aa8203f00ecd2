/**
 * An error that belongs to a call tells how many attempts the call made and the transaction id it was sent
 * with (what PingOne's audit log records); its message shows what a non-PingOne error body says (a proxy's or
 * a mock's problem+json) and the host a connection failed to reach.
 */
import { describe, expect, it } from "vitest";
import { PingOneApiError, PingOneConnectionError, createPingOneClient } from "../../src/index.js";
import { resetConnection, sendJson } from "../support/local-server.js";
import { ATTRIBUTES, appParams, p1Error, serve } from "../support/scenario.js";
import { TOKEN, call, clientFor, thrown } from "../support/client.js";

const TRANSACTION = "x-ping-external-transaction-id";

/** Every call of these tests carries a transaction id of the caller's, client-wide. */
const traced = { headers: { "X-Ping-External-Transaction-ID": "order-4711" } };

describe("attempts, transaction id and correlation id", () => {
  it("on a PingOneApiError from unwrap, after the retries, with PingOne's Correlation-Id", async () => {
    const server = await serve((_request, response) =>
      sendJson(response, 503, p1Error("SERVICE_UNAVAILABLE", "busy"), {
        "retry-after-ms": "1",
        "correlation-id": `c-${server.seen.length}`,
      }),
    );
    const error = await thrown(call(clientFor(server, traced), "GET"));
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error).toMatchObject({ attempts: 3, transactionId: "order-4711", correlationId: "c-3" });
    expect(server.seen.map((request) => request.headers[TRANSACTION])).toEqual(Array(3).fill("order-4711"));
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ attempts: 3, correlationId: "c-3" });
  });

  it("on a failure the transport throws (a reset connection, for a POST not retried)", async () => {
    const server = await serve(resetConnection);
    const error = await call(clientFor(server, traced), "POST").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneConnectionError);
    expect(error).toMatchObject({ attempts: 1, transactionId: "order-4711" });
  });

  it("the caller's transaction id for one call overrides the client's", async () => {
    const server = await serve((_request, response) => sendJson(response, 404, p1Error("NOT_FOUND", "gone")));
    const client = clientFor(server, traced);
    const fromCall = await thrown(
      client.GET(ATTRIBUTES, { ...appParams, headers: { "X-Ping-External-Transaction-ID": "this-call" } }),
    );
    expect(server.seen.map((request) => request.headers[TRANSACTION])).toEqual(["this-call"]);
    expect(fromCall).toMatchObject({ transactionId: "this-call", attempts: 1 });
  });

  it("none is invented: a call without one sends none, and its error has none", async () => {
    const server = await serve((_request, response) => sendJson(response, 404, p1Error("NOT_FOUND", "gone")));
    const error = await thrown(call(clientFor(server), "GET"));
    expect(server.seen[0]!.headers[TRANSACTION]).toBeUndefined();
    expect(error).toMatchObject({ attempts: 1 });
    expect((error as { transactionId?: string }).transactionId).toBeUndefined();
  });

  it("on a page of a collection that is not what it should be", async () => {
    const server = await serve((_request, response) =>
      sendJson(response, 200, { _embedded: "not a collection" }, { "correlation-id": "c-page" }),
    );
    const pages = clientFor(server, traced).paginate(ATTRIBUTES, appParams);
    const error = await pages.next().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-response", attempts: 1, transactionId: "order-4711" });
  });

  it("on a body that is not what it should be, with PingOne's Correlation-Id", async () => {
    const server = await serve((_request, response) =>
      response.writeHead(200, { "content-type": "text/html", "correlation-id": "c-html" }).end("<html/>"),
    );
    const error = await call(clientFor(server, traced), "GET").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-response", attempts: 1, correlationId: "c-html" });
  });
});

describe("messages", () => {
  it("show a problem+json body's title and detail", async () => {
    const server = await serve((_request, response) =>
      response.writeHead(422, { "content-type": "application/problem+json" }).end(
        JSON.stringify({
          type: "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
          title: "Invalid request",
          status: 422,
          detail: "Your request is not valid and no HTTP validation response was found in the spec.",
        }),
      ),
    );
    const error = await thrown(call(clientFor(server), "POST"));
    expect((error as Error).message).toMatch(
      /^POST \/environments\/\S+ failed: 422 HTTP_422: Invalid request: Your request is not valid/,
    );
  });

  it("keep PingOne's own message where there is one", async () => {
    const server = await serve((_request, response) =>
      sendJson(response, 400, {
        ...p1Error("INVALID_DATA", "The request could not be completed."),
        title: "x",
      }),
    );
    const error = await thrown(call(clientFor(server), "POST"));
    expect((error as Error).message).toMatch(/400 INVALID_DATA: The request could not be completed\.$/);
  });

  it("name the host a connection failed to reach", async () => {
    const server = await serve(resetConnection);
    const error = await call(clientFor(server, { retry: false }), "GET").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneConnectionError);
    expect((error as Error).message).toContain(`; host ${new URL(server.url).host})`);
    expect(error).toMatchObject({ host: new URL(server.url).host, attempts: 1 });
  });

  it("name the host even where nothing listens", async () => {
    const client = createPingOneClient({ baseUrl: "http://127.0.0.1:9", accessToken: TOKEN, retry: false });
    const error = await call(client, "GET").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneConnectionError);
    expect((error as Error).message).toMatch(/connection failed \(.*; host 127\.0\.0\.1:9\)$/);
  });
});
