/**
 * `npm run check:package`: the tarball `npm publish` would upload, linted as a registry would see it.
 * publint (package.json against the files: exports, types, files) and Are the Types Wrong (every entry point's
 * types under every module resolution a consumer may use; ESM-only, so the CommonJS-only `node10` resolution
 * and the `require` of an ESM module under `node16` are not failures). Exit code 1 on any problem.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packPackage } from "./lib/pack.js";
import { REPO_ROOT } from "./lib/paths.js";

// Their CLIs by file: neither package exports its bin.
const TOOLS = {
  publint: {
    cli: join(REPO_ROOT, "node_modules/publint/src/cli.js"),
    args: (tarball: string) => ["run", tarball, "--strict"],
  },
  attw: {
    cli: join(REPO_ROOT, "node_modules/@arethetypeswrong/cli/dist/index.js"),
    // No @types lookup: the package ships its own types, and the check must not need the network. The YAML
    // bundle is a data file read by path (import.meta.resolve), not a module: no resolution has types for it.
    args: (tarball: string) => [
      tarball,
      ...["--profile", "esm-only", "--no-definitely-typed", "--exclude-entrypoints", "./openapi.yaml"],
      ...["--format", "table", "--no-color"],
    ],
  },
};

const scratch = mkdtempSync(join(tmpdir(), "pingone-pack-"));
try {
  const { tarball, files } = await packPackage(scratch);
  console.log(`Packed ${files.length} files into ${tarball}`);
  let failed = false;
  for (const [name, tool] of Object.entries(TOOLS)) {
    console.log(`\n$ ${name} ${tool.args("<tarball>").join(" ")}`);
    const run = spawnSync(process.execPath, [tool.cli, ...tool.args(tarball)], { stdio: "inherit" });
    failed ||= run.status !== 0;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
