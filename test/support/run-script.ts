/** Runs one of the project's scripts as a user runs it: its own process, with no PINGONE_* but those given. */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { REPO_ROOT } from "../../scripts/lib/paths.js";

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runScript(
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
  args: string[] = [],
): Promise<ScriptRun> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("PINGONE_")),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsxCli, script, ...args],
      { cwd: REPO_ROOT, env: { ...clean, ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}
