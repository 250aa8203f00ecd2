/**
 * PingOne's "progressive profiling sign-on action" use case in 16 steps through the typed client, as
 * `npm start` and `npm run contract:live` replay it: one line per step, and a clean-up of what it created.
 */
import { createPingOneClient, type PingOneClient } from "../../src/index.js";
import { createProgressiveProfilingAction } from "../examples/create-progressive-profiling-action.js";
import * as step from "../examples/use-case/steps.js";
import { withCookies } from "./cookie-jar.js";
import { recordingFetch } from "./exchanges.js";

const REDIRECT_URI = "https://www.example.com";

const print = (line = "") => console.log(line);

/** The worker application's credentials and its environment. */
export interface Credentials {
  environmentID: string;
  clientId: string;
  clientSecret: string;
}

export interface Connection extends Credentials {
  /** A client that can only reach the authorization server (no API token yet). */
  tokenClient: PingOneClient;
  /** The client for everything else, once the token is known. */
  clientWith(accessToken: string): PingOneClient;
  exchanges: ReturnType<typeof recordingFetch>;
}

export interface ConnectOptions {
  apiUrl: string;
  authUrl: string;
  credentials: Credentials;
  /** What the clients send with (default: the global fetch); cookies are kept, exchanges recorded on top. */
  fetch?: typeof globalThis.fetch;
  /** `false`: each call is sent once (default: the client's retry policy). */
  retry?: false;
}

export function connect({ apiUrl, authUrl, credentials, fetch, retry }: ConnectOptions): Connection {
  const exchanges = recordingFetch(withCookies(fetch));
  const options = { baseUrl: apiUrl, authBaseUrl: authUrl, fetch: exchanges.fetch, retry };
  return {
    // The token request carries its own Basic credentials: this client needs none of its own.
    tokenClient: createPingOneClient(options),
    clientWith: (accessToken) => createPingOneClient({ ...options, accessToken }),
    exchanges,
    environmentID: credentials.environmentID,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
  };
}

/**
 * Replays the use case, printing one line per step; throws the first step's failure. Everything it created
 * is deleted again at the end, also when a step fails.
 */
export async function replay(connection: Connection): Promise<void> {
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
