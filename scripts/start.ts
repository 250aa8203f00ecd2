/**
 * `npm start`: PingOne's "progressive profiling sign-on action" use case, replayed through the typed client,
 * one line per step. By default against the embedded mock (Prism serving openapi/bundled/openapi.yaml on
 * 127.0.0.1), which needs no setup; with the PINGONE_* variables of ./lib/target.ts, against a real tenant,
 * where everything it created is deleted again at the end, also when a step fails.
 * Exit codes: 0 done, 1 a step failed, 2 bad settings.
 */
import { createPingOneClient, type PingOneClient } from "../src/index.js";
import { createProgressiveProfilingAction } from "./examples/create-progressive-profiling-action.js";
import * as step from "./examples/use-case/steps.js";
import { withCookies } from "./lib/cookie-jar.js";
import { recordingFetch } from "./lib/exchanges.js";
import { preferMockExamples } from "./lib/mock-examples.js";
import { BUNDLED_SPEC } from "./lib/paths.js";
import { startMockServer, stopOnSignals, type MockServer } from "./lib/prism.js";
import { targetFromEnv, UsageError, type Target } from "./lib/target.js";

/** The mock's worker credentials and environment: the IDs of PingOne's documentation. */
const MOCK = {
  environmentID: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
  clientId: "mock-worker",
  clientSecret: "mock-secret",
};
const REDIRECT_URI = "https://www.example.com";

const print = (line = "") => console.log(line);

interface Connection {
  /** A client that can only reach the authorization server (no API token yet). */
  tokenClient: PingOneClient;
  /** The client for everything else, once the token is known. */
  clientWith(accessToken: string): PingOneClient;
  exchanges: ReturnType<typeof recordingFetch>;
  environmentID: string;
  clientId: string;
  clientSecret: string;
}

function connect(target: Target, mock: MockServer | undefined): Connection {
  const apiUrl = target.kind === "tenant" ? target.apiUrl : mock!.url;
  const authUrl = target.kind === "tenant" ? target.authUrl : mock!.url;
  const exchanges = recordingFetch(withCookies(target.kind === "mock" ? preferMockExamples() : fetch));
  const options = { baseUrl: apiUrl, authBaseUrl: authUrl, fetch: exchanges.fetch };
  const ids = target.kind === "tenant" ? target : MOCK;
  return {
    // The token request carries its own Basic credentials; this placeholder bearer token is never sent.
    tokenClient: createPingOneClient({ ...options, accessToken: "unused" }),
    clientWith: (accessToken) => createPingOneClient({ ...options, accessToken }),
    exchanges,
    environmentID: ids.environmentID,
    clientId: ids.clientId,
    clientSecret: ids.clientSecret,
  };
}

