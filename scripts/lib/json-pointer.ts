/** JSON pointers and local `$ref`s into the bundled spec, written once for the scripts and the tests. */

import { deref as followRef } from "../../src/testing/spec.js";

type Json = Record<string, any>;

/** One segment of a JSON pointer: `/` and `~` escaped (`/users` -> `~1users`). */
export const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

export { pointerSegments } from "../../src/testing/spec.js";

/** Follows a local `$ref` (`#/components/...`) of `root`, as often as it takes. */
export const deref = <T = Json>(root: Json, node: Json | undefined): T => followRef<T>(root, node);
