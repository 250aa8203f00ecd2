/** `npm run lint:spec`: Redocly's lint over the spec source, with the rules in redocly.yaml (invalid examples fail). */
import { redocly } from "./lib/redocly.js";

const { code, output } = await redocly(["lint", "--format", "stylish"]);
process.stdout.write(output);
process.exitCode = code;
