/** Process trees and ports, to prove that what a test started is gone again. */
import { connect } from "node:net";
import { isAlive, processTable } from "../../scripts/lib/process-chain.js";

export { isAlive };

/** Every process below `root` (children, grandchildren, ...), from one look at the process table. */
export function descendants(root: number): number[] {
  const table = processTable();
  const found: number[] = [];
  for (let frontier = [root]; frontier.length > 0;) {
    const children = [...table].filter(([, entry]) => frontier.includes(entry.ppid)).map(([pid]) => pid);
    found.push(...children);
    frontier = children;
  }
  return found;
}

/** Whether something accepts connections at `url`'s host and port. */
export function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs` (generous: CI is a loaded machine). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
