/**
 * The bundle-time merge of `allOf` compositions (scripts/lib/flatten-all-of.ts): what it merges, what it refuses,
 * and that the committed bundle carries no composition a generator would have to intersect.
 */
import { describe, expect, it } from "vitest";
import { FlattenError, flattenAllOf, isComposition } from "../../scripts/lib/flatten-all-of.js";
import { readSpec, type Json } from "../../scripts/lib/spec-model.js";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/paths.js";
import { spec as bundled } from "../support/spec.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const specWith = (schemas: Json): Json => ({
  openapi: "3.1.0",
  paths: {
    "/things": {
      get: { responses: { "200": { content: { "application/json": { schema: ref("Thing") } } } } },
    },
  },
  components: { schemas },
});
const flatSchemas = (schemas: Json) => flattenAllOf(specWith(schemas)).components.schemas;

const serverFields = {
  type: "object",
  description: "Set by the server.",
  properties: { id: { allOf: [ref("Id")], readOnly: true, description: "The ID." } },
};
const input = {
  type: "object",
  description: "What a request sends.",
  required: ["name"],
  properties: { name: { type: "string", minLength: 1 } },
  allOf: [ref("ServerFields")],
};
const base = { Id: { type: "string", format: "uuid" }, ServerFields: serverFields, Input: input };

