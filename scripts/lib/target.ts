/**
 * Where `npm start` replays the use case: the embedded mock by default, or a real PingOne tenant when the
 * PINGONE_* variables are set. Bad or partial settings are reported all at once, naming each variable.
 */
import { checkUrl } from "../../src/client.js";
import { apiBaseUrl, authBaseUrl, isPingOneRegion, PINGONE_REGIONS } from "../../src/index.js";

export interface Tenant {
  kind: "tenant";
  apiUrl: string;
  authUrl: string;
  environmentID: string;
  clientId: string;
  clientSecret: string;
}
export type Target = { kind: "mock" } | Tenant;

export const TENANT_VARIABLES = {
  PINGONE_REGION: `the environment's region: ${Object.keys(PINGONE_REGIONS).join(", ")}`,
  PINGONE_ENVIRONMENT_ID: "the environment's ID",
  PINGONE_CLIENT_ID:
    "the client ID of a worker application with the Environment Admin and Identity Data Admin roles",
  PINGONE_CLIENT_SECRET: "that worker application's client secret",
} as const;
/** Optional: other hosts than the region's (a proxy, or a local stand-in). */
const OVERRIDES = ["PINGONE_API_URL", "PINGONE_AUTH_URL"] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

const names = Object.keys(TENANT_VARIABLES) as (keyof typeof TENANT_VARIABLES)[];
const isSet = (env: NodeJS.ProcessEnv, name: string) => env[name] !== undefined && env[name] !== "";

export function targetFromEnv(env: NodeJS.ProcessEnv): Target {
  if (![...names, ...OVERRIDES].some((name) => isSet(env, name))) return { kind: "mock" };
  return tenantFromEnv(
    env,
    `To run against a real tenant, set all of ${names.join(", ")}; unset them all to use the embedded mock.`,
  );
}

/** The tenant the PINGONE_* variables name; without them, a `UsageError` that starts with `usage`. */
export function tenantFromEnv(env: NodeJS.ProcessEnv, usage = `Set all of ${names.join(", ")}.`): Tenant {
  const set = (name: string) => isSet(env, name);
  const problems = names
    .filter((name) => !set(name))
    .map((name) => `${name} is not set: ${TENANT_VARIABLES[name]}`);
  if (set("PINGONE_REGION") && !isPingOneRegion(env.PINGONE_REGION)) {
    problems.push(
      `PINGONE_REGION must be one of ${Object.keys(PINGONE_REGIONS).join(", ")}, not ${JSON.stringify(env.PINGONE_REGION)}`,
    );
  }
  if (set("PINGONE_ENVIRONMENT_ID") && !UUID.test(env.PINGONE_ENVIRONMENT_ID!)) {
    problems.push(
      `PINGONE_ENVIRONMENT_ID is not a PingOne ID (a UUID): ${JSON.stringify(env.PINGONE_ENVIRONMENT_ID)}`,
    );
  }
  const url = (name: (typeof OVERRIDES)[number], fallback: () => string) => {
    try {
      return set(name) ? checkUrl(name, env[name]!) : fallback();
    } catch (error) {
      problems.push((error as Error).message);
      return "";
    }
  };
  const region = isPingOneRegion(env.PINGONE_REGION) ? env.PINGONE_REGION : "com";
  const apiUrl = url("PINGONE_API_URL", () => apiBaseUrl(region));
  const authUrl = url("PINGONE_AUTH_URL", () => authBaseUrl(region));
  if (problems.length > 0) {
    throw new UsageError(`${usage}\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
  return {
    kind: "tenant",
    apiUrl,
    authUrl,
    environmentID: env.PINGONE_ENVIRONMENT_ID!,
    clientId: env.PINGONE_CLIENT_ID!,
    clientSecret: env.PINGONE_CLIENT_SECRET!,
  };
}
