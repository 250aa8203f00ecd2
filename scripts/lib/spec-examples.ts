/**
 * Every example of the bundled spec, with the component schema it belongs to: the schema of the media type it
 * sits in. Media types are visited where they are defined (an operation's own request body or response, or
 * `components.requestBodies` / `components.responses`), so a shared response counts once, not once per
 * operation; an example shared through `components.examples` counts once per schema it is used with.
 * It takes the parsed spec, so scripts and tests (test/support) can share it.
 */

import { escapePointer } from "./json-pointer.js";
import { specOperations, type Json } from "./spec-model.js";

export interface SpecExample {
  /** JSON pointer of the example: its `components.examples` entry, or where it sits inline. */
  pointer: string;
  /** The `components.schemas` name of the media type's schema. */
  schema: string;
  /** For a `oneOf` schema, the variants the value may match: the one its discriminator names, or all of them. */
  variants: string[];
  value: unknown;
  /** The first media type that uses it, e.g. `createApplication request application/json "oidc"`. */
  where: string;
}

const SCHEMA_REF = "#/components/schemas/";
const EXAMPLE_REF = "#/components/examples/";

const pointer = (...parts: string[]) => `#/${parts.map(escapePointer).join("/")}`;

/** The containers of media types (`content`), where they are defined, with a label for reports. */
function contentOwners(spec: Json): { at: string[]; owner: Json; label: string }[] {
  const owners: { at: string[]; owner: Json; label: string }[] = [];
  for (const { path, method, op, operationId: label } of specOperations(spec)) {
    if (op.requestBody && !op.requestBody.$ref)
      owners.push({
        at: ["paths", path, method, "requestBody"],
        owner: op.requestBody,
        label: `${label} request`,
      });
    for (const [status, response] of Object.entries<Json>(op.responses ?? {}))
      if (!response.$ref)
        owners.push({
          at: ["paths", path, method, "responses", status],
          owner: response,
          label: `${label} ${status}`,
        });
  }
  for (const kind of ["requestBodies", "responses"])
    for (const [name, owner] of Object.entries<Json>(spec.components?.[kind] ?? {}))
      owners.push({ at: ["components", kind, name], owner, label: `${kind}/${name}` });
  return owners;
}

/** The name behind a `$ref` to `components.schemas`; an inline schema has no name a generator could keep. */
function schemaName(schema: Json | undefined, where: string): string {
  const ref = schema?.$ref;
  if (typeof ref !== "string" || !ref.startsWith(SCHEMA_REF))
    throw new Error(
      `${where} is not a $ref to a component schema: name it, so that generators keep the name`,
    );
  return ref.slice(SCHEMA_REF.length);
}

/** The variants a `oneOf` example is checked against, following nested `oneOf`s down to object schemas. */
export function variantsOf(spec: Json, name: string, value: unknown): string[] {
  const schema: Json | undefined = spec.components.schemas[name];
  if (!schema?.oneOf) return [];
  const tag = schema.discriminator?.propertyName;
  const mapped = tag && (value as Json | null)?.[tag];
  const refs: string[] = mapped
    ? [schema.discriminator.mapping?.[mapped] ?? `${SCHEMA_REF}${mapped}`]
    : schema.oneOf.map((v: Json) => v.$ref);
  return refs.flatMap((ref) => {
    const variant = schemaName({ $ref: ref }, `a variant of ${SCHEMA_REF}${name}`);
    const nested = variantsOf(spec, variant, value);
    return nested.length > 0 ? nested : [variant];
  });
}

/** A named example of a media type, followed through its `$ref`: where it is defined, and its value. */
function resolveExample(spec: Json, example: Json, at: string[]): { pointer: string; value: unknown } {
  const ref: unknown = example.$ref;
  if (ref !== undefined && (typeof ref !== "string" || !ref.startsWith(EXAMPLE_REF)))
    throw new Error(`${pointer(...at)} refers to ${String(ref)}, not to a component example`);
  const where = typeof ref === "string" ? ref : pointer(...at);
  const resolved: Json | undefined =
    typeof ref === "string" ? spec.components.examples?.[ref.slice(EXAMPLE_REF.length)] : example;
  if (!resolved || !("value" in resolved))
    throw new Error(`${where}: no inline value (externalValue is not followed)`);
  return { pointer: where, value: resolved.value };
}

/** Every (example, schema) pair of the spec's request and response bodies. */
export function specExamples(spec: Json): SpecExample[] {
  const found = new Map<string, SpecExample>();
  for (const { at, owner, label } of contentOwners(spec)) {
    for (const [mediaType, media] of Object.entries<Json>(owner.content ?? {})) {
      const mediaAt = [...at, "content", mediaType];
      const entries = Object.entries<Json>(media.examples ?? {}).map(([name, example]) => ({
        name,
        ...resolveExample(spec, example, [...mediaAt, "examples", name]),
      }));
      if (media.example !== undefined)
        entries.push({ name: "example", pointer: pointer(...mediaAt, "example"), value: media.example });
      if (entries.length === 0) continue;
      const schema = schemaName(media.schema, pointer(...mediaAt, "schema"));
      for (const { name, pointer: examplePointer, value } of entries) {
        const key = `${examplePointer} ${schema}`;
        if (found.has(key)) continue;
        found.set(key, {
          pointer: examplePointer,
          schema,
          variants: variantsOf(spec, schema, value),
          value,
          where: `${label} ${mediaType} "${name}"`,
        });
      }
    }
  }
  return [...found.values()];
}
