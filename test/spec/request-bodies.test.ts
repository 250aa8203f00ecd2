import { describe, expect, it } from "vitest";
import { rejectedBodies } from "../fixtures/rejected-request-bodies.js";
import { publishedBodies } from "../support/published.js";
import { operation, pointerOf, validateAt } from "../support/spec.js";

const requestSchema = (operationId: string, contentType = "application/json") =>
  pointerOf(operation(operationId), "requestBody", "content", contentType, "schema");

describe("the spec accepts every request body PingOne publishes", () => {
  it.each(publishedBodies)("$operationId: $source", ({ operationId, contentType, body }) => {
    expect(validateAt(requestSchema(operationId, contentType), body).errors).toEqual([]);
  });
});

describe("the spec rejects what PingOne rejects, with exactly the expected error", () => {
  it.each(rejectedBodies)("$operationId: $why", ({ operationId, contentType, body, expected }) => {
    const { valid, errors } = validateAt(requestSchema(operationId, contentType), body);
    expect(valid).toBe(false);
    const matching = errors.filter(
      (e) =>
        e.instancePath === expected.at &&
        e.keyword === expected.keyword &&
        (expected.property === undefined || Object.values(e.params).includes(expected.property)),
    );
    expect(matching, JSON.stringify(errors, null, 1)).not.toEqual([]);
  });
});