async function replay(connection: Connection): Promise<void> {
  const { environmentID, exchanges } = connection;
  let n = 0;
  /** Runs one step and prints one line: number, title, each request (method, path, status), the ID it made. */
  async function run<T>(
    title: string,
    action: () => Promise<T>,
    created?: (result: T) => string,
  ): Promise<T> {
    n++;
    const line = (outcome: string) =>
      print(`${String(n).padStart(2)}. ${title.padEnd(38)} ${exchanges.summary()}${outcome}`);
    try {
      const result = await action();
      line(created ? `  -> ${created(result)}` : "");
      return result;
    } catch (error) {
      line("  FAILED");
      throw error;
    }
  }

  const { accessToken } = await run(
    "Get a worker token",
    () => step.getWorkerToken(connection.tokenClient, connection),
    (token) => `token valid for ${token.expiresIn} s`,
  );
  const client = connection.clientWith(accessToken);
  const ids = { environmentID };
  // Deleted again, newest first, whatever happens next.
  const cleanups: { what: string; undo: () => Promise<void> }[] = [];
  const created = (kind: Parameters<typeof step.deleteCreated>[1], id: string) => {
    cleanups.unshift({
      what: `${kind} ${id}`,
      undo: () => step.deleteCreated(client, kind, { environmentID, id }),
    });
    return id;
  };

  try {
    const application = await run(
      "Create the OIDC application",
      () => step.createOidcApplication(client, ids, REDIRECT_URI),
      (app) => `application ${created("application", app.id)}`,
    );
    const applicationID = application.id;
    await run(
      "Read its secret",
      () => step.readApplicationSecret(client, { ...ids, applicationID }),
      (s) => `secret of ${s.length} characters`,
    );
    const scope = await run(
      "Find the PingOne API p1:read:user",
      () => step.findPingOneApiScope(client, ids),
      (s) => `resource ${s.resourceID}, scope ${s.scopeID}`,
    );
    await run(
      "Grant it to the application",
      () => step.grantScope(client, { ...ids, applicationID }, scope),
      (g) => `grant ${g.id}`,
    );
    const policy = await run(
      "Create the sign-on policy",
      () => step.createSignOnPolicy(client, ids),
      (p) => `policy ${created("signOnPolicy", p.id)}`,
    );
    const policyID = policy.id;
    await run(
      "Add its LOGIN action",
      () => step.createLoginAction(client, { ...ids, policyID }),
      (a) => `${a.type} action ${a.id}`,
    );
    await run(
      "Add its PROGRESSIVE_PROFILING action",
      () => createProgressiveProfilingAction(client, { ...ids, policyID }),
      (a) => `${a.type} action ${a.id}`,
    );
    await run(
      "Assign the policy to the application",
      () => step.assignSignOnPolicy(client, { ...ids, applicationID }, policyID),
      (a) => `assignment ${a.id}`,
    );
    const population = await run(
      "Create a population",
      () => step.createPopulation(client, ids),
      (p) => `population ${created("population", p.id)}`,
    );
    const username = `pp_user_${Date.now()}`;
    const password = `Pp-${crypto.randomUUID()}!`;
    const user = await run(
      "Create a user",
      () => step.createUser(client, { ...ids, populationID: population.id, username }),
      (u) => `user ${created("user", u.id)}`,
    );
    const userID = user.id;
    await run(
      "Set the user's password",
      () => step.setPassword(client, { ...ids, userID }, password),
      (p) => `password ${p.status}`,
    );
    const flow = await run(
      "Start signing on (authorize, pi.flow)",
      () => step.startSignOn(client, { ...ids, applicationID, redirectUri: REDIRECT_URI }),
      (f) => `flow ${f.id}: ${f.status}`,
    );
    const flowID = flow.id;
    const afterCredentials = await run(
      "Submit the username and password",
      () => step.submitCredentials(client, { ...ids, flowID }, { username: user.username, password }),
      (f) => `${f.status}: ${f._embedded?.attributes?.map((a) => a.name).join(", ") ?? ""}`,
    );
    if (afterCredentials.status !== "PROFILE_DATA_REQUIRED") {
      throw new Error(`expected PROFILE_DATA_REQUIRED after the credentials, got ${afterCredentials.status}`);
    }
    const completed = await run(
      "Submit the mobile phone number",
      () => step.submitProfile(client, { ...ids, flowID }, { mobilePhone: "+1.5125551111" }),
      (f) => f.status,
    );
    if (completed.status !== "COMPLETED")
      throw new Error(`expected COMPLETED after the profile, got ${completed.status}`);
    await run(
      "Read the user back",
      () => step.readUser(client, { ...ids, userID }),
      (u) => `mobilePhone ${u.mobilePhone ?? "(not set)"}`,
    );
  } catch (error) {
    // The step's failure is what the run reports; clean-up failures are printed as they happen.
    await cleanUp(cleanups, exchanges).catch(() => {});
    throw error;
  }
  await cleanUp(cleanups, exchanges);
}

/** Runs every clean-up step even if one fails; a failed one is reported and makes the run fail. */
async function cleanUp(
  cleanups: { what: string; undo: () => Promise<void> }[],
  exchanges: Connection["exchanges"],
): Promise<void> {
  if (cleanups.length > 0) print("Clean up:");
  let firstFailure: unknown;
  for (const { what, undo } of cleanups) {
    try {
      await undo();
      print(`    deleted ${what}  ${exchanges.summary()}`);
    } catch (error) {
      exchanges.summary(); // drop the failed call's record: its error says what happened
      console.error(`    could not delete ${what}: ${(error as Error).message}`);
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
  print(
    target.kind === "tenant"
      ? `Progressive profiling use case against PingOne at ${target.apiUrl}, environment ${target.environmentID}`
      : `Progressive profiling use case against the embedded mock (Prism serving ${BUNDLED_SPEC}) at ${mock!.url}`,
  );
  try {
    await replay(connect(target, mock));
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
