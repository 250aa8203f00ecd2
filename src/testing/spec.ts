/** The bundled spec the package ships, where the mock and the example chooser read it. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Json = { [key: string]: unknown };

// Two levels below the package root both in src/testing (tests, scripts) and dist/testing (installed).
export const BUNDLED_SPEC_FILE = fileURLToPath(
  new URL("../../openapi/bundled/openapi.yaml", import.meta.url),
);
const BUNDLED_SPEC_JSON = new URL("../../openapi/bundled/openapi.json", import.meta.url);

let bundled: Json | undefined;
/** The bundle as JSON, read once per process. Callers must not mutate it. */
export function bundledSpecJson(): Json {
  return (bundled ??= JSON.parse(readFileSync(BUNDLED_SPEC_JSON, "utf8")) as Json);
}

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `#/paths/~1users/get` -> `["paths", "/users", "get"]`. */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .replace(/^#\//, "")
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Follows a local `$ref` (`#/components/...`) of `root`, as often as it takes. */
export function deref<T = unknown>(root: object, node: unknown): T {
  let current = node;
  while (isObject(current) && typeof current.$ref === "string") {
    const ref = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`only local refs are expected in the bundle: ${ref}`);
    current = pointerSegments(ref).reduce<unknown>(
      (parent, part) => (isObject(parent) ? parent[part] : undefined),
      root,
    );
    if (current === undefined) throw new Error(`dangling ref ${ref}`);
  }
  return current as T;
}
