/**
 * Other teams can generate from the bundled spec: quicktype turns it into Python models, and Python parses
 * every request and response example of the spec with them (scripts/python-models.ts, scripts/python/).
 * Needs python3 (3.11+) on PATH; without it the tests fail, they are never skipped.
 */
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapePointer } from "../../scripts/lib/json-pointer.js";
import { specExamples, variantsOf } from "../../scripts/lib/spec-examples.js";
import {
  exampleCases,
  parseWithPython,
  writePythonModels,
  type PythonCase,
} from "../../scripts/python-models.js";
import { schemaPointer, spec, validateAt } from "../support/spec.js";

const schemas = Object.keys(spec.components.schemas);

/**
 * The examples of the document, found blindly rather than by following its structure: every entry of an
 * `examples` map (or an `example`) of a media type, wherever it sits, and every `components.examples` entry.
 */
function examplesInDocument(document: object): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown, at: string[]) => {
    if (typeof value !== "object" || value === null) return;
    const [content, , examples] = at.slice(-4);
    if (content === "content" && examples === "examples")
      found.add((value as { $ref?: string }).$ref ?? `#/${at.map(escapePointer).join("/")}`);
    if (at.at(-3) === "content" && at.at(-1) === "example") found.add(`#/${at.map(escapePointer).join("/")}`);
    if (at.length === 3 && at[0] === "components" && at[1] === "examples")
      found.add(`#/components/examples/${at[2]}`);
    for (const [key, child] of Object.entries(value))
      if (key !== "schema" && key !== "schemas") visit(child, [...at, key]);
  };
  visit(document, []);
  return found;
}

describe("Python models generated from the bundled spec by quicktype", () => {
  let modulePath: string;
  beforeAll(async () => {
    modulePath = await writePythonModels(spec);
  }, 60_000);
  afterAll(() => rm(dirname(modulePath), { recursive: true, force: true }));

  const cases = exampleCases(spec);
  const samlApplication = cases.find(
    (c) => c.schema === "Application" && (c.value as { protocol?: string }).protocol === "SAML",
  )?.value as object;
  const taggedAsOidc = { ...samlApplication, protocol: "OPENID_CONNECT" };

  it("take every example of the spec: each media type example, each component example", () => {
    expect(new Set(specExamples(spec).map((e) => e.pointer))).toEqual(examplesInDocument(spec));
    expect(cases.length).toBeGreaterThan(0);
  });

  it("have converters for every component schema, and parse every example back to itself", () => {
    const report = parseWithPython(modulePath, cases, schemas);
    expect(report.missing, report.log).toEqual([]);
    expect(report.failures, report.log).toEqual([]);
    expect(report.checked).toBe(cases.length);
  });

  it("reject off-spec bodies, for the reason they are off-spec", () => {
    const offSpec: (PythonCase & { because: RegExp })[] = [
      {
        id: "a string where the schema says integer",
        schema: "SignOnPolicyActionLoginInput",
        variants: [],
        value: { type: "LOGIN", priority: "1" },
        because: /priority = from_int/,
      },
      {
        id: "a required field missing",
        schema: "P1Error",
        variants: [],
        value: { id: "0b0b3c9d-2ab9-4b87-9b8c-7e0a5f3b1c2d", message: "Validation Error" },
        because: /code = /,
      },
      {
        id: "a field a closed schema does not have",
        schema: "FlowUsernamePassword",
        variants: [],
        value: { username: "pp_user", password: "2FederateM0re!", otp: "123456" },
        because: /\$\.otp: "123456" was dropped/,
      },
      {
        id: "a SAML application tagged as OpenID Connect",
        schema: "Application",
        variants: variantsOf(spec, "Application", taggedAsOidc),
        value: taggedAsOidc,
        because: /matches 0 of the variants of Application, not exactly one \(ApplicationOIDC: /,
      },
    ];
    for (const { schema, value, id } of offSpec)
      expect(validateAt(schemaPointer(schema), value).valid, id).toBe(false);

    const report = parseWithPython(
      modulePath,
      offSpec.map(({ because, ...offSpecCase }) => offSpecCase),
      schemas,
    );
    expect(report.checked).toBe(offSpec.length);
    for (const { id, because } of offSpec) {
      expect(report.failures.find((f) => f.id === id)?.reason, id).toMatch(because);
    }
  });
});
