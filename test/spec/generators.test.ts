/**
 * The bundle as other teams consume it: the four TypeScript generators they use most make code from it that
 * compiles, with response ids required and unions that narrow (scripts/lib/generators.ts), and every validator
 * that runs here finds it valid.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import { compileErrors, validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { GENERATORS, STEP_TIMEOUT_MS, checkGenerator, node } from "../../scripts/lib/generators.js";
import { BUNDLED_SPEC, BUNDLED_SPEC_JSON, REPO_ROOT } from "../../scripts/lib/paths.js";
import { redocly } from "../../scripts/lib/redocly.js";
import { RELEASED_SPEC_PATH } from "../../scripts/check-breaking.js";
import { join } from "node:path";

// Generate, type-check, load: three steps, each killed after STEP_TIMEOUT_MS.
const GENERATOR_TIMEOUT = 3 * STEP_TIMEOUT_MS + 30_000;
const bundleJson = join(REPO_ROOT, BUNDLED_SPEC_JSON);

describe("code generated from the bundle compiles, with required ids and narrowing unions", () => {
  it.each(GENERATORS.map((generator) => ({ generator, name: generator.name })))(
    "$name",
    async ({ generator }) => {
      expect((await checkGenerator(generator, bundleJson)).problems).toEqual([]);
    },
    GENERATOR_TIMEOUT,
  );

  it(
    "fails where it should: typed-openapi on the released 0.1.0 spec, whose compositions made ids optional",
    async () => {
      const typedOpenapi = GENERATORS.find((generator) => generator.name === "typed-openapi")!;
      const { problems } = await checkGenerator(typedOpenapi, RELEASED_SPEC_PATH);
      expect(problems).toContainEqual(
        expect.stringMatching(
          /probe\.ts.*TS2322: Type 'string \| undefined' is not assignable to type 'string'/,
        ),
      );
    },
    GENERATOR_TIMEOUT,
  );
});

describe("validators find the bundle valid", () => {
  it("@apidevtools/swagger-parser", async () => {
    await expect(SwaggerParser.validate(bundleJson)).resolves.toBeDefined();
  });

  it("@readme/openapi-parser", async () => {
    const result = await validate(bundleJson);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
  });

  it(
    "Spectral (spectral:oas): no finding at all",
    async () => {
      const spectral = join(REPO_ROOT, "node_modules/@stoplight/spectral-cli/dist/index.js");
      const ruleset = join(REPO_ROOT, "test/fixtures/spectral.yaml"); // spectral:oas, nothing else
      const { code, output } = await node(
        [spectral, "lint", bundleJson, "--ruleset", ruleset, "--format", "json"],
        REPO_ROOT,
      );
      // The JSON report comes first; Spectral appends its own line after it.
      expect(output.startsWith("[]"), output.slice(0, 2000)).toBe(true);
      expect(code).toBe(0);
    },
    GENERATOR_TIMEOUT,
  );

  it(
    "Redocly, with the project's rules",
    async () => {
      const { code, output } = await redocly(["lint", BUNDLED_SPEC, "--format", "stylish"]);
      expect(code, output).toBe(0);
    },
    GENERATOR_TIMEOUT,
  );
});
