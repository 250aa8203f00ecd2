/** Prism, serving the bundled spec, refuses what PingOne refuses, and its diagnosis names the field. */
import { describe, expect, it } from "vitest";
import type { PingOneError } from "../../src/index.js";
import { rejectedBodies } from "../fixtures/rejected-request-bodies.js";
import { publishedBodies } from "../support/published.js";
import { operation, pathParamExamples } from "../support/spec.js";
import { client, violations } from "./prism-client.js";

function send(operationId: string, body: unknown, path?: Record<string, string>) {
  const op = operation(operationId);
  return client.request(
    op.method,
    op.path as never,
    {
      params: { path: { ...pathParamExamples(op), ...path } },
      body,
    } as never,
  );
}

describe("invalid request bodies are rejected with 400 and a violation naming the field", () => {
  it.each(rejectedBodies)("$operationId: $why", async ({ operationId, body, field }) => {
    const { data, error, response } = await send(operationId, body);
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect((error as unknown as PingOneError).code).toBe("INVALID_DATA");
    const found = violations(response);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((v) => `${v.location.join(".")} ${v.message}`).join("\n")).toContain(field);
  });
});

describe("a path parameter that is not an ID is rejected before it reaches a resource", () => {
  it.each(["not-an-id", "%2E%2E"])("environmentID %s", async (environmentID) => {
    const { response } = await send(
      "createApplicationAttributeMapping",
      { name: "email", value: "x" },
      {
        environmentID,
      },
    );
    expect(response.status).toBe(400);
    // Prism lower-cases parameter names in its diagnosis.
    expect(violations(response).map((v) => v.location.join("."))).toContain("request.path.environmentid");
  });
});

describe("Prism accepts every request body PingOne publishes", () => {
  it.each(publishedBodies)("$operationId: $source", async ({ operationId, body }) => {
    const { error, response } = await send(operationId, body);
    expect(violations(response)).toEqual([]);
    expect(error).toBeUndefined();
    expect(response.ok).toBe(true);
  });
});
