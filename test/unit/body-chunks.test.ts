/**
 * The transport reads a body chunk by chunk (counting bytes against maxResponseBytes) and decodes it once at
 * the end: a character whose bytes arrive in two chunks must come out whole.
 */
import { describe, expect, it } from "vitest";
import { createPingOneClient } from "../../src/index.js";
import { ATTRIBUTES, appParams, mapping, serve } from "../support/scenario.js";

describe("a body that arrives in chunks", () => {
  it("is decoded whole, a character split between two chunks included", async () => {
    const body = Buffer.from(JSON.stringify({ ...mapping("email"), name: "prénom — 名前 😀" }));
    const split = body.indexOf(Buffer.from("é")) + 1; // between the two bytes of "é"
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(body.subarray(0, split), () => setTimeout(() => response.end(body.subarray(split)), 20));
    });
    const client = createPingOneClient({ baseUrl: server.url, accessToken: "t" });
    const { data } = await client.GET(`${ATTRIBUTES}/{attributeMappingID}`, {
      params: { path: { ...appParams.params.path, attributeMappingID: "m" } },
    });
    expect(data?.name).toBe("prénom — 名前 😀");
  });
});
