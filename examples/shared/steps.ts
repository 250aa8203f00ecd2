/**
 * The steps both use cases share: a worker token, an OIDC application, a sign-on policy and its assignment, a
 * population and a user with a password, the start of a sign-on flow and its credentials, and the clean-up.
 * Each takes the typed client and the IDs it needs and returns what the next steps need; copy the ones you use.
 */
import { unwrap, type PingOneClient } from "pingone-platform-client";

export interface Ids {
  environmentID: string;
}

/** A worker application's access token (client credentials, HTTP Basic), from the authorization server. */
export async function getWorkerToken(
  client: PingOneClient,
  { environmentID, clientId, clientSecret }: Ids & { clientId: string; clientSecret: string },
): Promise<{ accessToken: string; expiresIn: number }> {
  const token = unwrap(
    await client.POST("/{environmentID}/as/token", {
      params: { path: { environmentID } },
      headers: {
        Authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: { grant_type: "client_credentials" },
    }),
  );
  return { accessToken: token.access_token, expiresIn: token.expires_in };
}

/** An OIDC web application with the authorization code grant, redirecting to `redirectUri`. */
export async function createOidcApplication(
  client: PingOneClient,
  { environmentID }: Ids,
  { name, redirectUri }: { name: string; redirectUri: string },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/applications", {
      params: { path: { environmentID } },
      body: {
        name,
        enabled: true,
        type: "WEB_APP",
        protocol: "OPENID_CONNECT",
        responseTypes: ["CODE"],
        grantTypes: ["AUTHORIZATION_CODE"],
        tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
        redirectUris: [redirectUri],
        postLogoutRedirectUris: [redirectUri],
      },
    }),
  );
}

/** A sign-on policy; its actions are added next, each with its own step. */
export async function createSignOnPolicy(
  client: PingOneClient,
  { environmentID }: Ids,
  { name, description }: { name: string; description: string },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies", {
      params: { path: { environmentID } },
      body: { name, description },
    }),
  );
}

/** Assign the policy to the application: its sign-ons now run the policy's actions. */
export async function assignSignOnPolicy(
  client: PingOneClient,
  ids: Ids & { applicationID: string },
  policyID: string,
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/applications/{applicationID}/signOnPolicyAssignments", {
      params: { path: ids },
      body: { priority: 1, signOnPolicy: { id: policyID } },
    }),
  );
}

/** A population for the use case's user. */
export async function createPopulation(
  client: PingOneClient,
  { environmentID }: Ids,
  { name, description }: { name: string; description: string },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/populations", {
      params: { path: { environmentID } },
      body: { name, description },
    }),
  );
}

/** A user in that population; `mfaEnabled` lets MULTI_FACTOR_AUTHENTICATION steps ask them for a second factor. */
export async function createUser(
  client: PingOneClient,
  {
    environmentID,
    populationID,
    username,
    mfaEnabled = false,
  }: Ids & { populationID: string; username: string; mfaEnabled?: boolean },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/users", {
      params: { path: { environmentID } },
      body: {
        username,
        email: `${username}@example.com`,
        name: { given: "Example", family: "User" },
        population: { id: populationID },
        mfaEnabled,
      },
    }),
  );
}

/** Set the user's password (an administrator's set, so no change is forced). */
export async function setPassword(client: PingOneClient, ids: Ids & { userID: string }, password: string) {
  return unwrap(
    await client.PUT("/environments/{environmentID}/users/{userID}/password", {
      params: { path: ids },
      headers: { "Content-Type": "application/vnd.pingidentity.password.set+json" },
      body: { value: password, forceChange: false },
    }),
  );
}

/** Start signing on to the application: the authorization request, answered with a flow (pi.flow). */
export async function startSignOn(
  client: PingOneClient,
  { environmentID, applicationID, redirectUri }: Ids & { applicationID: string; redirectUri: string },
) {
  return unwrap(
    await client.GET("/{environmentID}/as/authorize", {
      params: {
        path: { environmentID },
        query: {
          response_type: "code",
          client_id: applicationID,
          redirect_uri: redirectUri,
          scope: "openid",
          response_mode: "pi.flow",
        },
      },
    }),
  );
}

/** Answer USERNAME_PASSWORD_REQUIRED (or, after an identifier-first step, PASSWORD_REQUIRED). */
export async function submitCredentials(
  client: PingOneClient,
  ids: Ids & { flowID: string },
  credentials: { username: string; password: string },
) {
  return unwrap(
    await client.POST("/{environmentID}/flows/{flowID}", {
      params: { path: ids },
      headers: { "Content-Type": "application/vnd.pingidentity.usernamePassword.check+json" },
      body: credentials,
    }),
  );
}

/** What the use cases create, and so delete again. */
export type Created =
  | "application"
  | "signOnPolicy"
  | "population"
  | "user"
  | "identityProvider"
  | "agreement"
  | "deviceAuthenticationPolicy";

/** Clean-up: delete what a use case created (deleting a user deletes their MFA devices; a policy, its actions). */
export async function deleteCreated(
  client: PingOneClient,
  kind: Created,
  { environmentID, id }: Ids & { id: string },
): Promise<void> {
  const deletes: Record<Created, () => Promise<{ error?: unknown; response: Response }>> = {
    application: () =>
      client.DELETE("/environments/{environmentID}/applications/{applicationID}", {
        params: { path: { environmentID, applicationID: id } },
      }),
    signOnPolicy: () =>
      client.DELETE("/environments/{environmentID}/signOnPolicies/{policyID}", {
        params: { path: { environmentID, policyID: id } },
      }),
    population: () =>
      client.DELETE("/environments/{environmentID}/populations/{populationID}", {
        params: { path: { environmentID, populationID: id } },
      }),
    user: () =>
      client.DELETE("/environments/{environmentID}/users/{userID}", {
        params: { path: { environmentID, userID: id } },
      }),
    identityProvider: () =>
      client.DELETE("/environments/{environmentID}/identityProviders/{providerID}", {
        params: { path: { environmentID, providerID: id } },
      }),
    agreement: () =>
      client.DELETE("/environments/{environmentID}/agreements/{agreementID}", {
        params: { path: { environmentID, agreementID: id } },
      }),
    deviceAuthenticationPolicy: () =>
      client.DELETE(
        "/environments/{environmentID}/deviceAuthenticationPolicies/{deviceAuthenticationPolicyID}",
        {
          params: { path: { environmentID, deviceAuthenticationPolicyID: id } },
        },
      ),
  };
  unwrap(await deletes[kind]());
}
