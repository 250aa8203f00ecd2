/**
 * The steps of PingOne's "progressive profiling sign-on action" use case that are its own (the shared ones are in
 * ../shared/steps.ts): after signing on with a username and password, users are asked for their mobile phone
 * number. Each takes the typed client and the IDs it needs and returns what the next steps need.
 */
import { unwrap, type PingOneClient, type ProgressiveProfilingAction } from "pingone-platform-client";
import type { Ids } from "../shared/steps.js";

/** The application's client secret (needed to exchange the code it will receive for tokens). */
export async function readApplicationSecret(client: PingOneClient, ids: Ids & { applicationID: string }) {
  return unwrap(
    await client.GET("/environments/{environmentID}/applications/{applicationID}/secret", {
      params: { path: ids },
    }),
  ).secret;
}

/** The PingOne API resource and one of its scopes (`p1:read:user` by default). */
export async function findPingOneApiScope(
  client: PingOneClient,
  { environmentID }: Ids,
  scopeName = "p1:read:user",
) {
  const resources = unwrap(
    await client.GET("/environments/{environmentID}/resources", { params: { path: { environmentID } } }),
  );
  const resource = resources._embedded.resources.find((r) => r.type === "PINGONE_API");
  if (!resource) throw new Error("the environment has no PINGONE_API resource");
  const scopes = unwrap(
    await client.GET("/environments/{environmentID}/resources/{resourceID}/scopes", {
      params: { path: { environmentID, resourceID: resource.id } },
    }),
  );
  const scope = scopes._embedded.scopes.find((s) => s.name === scopeName);
  if (!scope) throw new Error(`the PingOne API resource has no ${scopeName} scope`);
  return { resourceID: resource.id, scopeID: scope.id };
}

/** Grant the application that scope. */
export async function grantScope(
  client: PingOneClient,
  ids: Ids & { applicationID: string },
  { resourceID, scopeID }: { resourceID: string; scopeID: string },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/applications/{applicationID}/grants", {
      params: { path: ids },
      body: { resource: { id: resourceID }, scopes: [{ id: scopeID }] },
    }),
  );
}

/** The policy's LOGIN action, which runs first. */
export async function createLoginAction(client: PingOneClient, ids: Ids & { policyID: string }) {
  return unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: { priority: 1, type: "LOGIN" },
    }),
  );
}

/** The PROGRESSIVE_PROFILING action (PingOne's seed document): after signing on, ask for the mobile phone. */
export async function createProgressiveProfilingAction(
  client: PingOneClient,
  ids: Ids & { policyID: string },
): Promise<ProgressiveProfilingAction> {
  const action = unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: {
        priority: 50, // after the LOGIN action, which has a lower number
        type: "PROGRESSIVE_PROFILING",
        promptText: "Please provide the following information.",
        promptIntervalSeconds: 3600,
        preventMultiplePromptsPerFlow: false,
        attributes: [{ name: "mobilePhone", required: false }],
      },
    }),
  );
  if (action.type !== "PROGRESSIVE_PROFILING") {
    throw new Error(`PingOne answered with a ${action.type} action, not PROGRESSIVE_PROFILING`);
  }
  return action; // narrowed by `type`: action.attributes, action.promptText, ... are typed
}

/** Answer PROFILE_DATA_REQUIRED with the attributes it asks for. */
export async function submitProfile(
  client: PingOneClient,
  ids: Ids & { flowID: string },
  profile: { mobilePhone: string },
) {
  return unwrap(
    await client.POST("/{environmentID}/flows/{flowID}", {
      params: { path: ids },
      headers: { "Content-Type": "application/vnd.pingidentity.user.update+json" },
      body: profile,
    }),
  );
}

/** Read the user back. */
export async function readUser(client: PingOneClient, ids: Ids & { userID: string }) {
  return unwrap(await client.GET("/environments/{environmentID}/users/{userID}", { params: { path: ids } }));
}
