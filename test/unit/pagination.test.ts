/** `client.paginate` over HAL `_links.next.href`, against a local server serving pages. */
import { describe, expect, it } from "vitest";
import { PingOneAbortError, PingOneApiError, PingOneInvalidResponseError } from "../../src/index.js";
import { neverAnswer, sendJson, type Handler, type LocalServer } from "../support/local-server.js";
import { APP, ATTRIBUTES, ENV, appParams, attributesUrl, page, serve } from "../support/scenario.js";
import { FAKE_API, TOKEN, clientFor, drain, fail } from "../support/client.js";
import { fakeFetch } from "../support/fake-fetch.js";

/** A server with a page per `?cursor=` value; `next` says which cursor each page links to. */
async function pages(
  contents: Record<string, string[]>,
  next: Record<string, string | undefined>,
  special?: (cursor: string, attempt: number) => Handler | undefined,
) {
  const attempts = new Map<string, number>();
  const server: LocalServer = await serve((request, response) => {
    const cursor = new URL(request.url, server.url).searchParams.get("cursor") ?? "1";
    attempts.set(cursor, (attempts.get(cursor) ?? 0) + 1);
    const answer = special?.(cursor, attempts.get(cursor)!);
    if (answer) return answer(request, response);
    const to = next[cursor];
    const link = to && `${server.url}${attributesUrl}${to === "1" ? "" : `?cursor=${to}`}`; // page 1 is the bare URL
    sendJson(response, 200, page(contents[cursor] ?? [], link));
  });
  return server;
}

const name = (item: { name: string }) => item.name;
const urls = (server: LocalServer) => server.seen.map((r) => r.url);

