/**
 * `npm run generate`: openapi/ source -> openapi/bundled/openapi.yaml -> src/generated/openapi.ts.
 *
 * Data flows one way; nothing downstream is edited by hand. `check-generated.ts` calls the same function with
 * a scratch directory and compares the bytes, so there is exactly one recipe for the generated files.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { BUNDLED_SPEC, GENERATED_TYPES, REPO_ROOT } from "./lib/paths.js";
import { redocly } from "./lib/redocly.js";

/** Writes every generated file under `outDir` (the repository by default) and returns their relative paths. */
export async function generate(outDir: string = REPO_ROOT): Promise<string[]> {
  const bundledPath = join(outDir, BUNDLED_SPEC);
  await mkdir(dirname(bundledPath), { recursive: true });
  const bundle = await redocly(["bundle", "pingone", "--output", bundledPath]);
  if (bundle.code !== 0) throw new Error(`redocly bundle failed:\n${bundle.output}`);

  const ast = await openapiTS(pathToFileURL(bundledPath), {
    // A schema `default` is what the server assumes when a field is left out: the field stays optional.
    defaultNonNullable: false,
  });
  const typesPath = join(outDir, GENERATED_TYPES);
  await mkdir(dirname(typesPath), { recursive: true });
  await writeFile(typesPath, COMMENT_HEADER + astToString(ast));
  return [BUNDLED_SPEC, GENERATED_TYPES];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const written = await generate();
  for (const file of written)
    console.log(`generated ${file} (${(await readFile(join(REPO_ROOT, file))).length} bytes)`);
}
