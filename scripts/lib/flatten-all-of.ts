/**
 * The bundle as code generators need it: every object schema composed with `allOf` becomes one flat object.
 *
 * The source composes schemas (`ApplicationOIDC` = common fields + OIDC settings + server fields, plus the
 * response's own `required`), which keeps it DRY, and JSON Schema validators read that as intended. Code
 * generators do not: some drop a `required` that names properties declared in an `allOf` member (response `id`s
 * became optional), others cannot build union variants out of intersections. Merging the members into one object
 * says the same thing in the form every generator reads. A composition that cannot be merged without changing
 * its meaning (two members declaring one property differently, a member that is a union) fails the build.
 *
 * A one-member `allOf` beside annotations only (`id: { allOf: [ResourceId], readOnly: true }`) is how a `$ref`
 * gets a description or `readOnly`, and stays as it is. Component schemas that nothing refers to once their
 * users are flat (the shared fragments such as `ApplicationServerFields`) are dropped from the bundle. Only
 * `components.schemas` is walked: the lint keeps every schema there (test/spec/flatten-all-of.test.ts checks
 * that no composition is left anywhere in the bundle).
 */
import { isDeepStrictEqual } from "node:util";
import type { Json } from "./spec-model.js";

const SCHEMA_REF = "#/components/schemas/";

/** Keywords that hold one subschema, a list of them, or a map of them: where nested schemas are merged too. */
const ONE = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"];
const MANY = ["allOf", "anyOf", "oneOf", "prefixItems"];
const MAP = ["properties", "patternProperties", "dependentSchemas", "$defs"];
/** What a member says about itself only: the merged schema keeps its own. */
const ANNOTATIONS = new Set(["description", "title", "examples", "example", "$comment"]);

export class FlattenError extends Error {
  override name = "FlattenError";
}

/** A copy of the spec with every `allOf` composition merged, and the fragments nobody refers to dropped. */
export function flattenAllOf(spec: Json): Json {
  const out = structuredClone(spec) as Json;
  const schemas: Json = out.components?.schemas ?? {};
  const done = new Map<string, Json>();
  const named = (ref: string, trail: readonly string[]): Json => {
    const name = ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined;
    if (name === undefined || !(name in schemas))
      throw new FlattenError(`${trail.at(-1)}: allOf member ${ref} is not a component schema`);
    if (trail.includes(name)) throw new FlattenError(`allOf cycle: ${[...trail, name].join(" -> ")}`);
    if (!done.has(name)) done.set(name, flatten(schemas[name], [...trail, name], named));
    return done.get(name)!;
  };
  for (const name of Object.keys(schemas)) schemas[name] = named(`${SCHEMA_REF}${name}`, []);
  dropUnreferencedSchemas(out);
  return out;
}

/**
 * An object built from `allOf` members: several of them, or one beside an object's own keywords. A lone member
 * beside annotations only (no `type`, properties or `required`) is a `$ref` with a description, not a composition.
 */
export const isComposition = (schema: Json): boolean =>
  Array.isArray(schema.allOf) &&
  (schema.allOf.length > 1 || "properties" in schema || "required" in schema || schema.type === "object");

type Resolve = (ref: string, trail: readonly string[]) => Json;

function flatten(schema: Json, trail: readonly string[], resolve: Resolve): Json {
  if (schema === null || typeof schema !== "object" || "$ref" in schema) return schema;
  const copy: Json = { ...schema };
  const nested = (s: Json) => flatten(s, trail, resolve);
  for (const key of ONE) if (isObject(copy[key])) copy[key] = nested(copy[key]);
  for (const key of MANY) if (Array.isArray(copy[key])) copy[key] = copy[key].map(nested);
  for (const key of MAP)
    if (isObject(copy[key]))
      copy[key] = Object.fromEntries(Object.entries<Json>(copy[key]).map(([k, s]) => [k, nested(s)]));
  if (!isComposition(copy)) return copy;
  const { allOf, ...own } = copy;
  const merged: Json = {};
  for (const member of allOf as Json[]) mergeMember(merged, memberSchema(member, trail, resolve), trail);
  return mergeOwn(merged, own, trail);
}

