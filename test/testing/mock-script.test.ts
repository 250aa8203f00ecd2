/**
 * `npm run mock` as a user runs it: npm -> tsx -> node -> supervisor -> Prism (the script `exec`s tsx, so no
 * shell sits in between to swallow a signal). It prints the URLs to use, and a signal to any link of that
 * chain stops everything it started.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/paths.js";
import { descendants, isAlive, isListening, waitFor } from "../support/processes.js";

interface Run {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const runs: { npm: ChildProcess; pids: number[] }[] = [];

function npmRunMock(): Run {
  // Its own process group, as a terminal's job would be.
  const npm = spawn("npm", ["run", "mock"], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  return { npm, output: () => output, exited };
}

async function started(run: Run) {
  await waitFor("npm run mock to print its URLs", () => /authBaseUrl: /.test(run.output()), 60_000);
  const pids = descendants(run.npm.pid!);
  runs.push({ npm: run.npm, pids });
  return { ...urls(run.output()), pids };
}

function urls(output: string) {
  const baseUrl = /^\s*baseUrl:\s+(\S+)$/m.exec(output)?.[1];
  const authBaseUrl = /^\s*authBaseUrl:\s+(\S+)$/m.exec(output)?.[1];
  return { baseUrl: baseUrl!, authBaseUrl: authBaseUrl! };
}

/** The pid of the chain's link whose command line matches. */
function link(pids: number[], pattern: RegExp): number {
  const pid = pids.find((candidate) => pattern.test(commandLine(candidate)));
  if (pid === undefined) throw new Error(`no process of the chain matches ${pattern}`);
  return pid;
}

function commandLine(pid: number): string {
  try {
    return execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).trim();
  } catch {
    return ""; // gone already
  }
}

afterEach(() => {
  // A failed test must not leave its mock behind: end what this test started, by pid.
  for (const { npm, pids } of runs.splice(0)) {
    for (const pid of [npm.pid!, ...pids]) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
});

describe("npm run mock", () => {
  it("prints the exact baseUrl and authBaseUrl to use (no /v1), and stops everything when npm gets SIGTERM", async () => {
    const run = npmRunMock();
    const { baseUrl, authBaseUrl, pids } = await started(run);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(authBaseUrl).toBe(baseUrl);
    expect(run.output()).toContain("No /v1");
    const response = await fetch(`${baseUrl}/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/populations`, {
      headers: { Authorization: "Bearer any" },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { _embedded: object })._embedded).toHaveProperty("populations");
    await expectStopped(run, pids, baseUrl, /^npm run mock/, "SIGTERM");
  });

  it.each([
    ["npm", "SIGINT", /^npm run mock/],
    ["npm", "SIGKILL", /^npm run mock/], // npm passes nothing on: the script sees its chain break
    ["the supervisor", "SIGTERM", /prism-supervisor\.mjs/],
    ["Prism", "SIGTERM", /prism-cli\/dist\/index\.js mock/],
  ] as const)("stops everything it started when %s gets %s", async (_, signal, pattern) => {
    const run = npmRunMock();
    const { baseUrl, pids } = await started(run);
    await expectStopped(run, pids, baseUrl, pattern, signal);
  });
});

async function expectStopped(
  run: Run,
  pids: number[],
  baseUrl: string,
  pattern: RegExp,
  signal: NodeJS.Signals,
) {
  const chain = [run.npm.pid!, ...pids];
  expect(chain.length).toBeGreaterThanOrEqual(5); // npm, tsx, node, supervisor, Prism
  process.kill(link(chain, pattern), signal);
  await waitFor("the mock's port to close", async () => !(await isListening(baseUrl)));
  await waitFor("every process of the chain to end", () => chain.every((pid) => !isAlive(pid)));
}
