/**
 * `npm run generate:python [-- --out <dir>] [-- --check]`: Python models from the bundled spec, through
 * quicktype, to show that a generator for another language can be driven by the one file other teams get.
 * `--check` then parses every request and response example of the spec with them (scripts/python/).
 *
 * quicktype reads JSON Schema (draft-06/07), not OpenAPI, so `components.schemas` first become one JSON Schema
 * document (`toJsonSchema`). Every component schema is a top-level type, so each keeps its name: a class (or
 * an enum or alias) with `<name>_from_dict` / `<name>_to_dict` converters that check types as they go.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { FetchingJSONSchemaStore, InputData, JSONSchemaInput, quicktype } from "quicktype-core";
import { bundledSpec, type Json } from "./lib/spec-model.js";
import { specExamples } from "./lib/spec-examples.js";

export const PYTHON_MODULE = "pingone_models.py";
export const JSON_SCHEMA = "pingone.schema.json";
const DRIVER = fileURLToPath(new URL("python/parse_examples.py", import.meta.url));

/**
 * OpenAPI's own schema keywords, which JSON Schema draft-07 does not have; all of them only annotate. quicktype
 * 26 ignores them (its output is the same with them), but a strict draft-07 tool such as Ajv rejects them, and
 * the JSON Schema document is written out for other generators too. `discriminator` goes with no loss:
 * quicktype has no tagged unions, and the `oneOf` alone already tells the variants apart.
 */
const OPENAPI_ONLY = new Set(["discriminator", "example", "externalDocs", "xml"]);
/** Keywords whose value is a subschema, a list of them, or a map of them: where the conversion recurses. */
const SUBSCHEMA = new Set([
  "additionalProperties",
  "items",
  "not",
  "propertyNames",
  "contains",
  "if",
  "then",
  "else",
]);
const SUBSCHEMA_LISTS = new Set(["allOf", "oneOf", "anyOf", "prefixItems"]);
const SUBSCHEMA_MAPS = new Set(["properties", "patternProperties"]);

const OPENAPI_REF = "#/components/schemas/";
const DEFINITIONS_REF = "#/definitions/";

/** One OpenAPI 3.1 schema as draft-07 JSON Schema: refs into `definitions`, without OpenAPI's own keywords. */
function convertSchema(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries<any>(schema)) {
    if (OPENAPI_ONLY.has(key)) continue;
    if (key === "$ref" && typeof value === "string" && value.startsWith(OPENAPI_REF))
      out.$ref = DEFINITIONS_REF + value.slice(OPENAPI_REF.length);
    else if (SUBSCHEMA.has(key)) out[key] = convertSchema(value);
    else if (SUBSCHEMA_LISTS.has(key)) out[key] = (value as unknown[]).map(convertSchema);
    else if (SUBSCHEMA_MAPS.has(key))
      out[key] = Object.fromEntries(Object.entries<unknown>(value).map(([k, v]) => [k, convertSchema(v)]));
    else out[key] = value;
  }
  return out;
}

/** The spec's component schemas as one JSON Schema document, every schema under `definitions`. */
export function toJsonSchema(spec: Json): Json {
  const schemas = Object.entries<unknown>(spec.components?.schemas ?? {});
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    definitions: Object.fromEntries(schemas.map(([name, schema]) => [name, convertSchema(schema)])),
  };
}

/** The source of one Python module: a class (or enum or alias) and converters per component schema. */
export async function pythonModels(jsonSchema: Json): Promise<string> {
  const input = new JSONSchemaInput(new FetchingJSONSchemaStore());
  // The trailing `/` makes every entry of `definitions` a top-level type, named after its key.
  await input.addSource({
    name: "PingOne",
    uris: [`${JSON_SCHEMA}${DEFINITIONS_REF}`],
    schema: JSON.stringify(jsonSchema),
  });
  const inputData = new InputData();
  inputData.addInput(input);
  const { lines } = await quicktype({
    inputData,
    lang: "python",
    // 3.7: dataclasses; not just types, so the converters that check what they parse are generated too.
    rendererOptions: { "python-version": "3.7", "just-types": "false" },
  });
  return `${lines.join("\n")}\n`;
}

/** Writes the module and the JSON Schema it came from into `outDir` (a new temporary directory by default). */
export async function writePythonModels(spec: Json, outDir?: string): Promise<string> {
  const dir = outDir ? resolve(outDir) : await mkdtemp(join(tmpdir(), "pingone-python-"));
  await mkdir(dir, { recursive: true });
  const jsonSchema = toJsonSchema(spec);
  await writeFile(join(dir, JSON_SCHEMA), `${JSON.stringify(jsonSchema, null, 2)}\n`);
  const path = join(dir, PYTHON_MODULE);
  await writeFile(path, await pythonModels(jsonSchema));
  return path;
}

export interface PythonCase {
  id: string;
  schema: string;
  variants: string[];
  value: unknown;
}

/** Every request and response example of the spec, as the Python driver takes them. */
export const exampleCases = (spec: Json): PythonCase[] =>
  specExamples(spec).map(({ where, pointer, schema, variants, value }) => ({
    id: `${where} (${pointer})`,
    schema,
    variants,
    value,
  }));

export interface PythonReport {
  checked: number;
  failures: { id: string; reason: string }[];
  /** Component schemas without converters in the module. */
  missing: string[];
  /** The driver's report, for people. */
  log: string;
}

/** Runs scripts/python/parse_examples.py with python3 over `cases`, against the generated module. */
export function parseWithPython(modulePath: string, cases: PythonCase[], schemas: string[]): PythonReport {
  const run = spawnSync("python3", [DRIVER, modulePath], {
    input: JSON.stringify({ schemas, cases }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error)
    throw new Error(
      `could not run python3 (${run.error.message}): parsing the examples needs Python 3.11+ on PATH`,
    );
  const summary = run.stdout.trim().split("\n").at(-1);
  if (!summary?.startsWith("{"))
    throw new Error(`python3 ${DRIVER} failed (exit ${run.status}):\n${run.stderr}`);
  return { ...(JSON.parse(summary) as Omit<PythonReport, "log">), log: run.stderr };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { out: { type: "string" }, check: { type: "boolean" } } });
  const spec = bundledSpec();
  const path = await writePythonModels(spec, values.out);
  console.log(`generated ${path} (from ${JSON_SCHEMA} beside it)`);
  if (values.check) {
    const report = parseWithPython(path, exampleCases(spec), Object.keys(spec.components.schemas));
    process.stderr.write(report.log);
    process.exitCode = report.failures.length + report.missing.length > 0 ? 1 : 0;
  }
}
