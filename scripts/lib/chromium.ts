/** Debian's Chromium (`apt-get install chromium`), driven headless by playwright-core for checks in a real browser. */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * On a closed network Chromium's background chatter (updates, sync, QUIC probes, first-run setup) only stalls
 * or fails; these flags switch it off. Without a user namespace sandbox in containers, `--no-sandbox` is needed.
 */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} not found: install Debian's Chromium with \`apt-get install chromium\``,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}
