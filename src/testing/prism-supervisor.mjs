// Runs Prism as a child and ends it as soon as the process that started us goes away. That process holds our
// stdin open; when it exits, even by SIGKILL (which no exit hook sees), stdin closes and Prism is stopped.
import { spawn } from "node:child_process";

const [prismEntry, ...args] = process.argv.slice(2);
const prism = spawn(process.execPath, [prismEntry, ...args], { stdio: ["ignore", "inherit", "inherit"] });

function stop(signal) {
  if (prism.exitCode === null && prism.signalCode === null) prism.kill(signal);
}
process.stdin.on("close", () => stop("SIGTERM"));
process.stdin.resume();
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal));
prism.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
