/**
 * `npm run check:generators`: runs the TypeScript generators other teams use on the bundle and type-checks what
 * they make (scripts/lib/generators.ts); one line per generator, exit code 1 if any has a problem.
 */
import { GENERATORS, checkGenerator } from "./lib/generators.js";

let failed = 0;
for (const generator of GENERATORS) {
  const started = Date.now();
  const { problems } = await checkGenerator(generator);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${generator.name} (${seconds} s)`);
  for (const problem of problems) console.log(`     ${problem.replace(/\n/g, "\n     ")}`);
  if (problems.length > 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
