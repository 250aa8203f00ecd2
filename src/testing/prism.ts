/**
 * Starts Prism on 127.0.0.1 and a port the OS picks, in its own process group: as the OpenAPI mock server,
 * or as a validating proxy in front of an upstream. The one implementation behind `startMock`, the contract
 * tests, `npm start`, `npm run mock` and `npm run contract:live`.
 *
 * Prism is spawned through its JS entry with this Node binary (not npx: killing npx leaves Prism serving),
 * under a small supervisor that stops it when this process goes away, however it goes. The whole group is
 * also killed on stop and when this process exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { MockServerError } from "./errors.js";

export interface PrismServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`: the spec's paths hang off it directly (no `/v1`). */
  readonly url: string;
  /** Settles when Prism has exited, for whatever reason. */
  readonly exited: Promise<void>;
  /** Stops Prism and waits for its process group to end. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PrismOptions {
  /** Give up if Prism has not said it is listening by then. Default 30 s. */
  startTimeoutMs?: number;
}

/** The package `startMock` needs; an optional peer dependency, so only those who use the mock install it. */
export const PRISM_PACKAGE = "@stoplight/prism-cli";

const LISTENING = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/;
const supervisor = fileURLToPath(new URL("./prism-supervisor.mjs", import.meta.url));

/** The Prism mock of `specPath`. With --errors a response that breaks the spec becomes a 500. */
export function startPrismMock(specPath: string, options: PrismOptions = {}): Promise<PrismServer> {
  return startPrism(["mock", specPath, "--errors"], options);
}

/**
 * Prism as a proxy to `upstream`, validating each exchange against the spec. With --errors a request that
 * breaks the spec is answered 422 and not forwarded, and an upstream response that breaks it is replaced by a
 * 500; both are application/problem+json with the violations in `validation`. Prism joins the upstream's
 * path and the request's: `upstream` carries the base path (`https://api.pingone.eu/v1`), requests do not.
 */
export function startPrismProxy(
  specPath: string,
  upstream: string,
  options: PrismOptions = {},
): Promise<PrismServer> {
  return startPrism(["proxy", specPath, upstream, "--errors"], options);
}

/** Prism's CLI entry, resolved from where this package is installed; a typed error naming it when absent. */
function prismEntry(): string {
  try {
    return createRequire(import.meta.url).resolve(`${PRISM_PACKAGE}/dist/index.js`);
  } catch {
    throw new MockServerError(
      "missing-dependency",
      `the mock server needs the optional peer dependency ${PRISM_PACKAGE}: npm install --save-dev ${PRISM_PACKAGE}@5`,
    );
  }
}

async function startPrism(args: string[], { startTimeoutMs = 30_000 }: PrismOptions): Promise<PrismServer> {
  const child = spawn(
    process.execPath,
    [supervisor, prismEntry(), ...args, "--host", "127.0.0.1", "--port", "0"],
    // stdin is a pipe only so that the supervisor notices when this process is gone.
    { detached: true, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } },
  );
  const killOnExit = () => killGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await listeningUrl(child, startTimeoutMs).catch((error: unknown) => {
    process.removeListener("exit", killOnExit);
    throw error;
  });
  // Neither pipe is left unread while Prism runs, so Prism never blocks writing to a full one.
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url,
    exited,
    async stop() {
      process.removeListener("exit", killOnExit);
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits for Prism to say where it listens; on failure its group is killed and its output quoted. */
function listeningUrl(child: ChildProcess, startTimeoutMs: number): Promise<string> {
  let output = "";
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`Prism did not start within ${startTimeoutMs} ms`), startTimeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.stderr!.off("data", onData);
      child.off("exit", onExit);
    };
    function fail(reason: string) {
      done();
      killGroup(child, "SIGKILL");
      reject(new MockServerError("start-failed", `${reason}. Its output:\n${output.slice(-4000)}`));
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        done();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`Prism exited early (code ${code}, signal ${signal})`);
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (error) => fail(`Prism could not be spawned: ${error.message}`));
    child.once("exit", onExit);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone: nothing left to stop.
  }
}