describe("flattenAllOf", () => {
  it("merges members into one object: their properties and required, the schema's own annotations", () => {
    const { Thing } = flatSchemas({
      ...base,
      Thing: { description: "A thing as returned.", type: "object", allOf: [ref("Input")], required: ["id"] },
    });
    expect(Thing).toEqual({
      type: "object",
      description: "A thing as returned.",
      required: ["name", "id"],
      properties: {
        id: { allOf: [ref("Id")], readOnly: true, description: "The ID." },
        name: { type: "string", minLength: 1 },
      },
    });
  });

  it("keeps a one-member allOf that only annotates a $ref, and drops fragments nothing refers to any more", () => {
    const schemas = flatSchemas({ ...base, Thing: { type: "object", allOf: [ref("Input")] } });
    expect(schemas.Thing.properties.id).toEqual({
      allOf: [ref("Id")],
      readOnly: true,
      description: "The ID.",
    });
    expect(Object.keys(schemas).sort()).toEqual(["Id", "Thing"]);
  });

  it("keeps a schema that a discriminator mapping alone refers to", () => {
    const schemas = flatSchemas({
      Thing: {
        type: "object",
        oneOf: [ref("A")],
        discriminator: { propertyName: "t", mapping: { b: "#/components/schemas/B" } },
      },
      A: { type: "object", properties: { t: { const: "a" } } },
      B: { type: "object", properties: { t: { const: "b" } } },
    });
    expect(Object.keys(schemas).sort()).toEqual(["A", "B", "Thing"]);
  });

  it("combines the rules of two members: not A and not B becomes not (A or B)", () => {
    const a = { required: ["x"] };
    const b = { required: ["y"] };
    const { Thing } = flatSchemas({
      M: { type: "object", properties: { x: {} }, not: a },
      Thing: { type: "object", properties: { y: {} }, not: b, allOf: [ref("M")] },
    });
    expect(Thing.not).toEqual({ anyOf: [a, b] });
  });

  it("merges a property two members declare into one schema with the keywords of both", () => {
    const { Thing } = flatSchemas({
      ...base,
      Thing: {
        type: "object",
        allOf: [ref("Input"), { type: "object", properties: { name: { not: { enum: ["sub"] } } } }],
      },
    });
    expect(Thing.properties.name).toEqual({ type: "string", minLength: 1, not: { enum: ["sub"] } });
  });

  it.each([
    [
      "a property declared with two different types",
      { type: "object", properties: { name: { type: "integer" } } },
      /two allOf members set "type"/,
    ],
    ["a member that is a union", { type: "object", oneOf: [{ required: ["a"] }] }, /oneOf cannot be merged/],
    [
      "a member that closes its properties",
      { type: "object", additionalProperties: false },
      /additionalProperties cannot be merged/,
    ],
    ["a member that is not an object", { type: "string" }, /member of type string/],
    [
      "a member that is not a component schema",
      { $ref: "#/components/parameters/p" },
      /is not a component schema/,
    ],
    [
      "a $ref member with a rule beside it",
      { $ref: "#/components/schemas/Id", required: ["x"] },
      /required beside its \$ref/,
    ],
    [
      "a member with unevaluatedProperties",
      { type: "object", unevaluatedProperties: false },
      /unevaluatedProperties cannot be merged/,
    ],
  ])("refuses %s, naming the schema", (_why, member, message) => {
    expect(() => flatSchemas({ ...base, Thing: { type: "object", allOf: [ref("Input"), member] } })).toThrow(
      FlattenError,
    );
    expect(() => flatSchemas({ ...base, Thing: { type: "object", allOf: [ref("Input"), member] } })).toThrow(
      message,
    );
  });

  it("merges compositions nested in properties and items too", () => {
    const { Thing } = flatSchemas({
      ...base,
      Thing: {
        type: "object",
        properties: {
          one: { type: "object", allOf: [ref("Input")] },
          many: { type: "array", items: { type: "object", allOf: [ref("Input")], required: ["id"] } },
        },
      },
    });
    expect(Thing.properties.one.allOf).toBeUndefined();
    expect(Object.keys(Thing.properties.one.properties).sort()).toEqual(["id", "name"]);
    expect(Thing.properties.many.items.required).toEqual(["name", "id"]);
  });

  it("keeps a rule a member sets on itself, such as readOnly", () => {
    const { Thing } = flatSchemas({
      Locked: { type: "object", readOnly: true, properties: { a: { type: "string" } } },
      Thing: { type: "object", allOf: [ref("Locked")], properties: { b: { type: "string" } } },
    });
    expect(Thing.readOnly).toBe(true);
  });

  it("adds to a not.anyOf that is already there", () => {
    const [a, b, c] = [{ required: ["a"] }, { required: ["b"] }, { required: ["c"] }];
    const { Thing } = flatSchemas({
      M: { type: "object", properties: {}, not: { anyOf: [a, b] } },
      Thing: { type: "object", properties: {}, not: c, allOf: [ref("M")] },
    });
    expect(Thing.not).toEqual({ anyOf: [a, b, c] });
  });

  it("writes nothing into the components it merges from", () => {
    const nested = (name: string) => ({
      type: "object",
      properties: { settings: { type: "object", properties: { [name]: { type: "string" } } } },
    });
    const schemas = flatSchemas({
      A: nested("a"),
      B: nested("b"),
      Thing: { type: "object", allOf: [ref("A"), ref("B")], properties: { other: ref("Other") } },
      Other: { type: "object", properties: { a: ref("A"), b: ref("B") } }, // keeps A and B in the bundle
    });
    expect(Object.keys(schemas.Thing.properties.settings.properties).sort()).toEqual(["a", "b"]);
    expect(schemas.A).toEqual(nested("a"));
    expect(schemas.B).toEqual(nested("b"));
  });

  it("says no more than the members said: no type where none was given", () => {
    const { Thing } = flatSchemas({
      R: { required: ["a"] },
      Thing: { allOf: [ref("R")], required: ["b"] },
    });
    expect(Thing).toEqual({ required: ["a", "b"] });
  });

  it("keeps a schema that only a pointer into it reaches", () => {
    const schemas = flatSchemas({
      Thing: { type: "object", properties: { name: { $ref: "#/components/schemas/Deep/properties/name" } } },
      Deep: { type: "object", properties: { name: { type: "string" } } },
    });
    expect(Object.keys(schemas).sort()).toEqual(["Deep", "Thing"]);
  });

  it("refuses a cycle of allOf members", () => {
    expect(() =>
      flatSchemas({
        Thing: { type: "object", allOf: [ref("Other")], properties: {} },
        Other: { type: "object", allOf: [ref("Thing")], properties: {} },
      }),
    ).toThrow(/allOf cycle: Thing -> Other -> Thing/);
  });

  it("leaves the spec it is given as it was", () => {
    const spec = specWith({ ...base, Thing: { type: "object", allOf: [ref("Input")] } });
    const before = structuredClone(spec);
    flattenAllOf(spec);
    expect(spec).toEqual(before);
  });
});

describe("the committed bundle", () => {
  it("has no allOf left but the one-member kind that annotates a $ref", () => {
    const compositions: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}/${i}`));
      if (node === null || typeof node !== "object") return;
      const schema = node as Json;
      if (
        Array.isArray(schema.allOf) &&
        (schema.allOf.length > 1 || "properties" in schema || "required" in schema)
      )
        compositions.push(at);
      for (const [key, value] of Object.entries(schema)) walk(value, `${at}/${key}`);
    };
    walk(bundled, "#");
    expect(compositions).toEqual([]);
  });

  it("merges the source's shared fragments into their users and leaves them out", () => {
    const source = readSpec(join(REPO_ROOT, "openapi/components/schemas/ApplicationCommon.yaml"));
    expect(source.allOf).toEqual([{ $ref: "./ApplicationServerFields.yaml" }]);
    expect(bundled.components.schemas.ApplicationServerFields).toBeUndefined();
    expect(Object.keys(bundled.components.schemas.ApplicationOIDC.properties)).toEqual(
      expect.arrayContaining(["id", "environment", "name", "protocol"]),
    );
  });
});
