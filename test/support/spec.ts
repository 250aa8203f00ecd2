/**
 * The bundled spec, read the way other teams read it: one file. Helpers to walk its operations and examples,
 * and an Ajv (JSON Schema 2020-12) validator for its schemas.
 */
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { deref as derefIn, escapePointer } from "../../scripts/lib/json-pointer.js";
import {
  bundledSpec,
  specOperations,
  type Json,
  type SpecOperation as Operation,
} from "../../scripts/lib/spec-model.js";

export type { Operation };

export const spec: Json = bundledSpec();

export const operations: Operation[] = specOperations(spec);

export function operation(operationId: string): Operation {
  const found = operations.find((o) => o.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the bundled spec`);
  return found;
}

/** Follows a local `$ref` (`#/components/...`) if the object is one. */
export const deref = <T = Json>(object: Json): T => derefIn<T>(spec, object);

/** The named examples of a media type object, dereferenced: name -> value. */
export function examplesOf(mediaType: Json | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, example] of Object.entries<Json>(mediaType?.examples ?? {}))
    out[name] = deref(example).value;
  return out;
}

export function jsonContent(object: Json | undefined): Json | undefined {
  return object ? deref(object).content?.["application/json"] : undefined;
}

/** Every media type of a request body or response: [media type, media type object]. */
export function mediaTypes(object: Json | undefined): [string, Json][] {
  return Object.entries<Json>((object ? deref(object).content : undefined) ?? {});
}

/** The first named example of a request body, with its media type: what a generic test sends. */
export function firstRequestExample(op: Operation): { contentType: string; body: unknown } | undefined {
  for (const [contentType, media] of mediaTypes(op.op.requestBody)) {
    const [body] = Object.values(examplesOf(media));
    if (body !== undefined) return { contentType, body };
  }
  return undefined;
}

/** Operations served by the API host (`/environments/...`), as opposed to the authorization server. */
export const isApiHost = (op: Operation) => op.path.startsWith("/environments/");

/** Example value of every path (or query) parameter of an operation that has one. */
export function pathParamExamples(
  op: Operation,
  location: "path" | "query" = "path",
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const p of op.op.parameters.map((x: Json) => deref(x))) {
    if (p.in === location && p.example !== undefined) params[p.name] = p.example;
  }
  return params;
}

/** Whether the operation can be called without credentials (`security: []`, or an empty alternative). */
export function allowsAnonymous(op: Operation): boolean {
  const security: Json[] = op.op.security ?? spec.security ?? [];
  return security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0);
}

const SPEC_ID = "https://pingone-platform-client.local/openapi.json";
// strictRequired is off: the response schemas require properties that their `allOf` members declare, which is
// valid JSON Schema that this particular strictness check cannot follow. Every other strict check stays on.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true });
addFormats.default(ajv);
// OpenAPI's own keywords: annotations only. `discriminator` is deliberately not used for validation, so the
// plain `oneOf` must single out exactly one variant by itself, as it must for Prism and most validators.
ajv.addVocabulary(["discriminator", "example", "externalDocs", "xml"]);
ajv.addVocabulary([
  "openapi",
  "info",
  "servers",
  "security",
  "tags",
  "paths",
  "components",
  "jsonSchemaDialect",
]);
ajv.addSchema({ ...spec, $id: SPEC_ID });

export interface ValidationResult {
  valid: boolean;
  errors: ErrorObject[];
}

/** Validates a value against the schema at a JSON pointer of the bundle, e.g. `#/components/schemas/P1Error`. */
export function validateAt(pointer: string, value: unknown): ValidationResult {
  const validate = ajv.getSchema(`${SPEC_ID}${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  const valid = validate(value) as boolean;
  return { valid, errors: validate.errors ?? [] };
}

export const schemaPointer = (name: string) => `#/components/schemas/${name}`;

/** The JSON pointer of a media type's schema inside an operation, e.g. its request body. */
export function pointerOf(op: Operation, ...rest: string[]): string {
  return `#/paths/${escapePointer(op.path)}/${op.method}/${rest.map(escapePointer).join("/")}`;
}
