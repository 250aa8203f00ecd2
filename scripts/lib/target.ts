/**
 * Where `npm start` sends its calls: the embedded mock by default, or a real PingOne tenant when the
 * PINGONE_* variables are set. Bad or partial settings are reported all at once, naming each variable.
 */
import { checkUrl } from "../../src/client.js";

export interface TenantIds {
  environmentID: string;
  policyID: string;
  applicationID: string;
}

export type Target =
  { kind: "mock" } | { kind: "tenant"; apiUrl: string; accessToken: string; ids: TenantIds };

export const TENANT_VARIABLES = {
  PINGONE_API_URL: "the API base URL, e.g. https://api.pingone.eu/v1",
  PINGONE_ENVIRONMENT_ID: "the environment's ID",
  PINGONE_ACCESS_TOKEN: "an access token of a worker app with the Environment Admin role",
  PINGONE_SIGN_ON_POLICY_ID: "the ID of the sign-on policy that gets the action",
  PINGONE_APPLICATION_ID: "the ID of the application that gets the attribute mapping",
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function targetFromEnv(env: NodeJS.ProcessEnv): Target {
  const names = Object.keys(TENANT_VARIABLES) as (keyof typeof TENANT_VARIABLES)[];
  const given = names.filter((name) => env[name] !== undefined && env[name] !== "");
  if (given.length === 0) return { kind: "mock" };

  const problems = names
    .filter((name) => !given.includes(name))
    .map((name) => `${name} is not set: ${TENANT_VARIABLES[name]}`);
  for (const name of [
    "PINGONE_ENVIRONMENT_ID",
    "PINGONE_SIGN_ON_POLICY_ID",
    "PINGONE_APPLICATION_ID",
  ] as const) {
    const value = env[name];
    if (value && !UUID.test(value))
      problems.push(`${name} is not a PingOne ID (a UUID): ${JSON.stringify(value)}`);
  }
  let apiUrl = "";
  if (env.PINGONE_API_URL) {
    try {
      apiUrl = checkUrl("PINGONE_API_URL", env.PINGONE_API_URL);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) {
    throw new UsageError(
      `To run against a real tenant, set all of ${names.join(", ")}; unset them all to use the embedded mock.\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
  }
  return {
    kind: "tenant",
    apiUrl,
    accessToken: env.PINGONE_ACCESS_TOKEN!,
    ids: {
      environmentID: env.PINGONE_ENVIRONMENT_ID!,
      policyID: env.PINGONE_SIGN_ON_POLICY_ID!,
      applicationID: env.PINGONE_APPLICATION_ID!,
    },
  };
}
