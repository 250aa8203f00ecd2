import { describe, expect, it } from "vitest";
import {
  examplesOf,
  isApiHost,
  mediaTypes,
  operation,
  operations,
  pointerOf,
  spec,
  validateAt,
  deref,
} from "../support/spec.js";
import { escapePointer } from "../../scripts/lib/json-pointer.js";
import { specExamples } from "../../scripts/lib/spec-examples.js";
import { OPENAPI_METHODS } from "../../scripts/lib/spec-model.js";

/**
 * Every example, with the schema pointer it must satisfy: the bodies' examples as scripts/lib/spec-examples.ts
 * finds them (the Python check walks the same list), then the parameters' examples.
 */
function collectExamples() {
  const cases: { where: string; pointer: string; value: unknown }[] = specExamples(spec).map(
    ({ where, schema, value }) => ({ where, pointer: `#/components/schemas/${schema}`, value }),
  );
  for (const op of operations) {
    const pathLevel = spec.paths[op.path].parameters ?? [];
    const parameters: [Record<string, any>, string][] = [
      ...pathLevel.map((p: Record<string, any>, i: number) => [
        p,
        `#/paths/${escapePointer(op.path)}/parameters/${i}`,
      ]),
      ...(spec.paths[op.path][op.method].parameters ?? []).map((p: Record<string, any>, i: number) => [
        p,
        pointerOf(op, "parameters", String(i)),
      ]),
    ];
    for (const [parameter, pointer] of parameters) {
      const resolved = deref(parameter);
      if (resolved.example === undefined) continue;
      cases.push({
        where: `${op.operationId} parameter ${resolved.name}`,
        pointer: `${parameter.$ref ?? pointer}/schema`,
        value: resolved.example,
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

describe("every request and response body has an example", () => {
  const bodies = operations.flatMap((op) => [
    ...mediaTypes(op.op.requestBody).map(([type, media]) => ({
      where: `${op.operationId} request ${type}`,
      media,
    })),
    ...Object.entries<object>(op.op.responses).flatMap(([status, response]) =>
      mediaTypes(response).map(([, media]) => ({ where: `${op.operationId} ${status}`, media })),
    ),
  ]);
  it.each(bodies)("$where", ({ media }) => {
    expect(Object.keys(examplesOf(media)).length).toBeGreaterThan(0);
  });
});

describe("spec structure", () => {
  it("holds nothing but operations, parameters and servers in its path items", () => {
    for (const item of Object.values<Record<string, unknown>>(spec.paths)) {
      const keys = Object.keys(item).filter((key) => key !== "parameters" && key !== "servers");
      expect(keys.filter((key) => !(OPENAPI_METHODS as readonly string[]).includes(key))).toEqual([]);
    }
  });

  it("gives every operation a unique operationId", () => {
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares the PingOne error model on 400/401/403/404/429/500/503 of every API operation, with Retry-After on 429 and 503", () => {
    for (const op of operations.filter(isApiHost)) {
      for (const status of ["400", "401", "403", "404", "429", "500", "503"]) {
        const response = deref(op.op.responses[status] ?? {});
        expect(response.content?.["application/json"]?.schema, `${op.operationId} ${status}`).toEqual({
          $ref: "#/components/schemas/P1Error",
        });
      }
      for (const status of ["429", "503"]) {
        expect(
          deref(op.op.responses[status]).headers?.["Retry-After"],
          `${op.operationId} ${status}`,
        ).toBeDefined();
      }
    }
  });

  it("serves the token, authorize and flow paths from the authorization server", () => {
    const authPaths = Object.entries<Record<string, any>>(spec.paths)
      .filter(([, item]) => item.servers?.[0]?.url === "https://auth.pingone.{tld}")
      .map(([path]) => path);
    expect(authPaths.sort()).toEqual([
      "/{environmentID}/as/authorize",
      "/{environmentID}/as/resume",
      "/{environmentID}/as/token",
      "/{environmentID}/flows/{flowID}",
    ]);
  });

  it("takes the same authorization parameters in the form of POST /as/authorize as in the query of GET", () => {
    const query: Record<string, any>[] = operation("authorize")
      .op.parameters.map((p: Record<string, any>) => deref(p))
      .filter((p: Record<string, any>) => p.in === "query");
    const form = deref(spec.components.schemas.AuthorizeRequest);
    expect(Object.keys(form.properties).sort()).toEqual(query.map((p) => p.name).sort());
    expect([...form.required].sort()).toEqual(
      query
        .filter((p) => p.required)
        .map((p) => p.name)
        .sort(),
    );
    for (const p of query) expect(form.properties[p.name], p.name).toEqual(p.schema);
  });
});
