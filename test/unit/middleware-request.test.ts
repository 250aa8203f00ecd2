/**
 * Without middleware, openapi-fetch builds the client's light request (src/light-request.ts), which the
 * transport reads directly; with middleware registered (on the client or for one call) it builds real
 * Requests, which a middleware may read or replace. Either way the server must see the same request.
 */
import { describe, expect, it } from "vitest";
import type { Middleware } from "openapi-fetch";
import type { Seen } from "../support/local-server.js";
import { ATTRIBUTES, appParams, attributesUrl, mappingInput, serve } from "../support/scenario.js";
import { TOKEN, call, clientFor, succeed } from "../support/client.js";

/** What the server saw, less what differs from call to call. */
const wire = ({ method, url, headers, body }: Seen) => ({
  method,
  url,
  authorization: headers.authorization,
  contentType: headers["content-type"],
  accept: headers.accept,
  extra: headers["x-extra"],
  body,
});

/** A middleware that reads everything a middleware may read, and sees a real Request. */
function reader(seen: { kinds: string[]; bodies: unknown[] }): Middleware {
  return {
    async onRequest({ request }) {
      seen.kinds.push(request instanceof Request ? "Request" : typeof request);
      request.headers.forEach(() => {});
      if (request.method === "POST") seen.bodies.push(await request.clone().json());
      return undefined;
    },
  };
}

/** A middleware that replaces the request with a new one built from it, with a header added. */
const rebuilder: Middleware = {
  onRequest({ request }) {
    const headers = new Headers(request.headers);
    headers.set("X-Extra", "added");
    return new Request(request, { headers });
  },
};

describe("the same request on the wire, with or without middleware", () => {
  it.each(["GET", "POST"] as const)(
    "%s: light, read by a middleware, rebuilt by a middleware",
    async (method) => {
      const server = await serve(succeed);
      const plain = clientFor(server);
      await call(plain, method);

      const seen = { kinds: [] as string[], bodies: [] as unknown[] };
      const read = clientFor(server);
      read.use(reader(seen));
      await call(read, method);

      const rebuilt = clientFor(server);
      rebuilt.use(rebuilder);
      await call(rebuilt, method);

      const [light, withReader, withRebuild] = server.seen.map(wire);
      expect(light).toMatchObject({
        method,
        url: attributesUrl,
        authorization: `Bearer ${TOKEN}`,
        contentType: method === "POST" ? "application/json" : undefined,
        body: method === "POST" ? JSON.stringify(mappingInput) : "",
      });
      expect(withReader).toEqual(light);
      expect(withRebuild).toEqual({ ...light, extra: "added" });
      expect(seen.kinds).toEqual(["Request"]);
      expect(seen.bodies).toEqual(method === "POST" ? [mappingInput] : []);
    },
  );

  it("a middleware for one call gets a real Request too, and the next call is light again", async () => {
    const server = await serve(succeed);
    const client = clientFor(server);
    const seen = { kinds: [] as string[], bodies: [] as unknown[] };
    await client.POST(ATTRIBUTES, { ...appParams, body: mappingInput, middleware: [reader(seen)] });
    await client.POST(ATTRIBUTES, { ...appParams, body: mappingInput });
    expect(seen).toEqual({ kinds: ["Request"], bodies: [mappingInput] });
    expect(server.seen.map(wire)[1]).toEqual(server.seen.map(wire)[0]);
  });

  it("a middleware ejected is not called again, and one registered twice is called until ejected twice", async () => {
    const server = await serve(succeed);
    const client = clientFor(server);
    const seen = { kinds: [] as string[], bodies: [] as unknown[] };
    const middleware = reader(seen);
    client.use(middleware, middleware);
    await call(client, "GET");
    client.eject(middleware);
    await call(client, "GET");
    client.eject(middleware);
    await call(client, "GET");
    expect(seen.kinds).toEqual(["Request", "Request", "Request"]);
    expect(server.seen).toHaveLength(3);
  });

  it("a body that is not text (a custom serializer's bytes) is sent as it is on the light path", async () => {
    const server = await serve(succeed);
    const bytes = new TextEncoder().encode(JSON.stringify(mappingInput));
    await clientFor(server).POST(ATTRIBUTES, {
      ...appParams,
      body: mappingInput,
      bodySerializer: () => bytes,
    });
    expect(server.seen[0]).toMatchObject({ body: JSON.stringify(mappingInput) });
    expect(server.seen[0]!.headers["content-type"]).toBe("application/json");
  });

  it("a GET with a body is refused before anything is sent", async () => {
    const server = await serve(succeed);
    const get = clientFor(server).GET as unknown as (path: string, init: unknown) => Promise<unknown>;
    await expect(get(ATTRIBUTES, { ...appParams, body: {} })).rejects.toMatchObject({
      kind: "config",
      option: "body",
    });
    expect(server.seen).toHaveLength(0);
  });
});
