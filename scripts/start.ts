/**
 * `npm start`: the two documented operations, run through the typed client and printed readably.
 *
 * By default against the embedded mock (Prism serving openapi/bundled/openapi.yaml on 127.0.0.1), which needs
 * no setup; with the PINGONE_* variables of ./lib/target.ts, against a real tenant. Whatever it creates it
 * deletes again. Exit codes: 0 done, 1 an API call failed, 2 bad settings.
 */
import { createPingOneClient } from "../src/index.js";
import {
  createProgressiveProfilingAction,
  deleteSignOnPolicyAction,
} from "./examples/create-progressive-profiling-action.js";
import { createEmailAttributeMapping, deleteAttributeMapping } from "./examples/create-attribute-mapping.js";
import { BUNDLED_SPEC } from "./lib/paths.js";
import { printingFetch } from "./lib/print-exchanges.js";
import { startMockServer, stopOnSignals, type MockServer } from "./lib/prism.js";
import { targetFromEnv, UsageError, type Target, type TenantIds } from "./lib/target.js";

/** The IDs of PingOne's documentation, which the mock's examples use too. */
const MOCK_IDS: TenantIds = {
  environmentID: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
  policyID: "551e6ddc-7f2d-4934-98a5-ddc50037246a",
  applicationID: "fe36bb1a-3983-4d6c-af02-e7d50b0ab99a",
};

const print = (line = "") => console.log(line);

async function run(target: Target, mock: MockServer | undefined): Promise<void> {
  const baseUrl = target.kind === "tenant" ? target.apiUrl : mock!.url;
  const ids = target.kind === "tenant" ? target.ids : MOCK_IDS;
  const client = createPingOneClient({
    baseUrl,
    accessToken: target.kind === "tenant" ? target.accessToken : "mock-token",
    fetch: printingFetch(baseUrl, print),
  });

  print(
    target.kind === "tenant"
      ? `Target: PingOne tenant at ${baseUrl}, environment ${ids.environmentID}`
      : `Target: embedded mock (Prism serving ${BUNDLED_SPEC}) at ${baseUrl}`,
  );
  // What was created is deleted again, newest first, also when a later step fails.
  const cleanups: { what: string; undo: () => Promise<void> }[] = [];
  try {
    print("\n1. Create the PROGRESSIVE_PROFILING sign-on policy action");
    const action = await createProgressiveProfilingAction(client, ids);
    cleanups.unshift({
      what: `action ${action.id}`,
      undo: () => deleteSignOnPolicyAction(client, { ...ids, actionID: action.id }),
    });
    print(
      `   Created ${action.type} action ${action.id} in policy ${action.signOnPolicy.id}: ` +
        `priority ${action.priority}, asks for ${action.attributes?.map((a) => a.name).join(", ")}`,
    );

    print("\n2. Create the application attribute mapping");
    const mapping = await createEmailAttributeMapping(client, ids);
    cleanups.unshift({
      what: `mapping ${mapping.id}`,
      undo: () => deleteAttributeMapping(client, { ...ids, attributeMappingID: mapping.id }),
    });
    print(`   Created ${mapping.mappingType} mapping ${mapping.id}: ${mapping.name} = ${mapping.value}`);
  } catch (error) {
    // The step's failure is what the run reports; clean-up failures are printed as they happen.
    await cleanUp(cleanups).catch(() => {});
    throw error;
  }
  await cleanUp(cleanups);
}

/** Runs every clean-up step even if one fails; a failed one is reported and makes the run fail. */
async function cleanUp(cleanups: { what: string; undo: () => Promise<void> }[]): Promise<void> {
  if (cleanups.length > 0) print("\n3. Clean up what was created");
  let firstFailure: unknown;
  for (const { what, undo } of cleanups) {
    try {
      await undo();
      print(`   Deleted ${what}.`);
    } catch (error) {
      console.error(`   Could not delete ${what}: ${(error as Error).message}`);
      firstFailure ??= error;
    }
  }
  if (firstFailure) throw firstFailure;
}

async function main(): Promise<number> {
  let target: Target;
  try {
    target = targetFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  const mock = target.kind === "mock" ? await startMockServer() : undefined;
  if (mock) stopOnSignals(mock);
  try {
    await run(target, mock);
    print("\nDone.");
    return 0;
  } catch (error) {
    // Every failure is one of the client's typed errors, whose message says what, where and why.
    console.error(`\nFailed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await mock?.stop();
  }
}

process.exitCode = await main();
