/**
 * The transport reads and checks every body before openapi-fetch sees it, then hands the same response on
 * with its readers answering from what was read (no copy, no second parse). Every way of reading a body must
 * still give the bytes the server sent.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PingOneInvalidResponseError } from "../../src/index.js";
import { sendJson } from "../support/local-server.js";
import { ATTRIBUTES, appParams, mapping, page, serve } from "../support/scenario.js";
import { clientFor } from "../support/client.js";

const BODY = page(["email", "given_name"]);
const SENT = JSON.stringify(BODY);

/** A server for this test that answers every request with BODY. */
const serveBody = () => serve((_request, response) => sendJson(response, 200, BODY));

describe("a checked body, read again", () => {
  it.each(["json", "text", "arrayBuffer", "blob", "stream"] as const)(
    "parseAs %s gives what the server sent",
    async (parseAs) => {
      const client = clientFor(await serveBody());
      const { data, response } = await client.GET(ATTRIBUTES, { ...appParams, parseAs });
      expect(response.status).toBe(200);
      const text =
        parseAs === "json"
          ? JSON.stringify(data)
          : parseAs === "text"
            ? (data as string)
            : parseAs === "stream"
              ? await new Response(data as ReadableStream).text()
              : parseAs === "blob"
                ? await (data as Blob).text()
                : new TextDecoder().decode(data as ArrayBuffer);
      expect(JSON.parse(text)).toEqual(BODY);
      if (parseAs !== "json") expect(text).toBe(SENT);
    },
  );

  it("keeps the URL, status and headers, and can be cloned and read by the caller", async () => {
    const client = clientFor(await serveBody());
    const { response } = await client.GET(ATTRIBUTES, { ...appParams, parseAs: "stream" });
    expect(response.url).toMatch(/\/attributes$/);
    expect(response.headers.get("content-type")).toMatch(/json/);
    expect(response.bodyUsed).toBe(false);
    const copy = response.clone();
    expect(await copy.json()).toEqual(BODY);
    expect(await response.text()).toBe(SENT);
  });

  it("json() answers once with the parsed value; then the body is used, as a real Response's is", async () => {
    const client = clientFor(await serveBody());
    const { data, response } = await client.GET(ATTRIBUTES, appParams);
    expect(data?._embedded.attributes.map((item) => item.name)).toEqual(["email", "given_name"]);
    expect(data?._embedded.attributes[0]).toEqual(mapping("email"));
    expect(response.bodyUsed).toBe(true);
    await expect(response.json()).rejects.toThrow(TypeError);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it("bytes() and arrayBuffer() read the body when nothing has read it yet", async () => {
    const client = clientFor(await serveBody());
    const { response } = await client.GET(ATTRIBUTES, { ...appParams, parseAs: "stream" });
    expect(new TextDecoder().decode(await response.clone().bytes())).toBe(SENT);
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(SENT);
    expect(response.bodyUsed).toBe(true);
  });
});

describe("the size limit", () => {
  it("cuts off a small gzip body that inflates past maxResponseBytes, with a typed error and no retry", async () => {
    const inflated = 16 * 1024 * 1024; // 16 MiB of JSON from about 16 kB on the wire
    const wire = gzipSync(Buffer.from(`{"_embedded":{"attributes":[]},"pad":"${" ".repeat(inflated)}"}`));
    const server = await serve((_request, response) =>
      response
        .writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": wire.length,
        })
        .end(wire),
    );
    const client = clientFor(server, { maxResponseBytes: 1024 * 1024 });
    const failure = await client.GET(ATTRIBUTES, appParams).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(wire.length).toBeLessThan(64 * 1024);
    expect(failure).toBeInstanceOf(PingOneInvalidResponseError);
    expect((failure as Error).message).toMatch(/larger than maxResponseBytes \(1048576 bytes/);
    expect(server.seen).toHaveLength(1); // a GET, yet not retried: the answer would be as large again
  });

  it("reads a body of exactly maxResponseBytes", async () => {
    const client = clientFor(await serveBody(), { maxResponseBytes: SENT.length });
    const { data } = await client.GET(ATTRIBUTES, appParams);
    expect(data).toEqual(BODY);
  });
});

describe("an error status with an empty body", () => {
  // Node's server sends `Content-Length: 0` for an empty end(); a proxy may stream the same nothing, chunked.
  it.each<[string, Record<string, string>]>([
    ["with Content-Length: 0", { "content-length": "0" }],
    ["chunked", { "transfer-encoding": "chunked" }],
  ])("leaves error undefined, %s", async (_how, framing) => {
    const server = await serve((_request, response) => {
      response.writeHead(404, { "content-type": "application/json", ...framing });
      response.end();
    });
    const { data, error, response } = await clientFor(server).GET(ATTRIBUTES, appParams);
    expect(response.status).toBe(404);
    expect(response.headers.get("transfer-encoding") ?? "").toBe(framing["transfer-encoding"] ?? "");
    expect(error).toBeUndefined();
    expect(data).toBeUndefined();
  });
});
