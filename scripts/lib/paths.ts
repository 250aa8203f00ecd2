/** Where things live in the repository, in one place. */
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SPEC_ROOT = join(REPO_ROOT, "openapi/openapi.yaml");
/** Relative to a repository (or a scratch copy of its outputs): the generated files, in generation order. */
export const BUNDLED_SPEC = "openapi/bundled/openapi.yaml";
/** The same bundle as JSON, for generators that read only JSON. */
export const BUNDLED_SPEC_JSON = "openapi/bundled/openapi.json";
export const GENERATED_TYPES = "src/generated/openapi.ts";
export const GENERATED_SERVERS = "src/generated/servers.ts";
export const BUNDLED_SPEC_PATH = join(REPO_ROOT, BUNDLED_SPEC);