/** A member as merged: the component a `$ref` names, which must then stand alone. */
function memberSchema(member: Json, trail: readonly string[], resolve: Resolve): Json {
  if (!("$ref" in member)) return member;
  const beside = Object.keys(member).filter((key) => key !== "$ref" && !ANNOTATIONS.has(key));
  if (beside.length > 0)
    throw new FlattenError(`${trail.join(" > ")}: an allOf member has ${beside.join(", ")} beside its $ref`);
  return resolve(member.$ref, trail);
}

/** Adds a member's properties, `required` and rules; its annotations describe the member and are left out. */
function mergeMember(merged: Json, member: Json, trail: readonly string[]): void {
  if (member.type !== undefined && member.type !== "object")
    throw new FlattenError(`${trail.join(" > ")}: an allOf member of type ${String(member.type)}`);
  for (const [key, value] of Object.entries<any>(member)) {
    if (ANNOTATIONS.has(key)) continue;
    mergeKeyword(merged, key, value, trail);
  }
}

/** The schema's own keywords come last: its annotations are the merged schema's. */
function mergeOwn(merged: Json, own: Json, trail: readonly string[]): Json {
  for (const [key, value] of Object.entries<any>(own)) {
    if (ANNOTATIONS.has(key)) merged[key] = value;
    else mergeKeyword(merged, key, value, trail);
  }
  return merged;
}

function mergeKeyword(merged: Json, key: string, value: any, trail: readonly string[]): void {
  const where = trail.join(" > ");
  switch (key) {
    case "properties":
      merged.properties = { ...merged.properties }; // never write into a member's own object
      for (const [name, schema] of Object.entries<Json>(value))
        merged.properties[name] =
          name in merged.properties ? bothOf(merged.properties[name], schema, [...trail, name]) : schema;
      return;
    case "required":
      merged.required = [...new Set([...(merged.required ?? []), ...value])];
      return;
    case "not": // not A and not B: not (A or B)
      merged.not =
        merged.not === undefined ? value : { anyOf: [...alternatives(merged.not), ...alternatives(value)] };
      return;
    case "oneOf":
    case "anyOf":
    case "discriminator":
    case "additionalProperties": // these would see the other members' properties once merged
    case "unevaluatedProperties":
      throw new FlattenError(`${where}: a composition with ${key} cannot be merged into one object`);
    default:
      if (key in merged && !isDeepStrictEqual(merged[key], value))
        throw new FlattenError(`${where}: two allOf members set "${key}" differently`);
      merged[key] = value;
  }
}

/**
 * A property two members declare: one schema with the keywords of both (`{ type: string }` and
 * `{ not: { enum: [sub] } }` make `{ type: string, not: { enum: [sub] } }`); the first one's annotations win.
 */
function bothOf(first: Json, second: Json, trail: readonly string[]): Json {
  if (isDeepStrictEqual(first, second)) return first;
  if ("$ref" in first || "$ref" in second)
    throw new FlattenError(`${trail.join(" > ")}: declared by two allOf members, one of them a $ref`);
  const merged: Json = { ...first };
  for (const [key, value] of Object.entries<any>(second))
    if (!(ANNOTATIONS.has(key) && key in merged)) mergeKeyword(merged, key, value, trail);
  return merged;
}

const alternatives = (not: Json): Json[] => (Object.keys(not).join() === "anyOf" ? not.anyOf : [not]);
const isObject = (value: unknown): value is Json => value !== null && typeof value === "object";

/** Removes component schemas that no path, other component or discriminator mapping reaches. */
function dropUnreferencedSchemas(spec: Json): void {
  const schemas: Json = spec.components?.schemas ?? {};
  const reached = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const refs =
        key === "$ref" ? [value] : key === "mapping" && isObject(value) ? Object.values(value) : [];
      for (const ref of refs)
        if (typeof ref === "string" && ref.startsWith(SCHEMA_REF)) {
          // `#/components/schemas/A/properties/b` reaches `A`.
          const name = ref.slice(SCHEMA_REF.length).split("/")[0]!.replace(/~1/g, "/").replace(/~0/g, "~");
          if (!reached.has(name)) {
            reached.add(name);
            visit(schemas[name]);
          }
        }
      if (key !== "$ref") visit(value);
    }
  };
  const { schemas: _schemas, ...otherComponents } = spec.components ?? {};
  visit([spec.paths, spec.webhooks, otherComponents]);
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}
