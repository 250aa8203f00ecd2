/**
 * Part of `npm test`: regenerates into a scratch directory and fails on any byte of drift from what is
 * committed, so the bundled spec and the generated types can never silently disagree with the source.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "./generate.js";
import { REPO_ROOT } from "./lib/paths.js";

const scratch = await mkdtemp(join(tmpdir(), "pingone-generated-"));
try {
  const stale: string[] = [];
  for (const file of await generate(scratch)) {
    const fresh = await readFile(join(scratch, file));
    const committed = await readFile(join(REPO_ROOT, file)).catch(() => undefined);
    if (!committed?.equals(fresh)) stale.push(file);
  }
  if (stale.length > 0) {
    console.error(`Generated files differ from what the spec produces:\n  ${stale.join("\n  ")}`);
    console.error("Run `npm run generate` and commit the result (never edit these files by hand).");
    process.exitCode = 1;
  } else {
    console.log("generated files are up to date");
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
