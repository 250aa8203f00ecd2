/** JSON pointers and local `$ref`s into the bundled spec, written once for the scripts and the tests. */

type Json = Record<string, any>;

/** One segment of a JSON pointer: `/` and `~` escaped (`/users` -> `~1users`). */
export const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** `#/paths/~1users/get` -> `["paths", "/users", "get"]`. */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .replace(/^#\//, "")
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Follows a local `$ref` (`#/components/...`) of `root`, as often as it takes. */
export function deref<T = Json>(root: Json, node: Json | undefined): T {
  let current = node;
  while (typeof current?.$ref === "string") {
    const ref = current.$ref as string;
    if (!ref.startsWith("#/")) throw new Error(`only local refs are expected in the bundle: ${ref}`);
    current = pointerSegments(ref).reduce<Json | undefined>((parent, part) => parent?.[part], root);
    if (current === undefined) throw new Error(`dangling ref ${ref}`);
  }
  return current as T;
}
