/**
 * The package as `npm publish` would upload it, packed into a folder of the caller's: for the package check
 * (publint, attw) and the consumer tests. `dist/` must be built first; scripts are not run, so packing never
 * rewrites `dist/` under a test that reads it.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./paths.js";

export interface PackedPackage {
  /** The tarball's absolute path. */
  tarball: string;
  /** Every path in it, relative to the package root, sorted. */
  files: string[];
}

export async function packPackage(destination: string): Promise<PackedPackage> {
  assertBuilt();
  const { stdout } = await promisify(execFile)(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", destination],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  return { tarball: join(destination, packed.filename), files: packed.files.map((f) => f.path).sort() };
}

/** A tarball of stale code would prove nothing: `dist/` must be newer than every file it is built from. */
function assertBuilt(): void {
  const entry = join(REPO_ROOT, "dist/index.js");
  if (!existsSync(entry)) throw new Error("dist/ is missing: run npm run build first");
  const built = statSync(entry).mtimeMs;
  const src = join(REPO_ROOT, "src");
  const newer = readdirSync(src, { recursive: true, encoding: "utf8" }).find(
    (file) => statSync(join(src, file)).mtimeMs > built,
  );
  if (newer) throw new Error(`dist/ is older than src/${newer}: run npm run build first`);
}
