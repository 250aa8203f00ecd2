import { describe, expect, it } from "vitest";
import {
  deref,
  examplesOf,
  HTTP_METHODS,
  jsonContent,
  operations,
  pointerOf,
  spec,
  validateAt,
} from "../support/spec.js";

/** Every example, with the schema pointer it must satisfy. */
function collectExamples() {
  const cases: { where: string; pointer: string; value: unknown }[] = [];
  for (const op of operations) {
    const body = jsonContent(op.op.requestBody);
    for (const [name, value] of Object.entries(examplesOf(body))) {
      cases.push({
        where: `${op.operationId} request "${name}"`,
        pointer: pointerOf(op, "requestBody", "content", "application/json", "schema"),
        value,
      });
    }
    for (const [status, response] of Object.entries<Record<string, any>>(op.op.responses)) {
      const schemaPointer = response.$ref
        ? `${response.$ref}/content/application~1json/schema`
        : pointerOf(op, "responses", status, "content", "application/json", "schema");
      for (const [name, value] of Object.entries(examplesOf(jsonContent(response)))) {
        cases.push({ where: `${op.operationId} ${status} "${name}"`, pointer: schemaPointer, value });
      }
    }
    for (const parameter of op.op.parameters.map((p: object) => deref(p))) {
      cases.push({
        where: `${op.operationId} parameter ${parameter.name}`,
        pointer: `#/components/parameters/${parameter.name}/schema`,
        value: parameter.example,
      });
    }
  }
  return cases;
}

describe("every example in the bundled spec satisfies its schema (Ajv, JSON Schema 2020-12)", () => {
  it.each(collectExamples())("$where", ({ pointer, value }) => {
    const { valid, errors } = validateAt(pointer, value);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe("every response and request body has an example", () => {
  const bodies = operations.flatMap((op) => [
    ...(op.op.requestBody
      ? [{ where: `${op.operationId} request`, content: jsonContent(op.op.requestBody) }]
      : []),
    ...Object.entries<object>(op.op.responses)
      .filter(([, response]) => jsonContent(response))
      .map(([status, response]) => ({
        where: `${op.operationId} ${status}`,
        content: jsonContent(response),
      })),
  ]);
  it.each(bodies)("$where", ({ content }) => {
    expect(Object.keys(examplesOf(content)).length).toBeGreaterThan(0);
  });
});

describe("spec structure", () => {
  it("has only the methods the client knows", () => {
    for (const item of Object.values<Record<string, unknown>>(spec.paths)) {
      const methods = Object.keys(item).filter((key) => key !== "parameters");
      expect(methods.every((m) => (HTTP_METHODS as readonly string[]).includes(m))).toBe(true);
    }
  });

  it("gives every operation a unique operationId", () => {
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares the PingOne error model on 400/401/403/404/429/500 of every operation, with Retry-After on 429", () => {
    for (const op of operations) {
      for (const status of ["400", "401", "403", "404", "429", "500"]) {
        const response = deref(op.op.responses[status] ?? {});
        expect(response.content?.["application/json"]?.schema, `${op.operationId} ${status}`).toEqual({
          $ref: "#/components/schemas/P1Error",
        });
      }
      expect(deref(op.op.responses["429"]).headers?.["Retry-After"], op.operationId).toBeDefined();
    }
  });
});
