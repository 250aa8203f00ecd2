import createClient from "openapi-fetch";
import { inject } from "vitest";
import { createPingOneClient } from "../../src/index.js";
import type { paths } from "../../src/generated/openapi.js";

/** The real client, pointed at the Prism mock the global setup started. Prism accepts any bearer token. */
export function prismClient() {
  return createPingOneClient({
    baseUrl: inject("prismUrl"),
    authBaseUrl: inject("prismUrl"), // Prism serves the paths of both hosts
    accessToken: "contract-test-token",
    // These tests decode each declared status once; retries are tested against a fault-injecting local server.
    retry: false,
  });
}

export const client = prismClient();

/** A bare openapi-fetch client of the same types: its requests carry no Authorization header at all. */
export const anonymousClient = createClient<paths>({ baseUrl: inject("prismUrl") });

export interface Violation {
  location: string[];
  code: string | number;
  message: string;
}

/**
 * Prism's diagnosis of a rejected request: the `sl-violations` header, parsed. With many violations (a `oneOf`
 * of nine variants multiplies them) Prism prefixes "Too many violations! " and cuts the JSON short; the whole
 * violation objects before the cut are still read.
 */
export function violations(response: Response): Violation[] {
  const header = response.headers.get("sl-violations");
  if (!header) return [];
  const json = header.replace(/^Too many violations! /, "");
  try {
    return JSON.parse(json) as Violation[];
  } catch {
    const whole = json.match(
      /\{"location":\[[^\]]*\],"severity":"[^"]*","code":[^,]*,"message":"(?:[^"\\]|\\.)*"\}/g,
    );
    return (whole ?? []).map((item) => JSON.parse(item) as Violation);
  }
}
