/** Edge cases found in review: unbounded 429 loops, malformed tokens, redirect methods, relative next links. */
import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import {
  PingOneApiError,
  PingOneAuthError,
  PingOneConfigError,
  createPingOneClient,
} from "../../src/index.js";
import { gaps, sendJson } from "../support/local-server.js";
import { APP, ATTRIBUTES, ENV, attributesUrl, mapping, p1Error, page, serve } from "../support/scenario.js";
import { FAST, TOKEN, call, clientFor } from "../support/client.js";

const params = { params: { path: { environmentID: ENV, applicationID: APP } } };

describe("a server that answers 429 with Retry-After: 0 forever", () => {
  it("gets a bounded number of attempts, never back to back, then the 429", async () => {
    const server = await serve((request, response) =>
      sendJson(response, 429, p1Error("REQUEST_LIMITED", "slow down"), { "retry-after": "0" }),
    );
    const { response } = await call(clientFor(server, { retry: { ...FAST, maxRetries: 1 } }), "POST");
    expect(response.status).toBe(429);
    // The first 429 costs the one retry; 429s met while holding back are free, but at most 20 of them.
    expect(server.seen).toHaveLength(1 + 1 + 20);
    for (const gap of gaps(server.seen).slice(2)) expect(gap).toBeGreaterThanOrEqual(10 - 2);
  });
});

describe("a token that is not visible ASCII", () => {
  const bad = "SECRET\u0000TOKEN";
  it("is refused as an option, without quoting it", () => {
    const create = () => createPingOneClient({ baseUrl: "http://127.0.0.1:9", accessToken: bad });
    expect(create).toThrow(PingOneConfigError);
    expect(() => create()).not.toThrow(/SECRET/);
  });

  it("is refused from a token function before anything is sent, without quoting it", async () => {
    const server = await serve((request, response) => sendJson(response, 200, page([])));
    const client = createPingOneClient({ baseUrl: server.url, accessToken: () => bad });
    const error = await client.GET(ATTRIBUTES, params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneAuthError);
    for (const shown of [(error as Error).message, inspect(error), JSON.stringify(error)]) {
      expect(shown).not.toContain("SECRET");
    }
    expect(server.seen).toHaveLength(0);
  });
});

describe("redirects follow HTTP's method rules", () => {
  it("a 303 after a POST is followed with a GET and no body", async () => {
    const server = await serve((request, response) =>
      request.method === "POST"
        ? response.writeHead(303, { location: `${attributesUrl}/created` }).end()
        : sendJson(response, 200, mapping("email")),
    );
    const { response } = await call(clientFor(server), "POST");
    expect(response.ok).toBe(true);
    expect(server.seen.map((r) => `${r.method} ${r.url} ${r.body.length}`)).toEqual([
      `POST ${attributesUrl} ${server.seen[0]!.body.length}`,
      `GET ${attributesUrl}/created 0`,
    ]);
    expect(server.seen[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("a relative next link", () => {
  it("is resolved against the page it came from", async () => {
    const server = await serve((request, response) =>
      request.url.includes("cursor=2")
        ? sendJson(response, 200, page(["given_name"]))
        : sendJson(response, 200, page(["email"], `${attributesUrl}?cursor=2`)),
    );
    const names: string[] = [];
    for await (const item of clientFor(server).paginate(ATTRIBUTES, params)) names.push(item.name);
    expect(names).toEqual(["email", "given_name"]);
    expect(server.seen.map((r) => r.url)).toEqual([attributesUrl, `${attributesUrl}?cursor=2`]);
  });

  it("that cannot be read as a URL at all is a typed error, not a bare TypeError", async () => {
    const server = await serve((request, response) =>
      sendJson(response, 200, page(["email"], "http://[bad")),
    );
    const error = await (async () => {
      for await (const _ of clientFor(server).paginate(ATTRIBUTES, params));
    })().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(PingOneApiError);
    expect((error as { kind?: string }).kind).toBe("invalid-response");
  });
});
