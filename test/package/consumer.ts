/**
 * A throwaway consumer project, installed without the registry: the packed tarball is extracted into
 * node_modules/pingone-platform-client, and the packages it needs are symlinked from this repository's
 * node_modules. Nothing is fetched, so the test runs offline; and only what is named here is there, so a
 * dependency missing from the package's package.json shows.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../scripts/lib/paths.js";

export const run = promisify(execFile);

export interface ConsumerOptions {
  /** `package.json`'s `type`. */
  type: "module" | "commonjs";
  compilerOptions: Record<string, unknown>;
  /** Packages linked besides the package's own dependencies. */
  extra: string[];
  files: Record<string, string>;
}

/** What a Node project has: ES2022, @types/node, no DOM; and every declaration checked, its own and ours. */
export const STRICT_NODE = {
  target: "ES2022",
  lib: ["ES2022"],
  types: ["node"],
  strict: true,
  skipLibCheck: false,
  noEmitOnError: true,
  outDir: "out",
  rootDir: ".",
};

export async function createConsumer(
  dir: string,
  tarball: string,
  options: ConsumerOptions,
): Promise<string> {
  const installed = join(dir, "node_modules/pingone-platform-client");
  await mkdir(installed, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...options.extra]) {
    const link = join(dir, "node_modules", name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(REPO_ROOT, "node_modules", name), link, "dir");
  }
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: options.type }),
  );
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: options.compilerOptions, include: ["*.ts"] }, null, 2),
  );
  for (const [name, text] of Object.entries(options.files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The environment for a consumer's processes: nothing of this test run's own (vitest, NODE_PATH). */
export function consumerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|NODE_OPTIONS$|NODE_PATH$)/.test(name)),
  );
}

export const tool = (path: string) => join(REPO_ROOT, "node_modules", path);
