/**
 * Starts Prism on 127.0.0.1 and a port the OS picks, in its own process group: as the OpenAPI mock server,
 * or as a validating proxy in front of an upstream.
 *
 * Shared by the contract tests' global setup, `npm start`, `npm run mock` and `npm run contract:live`. Prism
 * is spawned through its JS entry with this Node binary (not npx: killing npx leaves Prism serving), under a
 * small supervisor that stops it when this process goes away, however it goes. The whole group is also killed
 * on stop and when this process exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { BUNDLED_SPEC_PATH } from "./paths.js";

export interface PrismServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`: the spec's paths hang off it directly (no `/v1`). */
  readonly url: string;
  /** Stops Prism and waits for its process group to end. Safe to call twice. */
  stop(): Promise<void>;
}
export type MockServer = PrismServer;

export interface PrismOptions {
  specPath?: string;
  /** Give up if Prism has not said it is listening by then. */
  startTimeoutMs?: number;
}

const LISTENING = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/;
const prismEntry = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");
const supervisor = fileURLToPath(new URL("./prism-supervisor.mjs", import.meta.url));

export function startMockServer(options: PrismOptions = {}): Promise<MockServer> {
  const { specPath = BUNDLED_SPEC_PATH } = options;
  // --errors: a response that breaks the spec becomes a 500, so an invalid example cannot pass unnoticed.
  return startPrism(["mock", specPath, "--errors"], options);
}

/**
 * Prism as a proxy to `upstream`, validating each exchange against the spec. With --errors a request that
 * breaks the spec is answered 422 and not forwarded, and an upstream response that breaks it is replaced by a
 * 500; both are application/problem+json with the violations in `validation`. Prism joins the upstream's
 * path and the request's: `upstream` carries the base path (`https://api.pingone.eu/v1`), requests do not.
 */
export function startProxyServer(upstream: string, options: PrismOptions = {}): Promise<PrismServer> {
  const { specPath = BUNDLED_SPEC_PATH } = options;
  return startPrism(["proxy", specPath, upstream, "--errors"], options);
}

async function startPrism(args: string[], { startTimeoutMs = 30_000 }: PrismOptions): Promise<PrismServer> {
  const child = spawn(
    process.execPath,
    [supervisor, prismEntry, ...args, "--host", "127.0.0.1", "--port", "0"],
    // stdin is a pipe only so that the supervisor notices when this process is gone.
    { detached: true, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } },
  );
  const killOnExit = () => killGroup(child, "SIGKILL");
  process.once("exit", killOnExit);

  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`Prism did not start within ${startTimeoutMs} ms`), startTimeoutMs);
    function fail(reason: string) {
      clearTimeout(timer);
      killGroup(child, "SIGKILL");
      reject(new Error(`${reason}. Its output:\n${output.slice(-4000)}`));
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    // Both streams are read for the whole life of the process, so Prism never blocks on a full pipe.
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (error) => fail(`Prism could not be spawned: ${error.message}`));
    child.once("exit", (code, signal) => fail(`Prism exited early (code ${code}, signal ${signal})`));
  });
  child.removeAllListeners("exit");

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return {
    url,
    async stop() {
      process.removeListener("exit", killOnExit);
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone: nothing left to stop.
  }
}

/**
 * For command-line scripts: on Ctrl-C or SIGTERM, stop the server(s) and exit. (Node's default for these
 * signals skips "exit" handlers, and a detached Prism does not get the terminal's Ctrl-C, so it would be left
 * running.)
 */
export function stopOnSignals(mock: Pick<PrismServer, "stop">): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void mock.stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143)));
  }
}
