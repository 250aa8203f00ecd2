/** Runs the pinned Redocly CLI offline, quietly, with the repository's redocly.yaml. */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { REPO_ROOT } from "./paths.js";

const redoclyEntry = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");

export interface RedoclyResult {
  code: number;
  output: string;
}

export async function redocly(args: string[]): Promise<RedoclyResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [redoclyEntry, ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_NOTIFICATIONS: "true",
        NO_COLOR: "1",
        FORCE_COLOR: "0",
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, output: withoutNodeBanner(stdout + stderr) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    const output = withoutNodeBanner(`${failed.stdout ?? ""}${failed.stderr ?? ""}`);
    return { code: typeof failed.code === "number" ? failed.code : 1, output };
  }
}

/** Redocly prints a boxed "Node.js 20 support is ending" notice on every run; it says nothing about the spec. */
function withoutNodeBanner(output: string): string {
  return output.replace(/^\s*[╔║╚].*\n/gm, "").replace(/^\n+/, "");
}
