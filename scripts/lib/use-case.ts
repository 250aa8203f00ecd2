/**
 * The use cases `npm start` and `npm run contract:live` replay through the typed client: one line per step, the
 * IDs passed from step to step, and a clean-up of what was created, also when a step fails. The steps themselves
 * are the small functions in examples/; scripts/lib/use-cases/ strings them together, one file per use case.
 */
import { createPingOneClient, type PingOneClient } from "pingone-platform-client";
import { deleteCreated, getWorkerToken, type Created } from "../../examples/shared/steps.js";
import { withCookies } from "./cookie-jar.js";
import { recordingFetch } from "./exchanges.js";
import { identifierFirstMfa } from "./use-cases/identifier-first-mfa.js";
import { progressiveProfiling } from "./use-cases/progressive-profiling.js";

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

/** What a use case's replay is given, once the worker token is known. */
export interface Replay {
  client: PingOneClient;
  environmentID: string;
  /** Runs one step and prints one line: number, title (at most 38 characters), each request, the outcome. */
  step<T>(title: string, action: () => Promise<T>, outcome?: (result: T) => string): Promise<T>;
  /** Has `id` deleted at the end (newest first, whatever happens), and returns it. */
  created(kind: Created, id: string): string;
}

export interface UseCase {
  /** What `npm start -- <name>` takes. */
  name: string;
  /** What the replay prints first: "<title> against ...". */
  title: string;
  /** Where PingOne documents it. */
  source: string;
  replay(replay: Replay): Promise<void>;
}

/** Every use case, the default (`npm start` without a name) first. */
export const USE_CASES: readonly UseCase[] = [progressiveProfiling, identifierFirstMfa];

/** A flow step answered with another status than the use case expects: PingOne went another way. */
export function expectStatus(flow: { status: string }, expected: string, after: string): void {
  if (flow.status !== expected) throw new Error(`expected ${expected} after ${after}, got ${flow.status}`);
}

/**
 * Replays the use case, printing one line per step; throws the first step's failure. Everything it created
 * is deleted again at the end, also when a step fails.
 */
export async function replay(connection: Connection, useCase: UseCase = USE_CASES[0]!): Promise<void> {
  const { environmentID, exchanges } = connection;
  let n = 0;
  async function step<T>(title: string, action: () => Promise<T>, outcome?: (result: T) => string) {
    n++;
    const line = (end: string) =>
      print(`${String(n).padStart(2)}. ${title.padEnd(38)} ${exchanges.summary()}${end}`);
    try {
      const result = await action();
      line(outcome ? `  -> ${outcome(result)}` : "");
      return result;
    } catch (error) {
      line("  FAILED");
      throw error;
    }
  }

  const { accessToken } = await step(
    "Get a worker token",
    () => getWorkerToken(connection.tokenClient, connection),
    (token) => `token valid for ${token.expiresIn} s`,
  );
  const client = connection.clientWith(accessToken);
  const cleanups: { what: string; undo: () => Promise<void> }[] = [];
  const created = (kind: Created, id: string) => {
    cleanups.unshift({
      what: `${kind} ${id}`,
      undo: () => deleteCreated(client, kind, { environmentID, id }),
    });
    return id;
  };
  try {
    await useCase.replay({ client, environmentID, step, created });
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
