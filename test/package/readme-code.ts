/**
 * The README's code, read from README.md itself so that it cannot drift from what is tested: each fenced block
 * right after `<!-- consumer-test: KIND -->`, made into files a consumer project compiles and runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/paths.js";

export type BlockKind = "client" | "calls" | "vitest" | "typecheck";

/** The names the README's snippets take as given, bound to the IDs the mock's examples use. */
const GIVEN = {
  environmentID: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
  clientId: "readme-client",
  clientSecret: "readme-secret",
  policyID: "551e6ddc-7f2d-4934-98a5-ddc50037246a",
  applicationID: "fe36bb1a-3983-4d6c-af02-e7d50b0ab99a",
  flowID: "9fcd0729-2020-5e0a-abda-192df2239d38",
};
const given = Object.entries(GIVEN)
  .map(([name, value]) => `const ${name} = ${JSON.stringify(value)};`)
  .join("\n");

export const readme = () => readFileSync(join(REPO_ROOT, "README.md"), "utf8");

export function readmeBlocks(text = readme()): Record<BlockKind, string[]> {
  const blocks: Record<BlockKind, string[]> = { client: [], calls: [], vitest: [], typecheck: [] };
  for (const match of text.matchAll(/<!-- consumer-test: (\w+) -->\s*```ts\n([\s\S]*?)```/g)) {
    const kind = match[1] as BlockKind;
    if (!(kind in blocks)) throw new Error(`README.md: unknown consumer-test block "${kind}"`);
    blocks[kind].push(match[2]!);
  }
  return blocks;
}

/** A block's import declarations (hoisted by the files below) and the rest. */
function split(code: string): { imports: string; body: string } {
  const imports = code.match(/^import\s[^;]*;.*$/gm) ?? [];
  return { imports: imports.join("\n"), body: code.replace(/^import\s[^;]*;.*$/gm, "").trim() };
}

/** The consumer project's sources: file name -> text. */
export function readmeFiles(blocks = readmeBlocks()): Record<string, string> {
  if (blocks.client.length !== 1 || blocks.calls.length === 0 || blocks.vitest.length !== 1) {
    throw new Error("README.md must mark one client block, at least one calls block and one vitest block");
  }
  const client = split(blocks.client[0]!);
  const files: Record<string, string> = {
    // The README's options are constructed for real (no request is made), then its calls run against the mock.
    "usage.ts": `${client.imports}
import { startMock } from "pingone-platform-client/testing";

${given}

async function main(): Promise<void> {
  {
${client.body}
  }
  const mock = await startMock();
  try {
    const client = createPingOneClient({
      baseUrl: mock.baseUrl,
      authBaseUrl: mock.authBaseUrl,
      auth: { environmentID, clientId, clientSecret },
    });
${blocks.calls.join("\n")}
  } finally {
    await mock.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`,
    "readme.test.ts": blocks.vitest[0]!,
  };
  blocks.typecheck.forEach((code, index) => {
    const { imports, body } = split(code);
    files[`typecheck-${index + 1}.ts`] = `${imports}\n\n${given}\n\n${body}\n`;
  });
  return files;
}
