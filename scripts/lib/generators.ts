/**
 * The TypeScript generators other teams run on the bundle, run the way they would, and the probe that checks
 * what they made: it compiles, response `id`s are required, and a `switch` on a union's tag narrows.
 *
 * Each generator writes into its own directory under `node_modules/.cache/`, so that the generated code resolves
 * its runtime imports (zod, @zodios/core) from the project's own pinned packages, as it would in a team's repo.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BUNDLED_SPEC_JSON, REPO_ROOT } from "./paths.js";

const require = createRequire(import.meta.url);

export interface Generator {
  name: string;
  /** The package and its CLI arguments, `{spec}` and `{out}` filled in per run. */
  cli: { pkg: string; bin: string; args: string[] };
  /** Files the generator needs beside it (a config file), by name. */
  config?: Record<string, string>;
  /** How the probe names the spec's types: the import, then a type alias per name. */
  probeHead: string;
  /** `Bundler` where the generated code imports its files without an extension. */
  moduleResolution: "Bundler" | "NodeNext";
  /** A module to import once generated: code that builds runtime schemas fails here if they cannot be built. */
  load?: string;
}

/** How long one step (generate, type-check, load) may take: many times what it takes on a loaded 2-core machine. */
export const STEP_TIMEOUT_MS = 120_000;

/** The types the probe checks, by their schema names. */
const PROBED = ["Application", "SignOnPolicyAction", "SignOnPolicyActionLogin", "User", "Population"];
const aliases = (of: (name: string) => string) =>
  PROBED.map((name) => `type ${name} = ${of(name)};`).join("\n");

export const GENERATORS: Generator[] = [
  {
    name: "@hey-api/openapi-ts",
    cli: { pkg: "@hey-api/openapi-ts", bin: "openapi-ts", args: ["-f", "openapi-ts.config.mjs"] },
    config: {
      "openapi-ts.config.mjs": `export default {
  input: "{spec}",
  output: { path: "{out}" },
  plugins: ["@hey-api/typescript", "@hey-api/sdk", "@hey-api/client-fetch"],
  logs: { level: "silent", file: false },
};
`,
    },
    probeHead: `import type { ${PROBED.join(", ")} } from "./types.gen";`,
    moduleResolution: "Bundler",
  },
  {
    name: "orval",
    cli: { pkg: "orval", bin: "orval", args: ["--config", "orval.config.cjs"] },
    config: {
      "orval.config.cjs": `module.exports = {
  pingone: {
    input: { target: "{spec}" },
    output: { target: "{out}/api.ts", client: "fetch", mode: "single", prettier: false },
  },
};
`,
    },
    probeHead: `import type { ${PROBED.join(", ")} } from "./api";`,
    moduleResolution: "Bundler",
  },
  {
    name: "openapi-zod-client",
    cli: {
      pkg: "openapi-zod-client",
      bin: "openapi-zod-client",
      args: ["{spec}", "-o", "{out}/client.ts", "--export-schemas"],
    },
    probeHead: `import type { z } from "zod";\nimport type { schemas } from "./client.js";\n${aliases((n) => `z.infer<typeof schemas.${n}>`)}`,
    moduleResolution: "NodeNext",
    load: "client.ts",
  },
  {
    name: "typed-openapi",
    cli: { pkg: "typed-openapi", bin: "typed-openapi", args: ["{spec}", "-o", "{out}/api.ts"] },
    probeHead: `import type { Schemas } from "./api";\n${aliases((n) => `Schemas.${n}`)}`,
    moduleResolution: "Bundler",
  },
];

/**
 * What every generator's types must allow: a response `id` is a required string (never `any`), and a `switch`
 * on the tag of a union reaches the fields of its variant.
 */
const PROBE_BODY = `
export function ids(app: Application, action: SignOnPolicyAction, login: SignOnPolicyActionLogin, user: User, population: Population): string[] {
  return [app.id, action.id, login.id, user.id, population.id];
}

${PROBED.map(
  (name) => `export function ${name[0]!.toLowerCase()}${name.slice(1)}NotAny(value: ${name}): void {
  // @ts-expect-error an id is a string, not any
  const id: number = value.id;
  void id;
}`,
).join("\n\n")}

export function attributes(action: SignOnPolicyAction): string[] {
  switch (action.type) {
    case "PROGRESSIVE_PROFILING":
      return action.attributes.map((attribute) => attribute.name);
    default:
      return [];
  }
}

export function acsUrls(app: Application): string[] {
  switch (app.protocol) {
    case "SAML":
      return app.acsUrls;
    default:
      return [];
  }
}
`;

export interface GeneratorReport {
  name: string;
  /** What went wrong, in order: the generator's failure, the compiler's errors, the load failure. */
  problems: string[];
}

/** Runs one generator on the bundle and checks its output; the work directory is removed afterwards. */
export async function checkGenerator(
  generator: Generator,
  spec = join(REPO_ROOT, BUNDLED_SPEC_JSON),
): Promise<GeneratorReport> {
  const cache = join(REPO_ROOT, "node_modules/.cache");
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, "generator-"));
  const out = join(dir, "out");
  // Relative to the work directory: typed-openapi prefixes even an absolute output path with its own.
  const fill = (text: string) => text.replaceAll("{spec}", spec).replaceAll("{out}", "out");
  try {
    await mkdir(out); // not every generator makes its output directory
    for (const [name, text] of Object.entries(generator.config ?? {}))
      await writeFile(join(dir, name), fill(text));
    const generated = await node(
      [binOf(generator.cli.pkg, generator.cli.bin), ...generator.cli.args.map(fill)],
      dir,
    );
    if (generated.code !== 0)
      return { name: generator.name, problems: [`generation failed:\n${generated.output}`] };
    await writeFile(join(out, "probe.ts"), `${generator.probeHead}\n${PROBE_BODY}`);
    await writeFile(join(out, "tsconfig.json"), tsconfig(generator.moduleResolution));
    const tsc = await node(
      [binOf("typescript", "tsc"), "-p", join(out, "tsconfig.json"), "--pretty", "false"],
      dir,
    );
    const problems = tsc.output.split("\n").filter((line) => /error TS\d+/.test(line));
    if (tsc.code !== 0 && problems.length === 0) problems.push(`tsc failed:\n${tsc.output}`);
    if (generator.load) {
      const load = await node(
        ["--import", "tsx", "-e", `await import(${JSON.stringify(join(out, generator.load))})`],
        dir,
      );
      if (load.code !== 0) problems.push(`loading ${generator.load} failed:\n${load.output}`);
    }
    return { name: generator.name, problems };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tsconfig(moduleResolution: Generator["moduleResolution"]): string {
  const compilerOptions = {
    target: "ES2022",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    module: moduleResolution === "Bundler" ? "ESNext" : "NodeNext",
    moduleResolution,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  return `${JSON.stringify({ compilerOptions, include: ["./**/*.ts"] }, null, 2)}\n`;
}

/** The JS file behind a package's command: run with this Node, never through npx. */
function binOf(pkg: string, bin: string): string {
  const manifestPath = join(REPO_ROOT, "node_modules", pkg, "package.json"); // not every package exports it
  const { bin: bins } = require(manifestPath) as { bin: string | Record<string, string> };
  const entry = typeof bins === "string" ? bins : bins[bin];
  if (!entry) throw new Error(`${pkg} has no command ${bin}`);
  return join(dirname(manifestPath), entry);
}

/** Runs Node with these arguments; resolves with the exit code and everything it printed. */
export function node(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      timeout: STEP_TIMEOUT_MS, // a hung generator is killed, not left behind
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
