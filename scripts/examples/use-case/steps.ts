/**
 * PingOne's "progressive profiling sign-on action" use case, one small function per step. Each takes the
 * typed client and the IDs it needs and returns what the next steps need; copy the ones you use.
 */
import { unwrap, type PingOneClient } from "../../../src/index.js";

export interface Ids {
  environmentID: string;
}

/** 1. A worker application's access token (client credentials, HTTP Basic), from the authorization server. */
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

/** 2. An OIDC web application with the authorization code grant. */
export async function createOidcApplication(
  client: PingOneClient,
  { environmentID }: Ids,
  redirectUri: string,
) {
  const application = unwrap(
    await client.POST("/environments/{environmentID}/applications", {
      params: { path: { environmentID } },
      body: {
        name: `AppWithProgressiveProfiling_${Date.now()}`,
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
  return application;
}

/** 3. The application's client secret (needed to exchange the code it will receive for tokens). */
export async function readApplicationSecret(client: PingOneClient, ids: Ids & { applicationID: string }) {
  return unwrap(
    await client.GET("/environments/{environmentID}/applications/{applicationID}/secret", {
      params: { path: ids },
    }),
  ).secret;
}

/** 4. The PingOne API resource and its `p1:read:user` scope. */
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

/** 5. Grant the application that scope. */
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

/** 6. A sign-on policy for the use case. */
export async function createSignOnPolicy(client: PingOneClient, { environmentID }: Ids) {
  return unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies", {
      params: { path: { environmentID } },
      body: {
        name: `ProgressiveProfiling_Policy_${Date.now()}`,
        default: "false", // as PingOne's own example sends it
        description: "A new sign-on policy for progressive profiling.",
      },
    }),
  );
}

/** 7. Its LOGIN action, which runs first. */
export async function createLoginAction(client: PingOneClient, ids: Ids & { policyID: string }) {
  return unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: { priority: 1, type: "LOGIN" },
    }),
  );
}

// 8. The PROGRESSIVE_PROFILING action: see ../create-progressive-profiling-action.ts.

/** 9. Assign the policy to the application. */
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

/** 10. A population for the use case's user. */
export async function createPopulation(client: PingOneClient, { environmentID }: Ids) {
  return unwrap(
    await client.POST("/environments/{environmentID}/populations", {
      params: { path: { environmentID } },
      body: {
        name: `Progressive Profiling Users ${Date.now()}`,
        description: "Users of the progressive profiling use case",
      },
    }),
  );
}

/** 11. A user in it. */
export async function createUser(
  client: PingOneClient,
  { environmentID, populationID, username }: Ids & { populationID: string; username: string },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/users", {
      params: { path: { environmentID } },
      body: {
        username,
        email: `${username}@example.com`,
        name: { given: "Progressive", family: "User" },
        population: { id: populationID },
      },
    }),
  );
}

/** 12. Set the user's password (an administrator's set, so no change is forced). */
export async function setPassword(client: PingOneClient, ids: Ids & { userID: string }, password: string) {
  return unwrap(
    await client.PUT("/environments/{environmentID}/users/{userID}/password", {
      params: { path: ids },
      headers: { "Content-Type": "application/vnd.pingidentity.password.set+json" },
      body: { value: password, forceChange: false },
    }),
  );
}

/** 13. Start signing on to the application: the authorization request, answered with a flow (pi.flow). */
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

/** 14. Answer USERNAME_PASSWORD_REQUIRED. */
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

/** 15. Answer PROFILE_DATA_REQUIRED with the attributes it asks for. */
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

/** 16. Read the user back. */
export async function readUser(client: PingOneClient, ids: Ids & { userID: string }) {
  return unwrap(await client.GET("/environments/{environmentID}/users/{userID}", { params: { path: ids } }));
}

/** Clean-up: delete what the use case created. */
export async function deleteCreated(
  client: PingOneClient,
  kind: "application" | "signOnPolicy" | "population" | "user",
  ids: Ids & { id: string },
): Promise<void> {
  const { environmentID, id } = ids;
  const result =
    kind === "application"
      ? await client.DELETE("/environments/{environmentID}/applications/{applicationID}", {
          params: { path: { environmentID, applicationID: id } },
        })
      : kind === "signOnPolicy"
        ? await client.DELETE("/environments/{environmentID}/signOnPolicies/{policyID}", {
            params: { path: { environmentID, policyID: id } },
          })
        : kind === "population"
          ? await client.DELETE("/environments/{environmentID}/populations/{populationID}", {
              params: { path: { environmentID, populationID: id } },
            })
          : await client.DELETE("/environments/{environmentID}/users/{userID}", {
              params: { path: { environmentID, userID: id } },
            });
  unwrap(result);
}
