/**
 * The lint rules are a contract with other teams' generators, so each must be seen to fire: a small spec that
 * breaks exactly one rule per operation is linted with the repository's redocly.yaml, and every rule must
 * report its problem at the planted place (and the clean operation must pass).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { redocly } from "../../scripts/lib/redocly.js";

const errorBody = {
  description: "Not found.",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" }, example: { id: "x" } } },
};

/** One operation per planted problem; `getClean` breaks nothing. */
function operation(operationId: string, overrides: Record<string, unknown> = {}) {
  return {
    operationId,
    summary: `Summary of ${operationId}`,
    description: `Description of ${operationId}.`,
    tags: ["Things"],
    responses: {
      "200": {
        description: "The thing.",
        content: {
          "application/json": { schema: { $ref: "#/components/schemas/Thing" }, example: { id: "x" } },
        },
      },
      "404": errorBody,
    },
    ...overrides,
  };
}

const inlineObject = {
  description: "OK.",
  content: {
    "application/json": {
      schema: { type: "object", properties: { id: { type: "string" } } },
      example: { id: "x" },
    },
  },
};

// The clean operation also keeps Holder (and so Undescribed) in use.
const holder = {
  description: "OK.",
  content: {
    "application/json": {
      schema: { $ref: "#/components/schemas/Holder" },
      example: { undescribed: { id: "x" } },
    },
  },
};

const spec = {
  openapi: "3.1.0",
  info: {
    title: "Planted problems",
    version: "1.0.0",
    description: "One problem per operation.",
    license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
    contact: { name: "Team", url: "https://example.org" },
  },
  servers: [{ url: "https://api.pingone.com/v1" }],
  security: [],
  tags: [{ name: "Things", description: "Things." }],
  paths: {
    "/clean": { get: operation("getClean", { responses: { "200": holder, "404": errorBody } }) },
    "/inline-objects": {
      get: operation("getInlineObject", { responses: { "200": inlineObject, "404": errorBody } }),
    },
    "/inline-unions": {
      get: operation("getInlineUnion", {
        responses: {
          "200": {
            description: "OK.",
            content: {
              "application/json": {
                schema: {
                  oneOf: [{ $ref: "#/components/schemas/Thing" }, { $ref: "#/components/schemas/Holder" }],
                },
                example: { id: "x" },
              },
            },
          },
          "404": errorBody,
        },
      }),
    },
    "/no-examples": {
      get: operation("getWithoutExample", {
        responses: {
          "200": {
            description: "OK.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
          "404": errorBody,
        },
      }),
    },
    "/no-tags": { get: operation("getWithoutTag", { tags: undefined }) },
    "/same-summaries": { get: operation("getSameSummary", { summary: "Summary of getClean" }) },
    "/inline-enums": {
      get: operation("getInlineEnum", {
        parameters: [
          {
            name: "color",
            in: "query",
            description: "A color.",
            schema: { type: "string", enum: ["red", "blue"] },
            example: "red",
          },
        ],
      }),
    },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        description: "A thing.",
        properties: { id: { type: "string", examples: ["x"] } },
      },
      Undescribed: { type: "object", properties: { id: { type: "string", examples: ["x"] } } },
      Holder: {
        type: "object",
        description: "Refers to Undescribed so that it is used.",
        properties: { undescribed: { $ref: "#/components/schemas/Undescribed" } },
      },
    },
  },
};

let dir: string;
let output: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pingone-lint-rules-"));
  const file = join(dir, "planted.yaml");
  await writeFile(file, stringify(JSON.parse(JSON.stringify(spec))));
  ({ output } = await redocly(["lint", file, "--format", "json"]));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Problem {
  ruleId: string;
  location: { pointer: string }[];
}

function problems(): Problem[] {
  // Redocly prints the JSON report, then its progress lines.
  const report = output.slice(output.indexOf("{"), output.lastIndexOf("\n}") + 2);
  return (JSON.parse(report) as { problems: Problem[] }).problems;
}

function pointersOf(ruleId: string): string[] {
  return problems()
    .filter((problem) => problem.ruleId === ruleId)
    .map((problem) => problem.location[0]!.pointer);
}

describe("generator lint rules (redocly.yaml + scripts/lint/generator-rules.mjs)", () => {
  it("reports an inline object schema, enum and union where they are, and an undescribed named schema", () => {
    expect(pointersOf("pingone/named-schemas").sort()).toEqual([
      "#/components/schemas/Undescribed",
      "#/paths/~1inline-enums/get/parameters/0/schema",
      "#/paths/~1inline-objects/get/responses/200/content/application~1json/schema",
      "#/paths/~1inline-unions/get/responses/200/content/application~1json/schema",
    ]);
  });

  it("reports a media type without an example", () => {
    expect(pointersOf("rule/media-type-has-example")).toEqual([
      "#/paths/~1no-examples/get/responses/200/content/application~1json",
    ]);
  });

  it("reports an operation without a tag", () => {
    expect(pointersOf("rule/operation-has-tag")).toEqual(["#/paths/~1no-tags/get/tags"]);
  });

  it("reports a summary used twice", () => {
    expect(pointersOf("pingone/unique-operation-summary")).toEqual(["#/paths/~1same-summaries/get/summary"]);
  });

  it("finds nothing wrong with the clean operation", () => {
    const clean = problems().filter((problem) => problem.location[0]!.pointer.startsWith("#/paths/~1clean"));
    expect(clean).toEqual([]);
  });
});