describe("paginate", () => {
  it("follows _links.next.href across pages, with the token and default headers on each", async () => {
    const server = await pages({ 1: ["a", "b"], 2: ["c"], 3: ["d", "e"] }, { 1: "2", 2: "3" });
    const client = clientFor(server, { headers: { "X-Ping-External-Transaction-ID": "job-7" } });
    const { items, error } = await drain(client.paginate(ATTRIBUTES, appParams));
    expect(error).toBeUndefined();
    expect(items.map(name)).toEqual(["a", "b", "c", "d", "e"]);
    expect(urls(server)).toEqual([attributesUrl, `${attributesUrl}?cursor=2`, `${attributesUrl}?cursor=3`]);
    for (const request of server.seen) {
      expect(request.method).toBe("GET");
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.headers["x-ping-external-transaction-id"]).toBe("job-7");
    }
  });

  it("stops when a page has no next link", async () => {
    const server = await pages({ 1: ["only"] }, {});
    const { items } = await drain(clientFor(server).paginate(ATTRIBUTES, appParams));
    expect(items.map(name)).toEqual(["only"]);
    expect(server.seen).toHaveLength(1);
  });

  it("goes on past an empty page that links further", async () => {
    const server = await pages({ 1: ["a"], 2: [], 3: ["b"] }, { 1: "2", 2: "3" });
    const { items } = await drain(clientFor(server).paginate(ATTRIBUTES, appParams));
    expect(items.map(name)).toEqual(["a", "b"]);
    expect(server.seen).toHaveLength(3);
  });

  it("requests no further page once the caller stops iterating", async () => {
    const server = await pages({ 1: ["a", "b"], 2: ["c"] }, { 1: "2" });
    for await (const item of clientFor(server).paginate(ATTRIBUTES, appParams)) {
      if (item.name === "a") break;
    }
    expect(server.seen).toHaveLength(1);
  });

  it.each<[string, Record<string, string>, number]>([
    ["back to the first page", { 1: "2", 2: "1" }, 2],
    ["to itself", { 1: "2", 2: "2" }, 2],
    ["back to an earlier page", { 1: "2", 2: "3", 3: "2" }, 3],
  ])("detects a next link %s, and requests it no second time", async (_, next, requests) => {
    const server = await pages({ 1: ["a"], 2: ["b"], 3: ["c"] }, next);
    const { items, error } = await drain(clientFor(server).paginate(ATTRIBUTES, appParams));
    expect(error).toBeInstanceOf(PingOneInvalidResponseError);
    expect((error as Error).message).toMatch(/links back to a page already read/);
    expect(items.map(name)).toEqual(["a", "b", "c"].slice(0, requests));
    expect(server.seen).toHaveLength(requests);
  });

  it("retries a later page like any other request", async () => {
    const server = await pages({ 1: ["a"], 2: ["b"] }, { 1: "2" }, (cursor, attempt) =>
      cursor === "2" && attempt === 1 ? fail(503) : undefined,
    );
    const { items, error } = await drain(clientFor(server).paginate(ATTRIBUTES, appParams));
    expect(error).toBeUndefined();
    expect(items.map(name)).toEqual(["a", "b"]);
    expect(urls(server)).toEqual([attributesUrl, `${attributesUrl}?cursor=2`, `${attributesUrl}?cursor=2`]);
  });

  it("reports a PingOne error on a later page as a PingOneApiError", async () => {
    const server = await pages({ 1: ["a"] }, { 1: "2" }, (cursor) =>
      cursor === "2" ? fail(404) : undefined,
    );
    const { items, error } = await drain(clientFor(server).paginate(ATTRIBUTES, appParams));
    expect(items.map(name)).toEqual(["a"]);
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error).toMatchObject({ status: 404, code: "NOT_FOUND", method: "GET", path: attributesUrl });
  });

  it("reports an error status with an empty body on a later page as a PingOneApiError, not a SyntaxError", async () => {
    const server = await pages({ 1: ["a"] }, { 1: "2" }, (cursor) =>
      cursor === "2" ? (_request, response) => response.writeHead(503).end() : undefined,
    );
    const { error } = await drain(clientFor(server, { retry: false }).paginate(ATTRIBUTES, appParams));
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error).toMatchObject({ status: 503, code: "HTTP_503" });
    expect(server.seen).toHaveLength(2);
  });

  it("resolves a relative next link against the page it came from", async () => {
    const server = await serve((request, response) =>
      request.url.includes("cursor=2")
        ? sendJson(response, 200, page(["given_name"]))
        : sendJson(response, 200, page(["email"], `${attributesUrl}?cursor=2`)),
    );
    const { items, error } = await drain(clientFor(server).paginate(ATTRIBUTES, appParams));
    expect(error).toBeUndefined();
    expect(items.map(name)).toEqual(["email", "given_name"]);
    expect(urls(server)).toEqual([attributesUrl, `${attributesUrl}?cursor=2`]);
  });

  it("reports a next link that cannot be read as a URL at all as a typed error, not a bare TypeError", async () => {
    const server = await serve((request, response) =>
      sendJson(response, 200, page(["email"], "http://[bad")),
    );
    const { error } = await drain(clientFor(server).paginate(ATTRIBUTES, appParams));
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(PingOneApiError);
    expect((error as { kind?: string }).kind).toBe("invalid-response");
  });

  it("passes the caller's AbortSignal to every page", async () => {
    const controller = new AbortController();
    const server = await pages({ 1: ["a"] }, { 1: "2" }, (cursor) =>
      cursor === "2" ? neverAnswer : undefined,
    );
    const pending = drain(
      clientFor(server, { timeoutMs: 60_000 }).paginate(ATTRIBUTES, {
        ...appParams,
        signal: controller.signal,
      }),
    );
    await server.arrived(2);
    controller.abort();
    const { items, error } = await pending;
    expect(items.map(name)).toEqual(["a"]);
    expect(error).toBeInstanceOf(PingOneAbortError);
  });
});

