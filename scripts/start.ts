/**
 * `npm start [-- <use case>]`: one of PingOne's use cases replayed through the typed client, one line per step
 * (`npm start -- --list` lists them; progressive profiling is the default). By default against the embedded mock
 * (Prism serving openapi/bundled/openapi.yaml on 127.0.0.1), which needs no setup; with the PINGONE_* variables
 * of ./lib/target.ts, against a real tenant, where everything it created is deleted again at the end, also when
 * a step fails. Exit codes: 0 done, 1 a step failed, 2 bad arguments or settings.
 */
import { preferMockExamples } from "./lib/mock-examples.js";
import { BUNDLED_SPEC } from "./lib/paths.js";
import { startMockServer, stopOnSignals } from "./lib/prism.js";
import { targetFromEnv, UsageError, type Target } from "./lib/target.js";
import { connect, replay, USE_CASES, type UseCase } from "./lib/use-case.js";

/** The mock's worker credentials and environment: the IDs of PingOne's documentation. */
const MOCK = {
  environmentID: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
  clientId: "mock-worker",
  clientSecret: "mock-secret",
};

const print = (line = "") => console.log(line);

/** The use case the arguments name (the default without one), `"list"`, or a `UsageError`. */
function chosen(args: string[]): UseCase | "list" {
  const names = USE_CASES.map((useCase) => useCase.name).join(", ");
  if (args.length > 1) throw new UsageError(`Name one use case at most (${names}), not ${args.join(" ")}.`);
  const [arg] = args;
  if (arg === undefined) return USE_CASES[0]!;
  if (arg === "--list") return "list";
  const useCase = USE_CASES.find((candidate) => candidate.name === arg);
  if (!useCase)
    throw new UsageError(`No use case is named ${JSON.stringify(arg)}; the use cases are ${names}.`);
  return useCase;
}

function list(): void {
  for (const [i, useCase] of USE_CASES.entries()) {
    print(`${useCase.name.padEnd(24)} ${useCase.title}${i === 0 ? " (the default)" : ""}`);
    print(`${"".padEnd(24)} from ${useCase.source}`);
  }
}

async function main(): Promise<number> {
  let useCase: UseCase | "list";
  let target: Target;
  try {
    useCase = chosen(process.argv.slice(2));
    if (useCase === "list") return (list(), 0);
    target = targetFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  const mock = target.kind === "mock" ? await startMockServer() : undefined;
  if (mock) stopOnSignals(mock);
  print(
    target.kind === "tenant"
      ? `${useCase.title} against PingOne at ${target.apiUrl}, environment ${target.environmentID}`
      : `${useCase.title} against the embedded mock (Prism serving ${BUNDLED_SPEC}) at ${mock!.url}`,
  );
  try {
    const connection =
      target.kind === "tenant"
        ? connect({ apiUrl: target.apiUrl, authUrl: target.authUrl, credentials: target })
        : connect({ apiUrl: mock!.url, authUrl: mock!.url, credentials: MOCK, fetch: preferMockExamples() });
    await replay(connection, useCase);
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
