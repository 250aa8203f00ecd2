/** Runs one of the project's scripts as a user runs it: its own process, with no PINGONE_* but those given. */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { REPO_ROOT } from "../../scripts/lib/paths.js";
import { ENV } from "./scenario.js";

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

/** The worker app a script runs as against a local stand-in for a tenant: its secret must never be printed. */
export const WORKER_SECRET = "worker-secret-that-must-never-be-printed";
/** The Basic credentials the worker's token requests carry. */
export const WORKER_BASIC = `Basic ${btoa(`worker-client:${WORKER_SECRET}`)}`;

/** PINGONE_* for a tenant in the EU region whose API and authorization server are at the URLs given. */
export function tenantEnv(apiUrl: string, authUrl = apiUrl): Record<string, string> {
  return {
    PINGONE_REGION: "eu",
    PINGONE_ENVIRONMENT_ID: ENV,
    PINGONE_CLIENT_ID: "worker-client",
    PINGONE_CLIENT_SECRET: WORKER_SECRET,
    PINGONE_API_URL: apiUrl,
    PINGONE_AUTH_URL: authUrl,
  };
}