describe("paginate with query parameters", () => {
  it("sends the caller's query on the first page, then follows next as PingOne wrote it", async () => {
    const USERS = `/environments/${ENV}/users`;
    const server = await serve((request, response) => {
      const cursor = new URL(request.url, server.url).searchParams.get("cursor");
      const user = (username: string) => ({ id: APP, username });
      const next = `${server.url}${USERS}?limit=2&cursor=c2`;
      sendJson(response, 200, {
        _links: {
          self: { href: `${server.url}${request.url}` },
          ...(cursor ? {} : { next: { href: next } }),
        },
        _embedded: { users: cursor ? [user("c")] : [user("a"), user("b")] },
      });
    });
    const users = clientFor(server).paginate("/environments/{environmentID}/users", {
      params: { path: { environmentID: ENV }, query: { limit: 2, filter: 'name.family eq "Smith"' } },
    });
    const { items, error } = await drain(users);
    expect(error).toBeUndefined();
    expect(items.map((user) => user.username)).toEqual(["a", "b", "c"]);
    expect(urls(server)).toEqual([
      `${USERS}?limit=2&filter=name.family%20eq%20%22Smith%22`,
      `${USERS}?limit=2&cursor=c2`,
    ]);
  });

  it("a next page whose link carries braces in its query is read like any other", async () => {
    const next = `${FAKE_API}/environments/${ENV}/users?filter=name.family%20eq%20%22{x}%22&cursor=c2`; // braces kept as sent
    const fake = fakeFetch((request) =>
      Response.json({
        _links: {
          self: { href: request.url },
          ...(request.url.includes("cursor") ? {} : { next: { href: next } }),
        },
        _embedded: { users: [{ id: ENV, username: request.url.includes("cursor") ? "b" : "a" }] },
      }),
    );
    const { items, error } = await drain(
      clientFor(fake).paginate("/environments/{environmentID}/users", {
        params: { path: { environmentID: ENV } },
      }),
    );
    expect(error).toBeUndefined();
    expect(items.map((user) => user.username)).toEqual(["a", "b"]);
    expect(fake.requests[1]!.url).toBe(next);
  });
});

describe("every page through the same pipeline", () => {
  /** Page 1 links to page 2, which is the last; `answer` may replace what page 2 says. */
  async function twoPages(answer2?: Handler) {
    const server = await serve((request, response) => {
      if (request.url.includes("cursor=2") && answer2) return answer2(request, response);
      const next = request.url.includes("cursor=2") ? undefined : `${server.url}${attributesUrl}?cursor=2`;
      sendJson(response, 200, page([request.url.includes("cursor=2") ? "b" : "a"], next));
    });
    return server;
  }

  it("sends later pages with the first page's headers, and through the client's middleware", async () => {
    const server = await twoPages();
    const client = clientFor(server);
    const seenByMiddleware: string[] = [];
    client.use({ onRequest: ({ request }) => void seenByMiddleware.push(new URL(request.url).search) });
    const headers = { "X-Trace": "first", "x-trace": "second", "X-Dropped": null } as unknown as Record<
      string,
      string
    >;
    const { items, error } = await drain(client.paginate(ATTRIBUTES, { ...appParams, headers }));
    expect(error).toBeUndefined();
    expect(items.map(name)).toEqual(["a", "b"]);
    expect(seenByMiddleware).toEqual(["", "?cursor=2"]);
    const [first, second] = server.seen;
    expect(first!.headers["x-trace"]).toBe("second");
    expect(second!.headers["x-trace"]).toBe(first!.headers["x-trace"]);
    expect([first!.headers["x-dropped"], second!.headers["x-dropped"]]).toEqual([undefined, undefined]);
  });

  it.each<[string, Handler, RegExp]>([
    [
      "an _embedded collection that is a string",
      (_request, response) =>
        sendJson(response, 200, { _links: { self: { href: "x" } }, _embedded: { attributes: "abc" } }),
      /_embedded collection that is not an array/,
    ],
    ["a null page", (_request, response) => sendJson(response, 200, null), /not a HAL collection page/],
    ["a 204 page", (_request, response) => response.writeHead(204).end(), /not a HAL collection page/],
    [
      "a next link with credentials in it",
      (_request, response) => sendJson(response, 200, page(["b"], "http://user:secret@127.0.0.1:9/v1/next")),
      /_links.next that carries credentials/,
    ],
  ])("refuses %s with a typed error", async (_, answer2, problem) => {
    const server = await twoPages(answer2);
    const { items, error } = await drain(clientFor(server).paginate(ATTRIBUTES, appParams));
    expect(error).toBeInstanceOf(PingOneInvalidResponseError);
    expect((error as Error).message).toMatch(problem);
    expect((error as Error).message).not.toContain("secret");
    expect(items.length).toBeLessThanOrEqual(2);
  });
});
