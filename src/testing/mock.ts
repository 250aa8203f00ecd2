/** The mock behind `startMock` and `npm run mock`: Prism, with the example-choosing front before it. */
import { exampleChooser } from "./examples.js";
import { startFront } from "./front.js";
import { startPrismMock, type PrismOptions } from "./prism.js";
import { BUNDLED_SPEC_FILE, bundledSpecJson } from "./spec.js";

export interface RunningMock {
  /** The front's URL: what clients talk to, for both hosts. */
  readonly url: string;
  /** Settles when Prism has exited, whether by `close()` or on its own. */
  readonly exited: Promise<void>;
  /** Stops the front and Prism's process group, and waits until they are gone. Safe to call twice. */
  close(): Promise<void>;
}

export async function launchMock(options: PrismOptions = {}): Promise<RunningMock> {
  const choose = exampleChooser(bundledSpecJson());
  const prism = await startPrismMock(BUNDLED_SPEC_FILE, options);
  const front = await startFront(prism.url, choose).catch(async (error: unknown) => {
    await prism.stop();
    throw error;
  });
  let closing: Promise<void> | undefined;
  return {
    url: front.url,
    exited: prism.exited,
    close: () => (closing ??= front.close().then(() => prism.stop())),
  };
}
