/**
 * The bundled spec as every tool reads it (scripts, tests, bench): loaded one way, and its operations walked
 * one way, with one list of methods.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { BUNDLED_SPEC_PATH } from "./paths.js";

export type Json = Record<string, any>;

/** The keys of an OpenAPI path item that hold operations. */
export const OPENAPI_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
export type OpenApiMethod = (typeof OPENAPI_METHODS)[number];

export interface SpecOperation {
  /** The path template, e.g. `/environments/{environmentID}/users/{userID}`. */
  path: string;
  method: OpenApiMethod;
  operationId: string;
  /** The operation object, with the path item's parameters merged in. */
  op: Json;
  /** The path item it belongs to. */
  item: Json;
}

/** A spec file (YAML or JSON, both parse as YAML), parsed. */
export const readSpec = (path: string = BUNDLED_SPEC_PATH): Json => parse(readFileSync(path, "utf8")) as Json;

let bundled: Json | undefined;
/** The committed bundle, read once per process. Callers must not mutate it. */
export const bundledSpec = (): Json => (bundled ??= readSpec());

/** Every operation of a spec, in path order and then method order. */
export function specOperations(spec: Json): SpecOperation[] {
  return Object.entries<Json>(spec.paths ?? {}).flatMap(([path, item]) =>
    OPENAPI_METHODS.filter((method) => item[method]).map((method) => ({
      path,
      method,
      operationId: String(item[method].operationId ?? `${method} ${path}`),
      op: {
        ...item[method],
        parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])],
      },
      item,
    })),
  );
}
