/**
 * The chain of processes that runs a script (npm -> sh -> tsx -> node): this process's ancestors in its own
 * process group, which is the job a terminal or `npm run` started. A signal to any of them must end the
 * script, but not every link passes it on (a shell killed by SIGTERM leaves its child running), so the
 * script watches them all.
 */
import { execFileSync } from "node:child_process";

export interface ProcessEntry {
  ppid: number;
  pgid: number;
}

/** Every process on the machine: pid -> parent and process group (`ps`, as on Linux and macOS). */
export function processTable(): Map<number, ProcessEntry> {
  const table = new Map<number, ProcessEntry>();
  const listing = execFileSync("ps", ["-A", "-o", "pid=,ppid=,pgid="], { encoding: "utf8" });
  for (const line of listing.trim().split("\n")) {
    const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
    if (pid !== undefined && ppid !== undefined && pgid !== undefined) table.set(pid, { ppid, pgid });
  }
  return table;
}

/** This process's ancestors within its process group, nearest first. */
export function chainAncestors(table = processTable()): number[] {
  const group = table.get(process.pid)?.pgid;
  const ancestors: number[] = [];
  for (let pid = process.ppid; pid > 1 && table.get(pid)?.pgid === group; pid = table.get(pid)!.ppid) {
    ancestors.push(pid);
  }
  return ancestors;
}

/** Calls `onEnd` once, as soon as any process of the chain is gone (checked every `intervalMs`). */
export function onChainEnd(onEnd: () => void, intervalMs = 500): void {
  const chain = chainAncestors();
  const timer = setInterval(() => {
    if (chain.some((pid) => !isAlive(pid))) {
      clearInterval(timer);
      onEnd();
    }
  }, intervalMs);
  timer.unref();
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
