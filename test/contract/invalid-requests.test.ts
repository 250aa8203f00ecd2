/** Prism, serving the bundled spec, refuses what PingOne refuses, and its diagnosis names the field. */
import { describe, expect, it } from "vitest";
import type { PingOneError } from "../../src/index.js";
import { rejectedBodies } from "../fixtures/rejected-request-bodies.js";
import { publishedBodies } from "../support/published.js";
import {
  deref,
  firstRequestExample,
  operation,
  operations,
  pathParamExamples,
  validateAt,
} from "../support/spec.js";
import { client, violations } from "./prism-client.js";

function send(operationId: string, body: unknown, path?: Record<string, string>, contentType?: string) {
  const op = operation(operationId);
  return client.request(
    op.method,
    op.path as never,
    {
      params: { path: { ...pathParamExamples(op), ...path }, query: pathParamExamples(op, "query") },
      body,
      headers: contentType ? { "Content-Type": contentType } : {},
    } as never,
  );
}

describe("invalid request bodies are rejected with 400 and exactly the expected violation", () => {
  it.each(rejectedBodies)("$operationId: $why", async ({ operationId, contentType, body, expected }) => {
    const { data, error, response } = await send(operationId, body, {}, contentType);
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    // The spec's own 400 answer: PingOne's error (INVALID_DATA), or the token endpoint's OAuth error.
    const declared = deref(operation(operationId).op.responses["400"]).content["application/json"].schema
      .$ref;
    expect(validateAt(declared, error).errors).toEqual([]);
    if (declared.endsWith("/P1Error")) expect((error as unknown as PingOneError).code).toBe("INVALID_DATA");
    const location = ["request", "body", ...expected.at.split("/").filter(Boolean)].join(".");
    const found = violations(response);
    const matching = found.filter(
      (v) =>
        v.location.join(".") === location &&
        v.code === expected.keyword &&
        (expected.property === undefined || v.message.includes(`'${expected.property}'`)),
    );
    expect(matching, JSON.stringify(found, null, 1)).not.toEqual([]);
  });
});

describe("a path parameter that is not an ID is rejected before it reaches a resource", () => {
  const cases = operations.flatMap((op) =>
    Object.keys(pathParamExamples(op)).map((name) => ({ op, name, label: `${op.operationId} ${name}` })),
  );
  it.each(cases)("$label", async ({ op, name }) => {
    const example = firstRequestExample(op);
    const { response } = await send(
      op.operationId,
      example?.body,
      { [name]: "not-an-id" },
      example?.contentType,
    );
    expect(response.status).toBe(400);
    // Prism lower-cases parameter names in its diagnosis.
    expect(violations(response).map((v) => `${v.location.join(".")} ${v.code}`)).toContain(
      `request.path.${name.toLowerCase()} format`,
    );
  });
});

describe("Prism accepts every request body PingOne publishes", () => {
  it.each(publishedBodies)("$operationId: $source", async ({ operationId, contentType, body }) => {
    const { error, response } = await send(operationId, body, {}, contentType);
    expect(violations(response)).toEqual([]);
    expect(error).toBeUndefined();
    expect(response.ok).toBe(true);
  });
});
