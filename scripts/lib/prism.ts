/**
 * Prism for the scripts and the tests, from the one implementation the package's `startMock` uses
 * (src/testing/prism.ts): the mock of the bundled spec, or a validating proxy in front of an upstream.
 */
import {
  startPrismMock,
  startPrismProxy,
  type PrismOptions,
  type PrismServer,
} from "../../src/testing/prism.js";
import { BUNDLED_SPEC_PATH } from "./paths.js";
import { onChainEnd } from "./process-chain.js";

export type { PrismServer };
export type MockServer = PrismServer;

export const startMockServer = (options: PrismOptions & { specPath?: string } = {}): Promise<MockServer> =>
  startPrismMock(options.specPath ?? BUNDLED_SPEC_PATH, options);

export const startProxyServer = (
  upstream: string,
  options: PrismOptions & { specPath?: string } = {},
): Promise<PrismServer> => startPrismProxy(options.specPath ?? BUNDLED_SPEC_PATH, upstream, options);

/**
 * For command-line scripts: on Ctrl-C or SIGTERM to this process or to any process of the chain that runs it
 * (npm -> sh -> tsx -> node), stop the server(s) and exit. Node's default for these signals skips "exit"
 * handlers, a detached Prism does not get the terminal's Ctrl-C, and a shell killed between npm and tsx does
 * not pass the signal on: each would leave Prism running.
 */
export function stopOnSignals(server: { stop(): Promise<void> } | { close(): Promise<void> }): void {
  const stop = () => ("stop" in server ? server.stop() : server.close());
  const exit = (code: number) => void stop().finally(() => process.exit(code));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => exit(signal === "SIGINT" ? 130 : 143));
  }
  onChainEnd(() => exit(143));
}
