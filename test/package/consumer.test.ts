/**
 * The package as a consumer gets it: the packed tarball installed into throwaway projects (ES modules with
 * NodeNext, bundler resolution, CommonJS with module node20), where the README's code is type-checked with
 * `lib: ["ES2022"]` and `skipLibCheck: false` and run against the mock; the README's vitest example is run with
 * vitest; and a project without Prism gets the typed error that names it.
 */
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { bundledSpecJson, type Json } from "../../src/testing/spec.js";
import { consumerEnv, createConsumer, run, STRICT_NODE, tool } from "./consumer.js";
import { readmeFiles } from "./readme-code.js";

const { tarball, scratch } = inject("packed");
const tsc = tool("typescript/bin/tsc");
const TOOLS = ["@stoplight/prism-cli", "@types/node", "undici", "vitest"];

const FLAVOURS = [
  { name: "ES modules, module NodeNext", type: "module", compilerOptions: { module: "nodenext" } },
  {
    name: "ES modules, moduleResolution bundler",
    type: "module",
    compilerOptions: { module: "esnext", moduleResolution: "bundler" },
  },
  { name: "CommonJS, module node20", type: "commonjs", compilerOptions: { module: "node20" } },
] as const;

/** What the README's calls print against the mock: the examples the mock answers them with. */
function expectedOutput(): string[] {
  const examples = (bundledSpecJson().components as Json).examples as Record<string, { value: Json }>;
  const value = (name: string) => examples[name]!.value;
  const mappings = (value("ApplicationAttributeMappingCollectionExample")._embedded as Json)
    .attributes as Json[];
  return [
    String(value("SignOnPolicyActionProgressiveProfilingResponse").id),
    String(value("FlowCompleted").status),
    ...mappings.map((mapping) => `${mapping.name} ${mapping.value}`),
  ];
}

// The projects are independent: they are built and run side by side.
describe.concurrent("consumer projects", () => {
  it.each(FLAVOURS)(
    "$name: type-checks the README's code, then runs it against the mock",
    async ({ name, type, compilerOptions }) => {
      const dir = await createConsumer(join(scratch, name.replace(/\W+/g, "-")), tarball, {
        type,
        compilerOptions: { ...STRICT_NODE, ...compilerOptions },
        extra: TOOLS,
        files: readmeFiles(),
      });
      const compiled = await run(process.execPath, [tsc, "-p", dir], { env: consumerEnv() }).catch(
        (failure: { stdout: string }) => failure,
      );
      expect(compiled.stdout).toBe(""); // tsc prints nothing but its errors
      const { stdout } = await run(process.execPath, [join(dir, "out/usage.js")], {
        cwd: dir,
        env: consumerEnv(),
      });
      for (const line of expectedOutput()) expect(stdout).toContain(line);
      expect(stdout).toMatch(/^\d+ actions$/m);

      if (type === "module" && compilerOptions.module === "nodenext") {
        // The README's vitest example, as a user runs it: vitest in the consumer project (with room for a first
        // request to a Prism that shares two loaded cores with two other projects' runs).
        const vitest = await run(
          process.execPath,
          [tool("vitest/vitest.mjs"), "run", "readme.test.ts", "--testTimeout", "30000"],
          {
            cwd: dir,
            env: { ...consumerEnv(), NO_COLOR: "1" },
          },
        ).catch((failure: { stdout: string; stderr: string }) => failure);
        expect(vitest.stdout).toMatch(/Test Files\s+1 passed \(1\)\n\s+Tests\s+2 passed \(2\)/);
      }
    },
  );

  it("without the optional peer dependency @stoplight/prism-cli: a MockServerError that names it", async () => {
    const dir = await createConsumer(join(scratch, "no-prism"), tarball, {
      type: "module",
      compilerOptions: STRICT_NODE,
      extra: [],
      files: {},
    });
    const probe = `
      import { MockServerError, startMock } from "pingone-platform-client/testing";
      try {
        await startMock();
        console.log("started");
      } catch (error) {
        console.log(JSON.stringify({ typed: error instanceof MockServerError, reason: error.reason, message: error.message }));
      }`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", probe], {
      cwd: dir,
      env: consumerEnv(),
    });
    const result = JSON.parse(stdout) as { typed: boolean; reason: string; message: string };
    expect(result).toMatchObject({ typed: true, reason: "missing-dependency" });
    expect(result.message).toContain("npm install --save-dev @stoplight/prism-cli");
  });
});
