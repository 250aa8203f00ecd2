/**
 * Every sign-on policy action type, created through the typed client against the mock, with every resource it
 * refers to created through the typed client first (population, identity providers, agreement with its language
 * and revision, MFA policy, LDAP gateway with a user type, progressive profiling form), their IDs passed on as a
 * user's code passes them.
 * Prism validates each request against the spec: a body that referred to a resource wrongly would be refused.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { unwrap, type SignOnPolicyActionCreateInput } from "../../src/index.js";
import { examplesOf, mediaTypes, operation } from "../support/spec.js";
import { client, violations } from "./prism-client.js";

const environmentID = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const env = { params: { path: { environmentID } } };
/** The mock answers with the spec's example of that name (a LOGIN create gets the LOGIN example). */
const example = (name: string) => ({ headers: { Prefer: `example=${name}` } });

interface Created {
  policyID: string;
  populationID: string;
  socialProviderID: string;
  oidcProviderID: string;
  agreementID: string;
  mfaPolicyID: string;
  gatewayID: string;
  userTypeID: string;
  formID: string;
}

async function createReferencedResources(): Promise<Created> {
  const policy = unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies", {
      ...env,
      body: { name: "Every_action" },
    }),
  );
  const population = unwrap(
    await client.POST("/environments/{environmentID}/populations", { ...env, body: { name: "Partners" } }),
  );
  const facebook = unwrap(
    await client.POST("/environments/{environmentID}/identityProviders", {
      ...env,
      ...example("facebook"),
      body: { type: "FACEBOOK", name: "Facebook", enabled: true, appId: "1234", appSecret: "app-secret" },
    }),
  );
  const oidc = unwrap(
    await client.POST("/environments/{environmentID}/identityProviders", {
      ...env,
      ...example("openIdConnect"),
      body: {
        type: "OPENID_CONNECT",
        name: "Partner IdP",
        enabled: true,
        clientId: "partner-client",
        clientSecret: "partner-secret",
        issuer: "https://idp.example.com",
        authorizationEndpoint: "https://idp.example.com/authorize",
        tokenEndpoint: "https://idp.example.com/token",
        jwksEndpoint: "https://idp.example.com/jwks",
        scopes: ["openid"],
        tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
      },
    }),
  );
  return {
    policyID: policy.id,
    populationID: population.id,
    socialProviderID: facebook.id,
    oidcProviderID: oidc.id,
    ...(await createAgreement()),
    ...(await createMfaPolicyAndGateway()),
    formID: (await createProgressiveProfilingForm()).id,
  };
}

/** The form a PROGRESSIVE_PROFILING_FORM action shows: a heading, the attribute it asks for, a submit button. */
async function createProgressiveProfilingForm() {
  const label = (key: string, text: string) =>
    JSON.stringify([{ type: "paragraph", children: [{ type: "i18n", key, defaultTranslation: text }] }]);
  const form = unwrap(
    await client.POST("/environments/{environmentID}/forms", {
      ...env,
      ...example("progressiveProfiling"),
      body: {
        name: "Profile details",
        category: "PROGRESSIVE_PROFILING",
        cols: 1,
        markRequired: true,
        markOptional: false,
        components: {
          fields: [
            { type: "SLATE_TEXTBLOB", position: { row: 0, col: 0 }, content: label("title", "Your profile") },
            {
              type: "TEXT",
              position: { row: 1, col: 0 },
              key: "user.nickname",
              label: label("fields.user.nickname.label", "Nickname"),
              required: true,
              validation: { type: "NONE" },
            },
            { type: "SUBMIT_BUTTON", position: { row: 2, col: 0 }, label: label("button.text", "Save") },
          ],
        },
      },
    }),
  );
  if (form.category !== "PROGRESSIVE_PROFILING")
    throw new Error(`expected a PROGRESSIVE_PROFILING form, got ${form.category}`);
  return form;
}

/** An agreement usable by an AGREEMENT action: the agreement, a language, a revision of its text. */
async function createAgreement(): Promise<{ agreementID: string }> {
  const agreement = unwrap(
    await client.POST("/environments/{environmentID}/agreements", {
      ...env,
      body: { name: "Terms of service", enabled: false },
    }),
  );
  const agreementPath = { params: { path: { environmentID, agreementID: agreement.id } } };
  const language = unwrap(
    await client.POST("/environments/{environmentID}/agreements/{agreementID}/languages", {
      ...agreementPath,
      body: { locale: "en", displayName: "Terms of service", enabled: false },
    }),
  );
  unwrap(
    await client.POST(
      "/environments/{environmentID}/agreements/{agreementID}/languages/{languageID}/revisions",
      {
        params: { path: { environmentID, agreementID: agreement.id, languageID: language.id } },
        body: {
          contentType: "text/html",
          effectiveAt: "2026-12-01T00:00:00.000Z",
          requireReconsent: true,
          text: "<p>The terms.</p>",
        },
      },
    ),
  );
  return { agreementID: agreement.id };
}

async function createMfaPolicyAndGateway(): Promise<{
  mfaPolicyID: string;
  gatewayID: string;
  userTypeID: string;
}> {
  const mfaPolicy = unwrap(
    await client.POST("/environments/{environmentID}/deviceAuthenticationPolicies", {
      ...env,
      body: requestExample("createDeviceAuthenticationPolicy", "allMethods") as never,
    }),
  );
  const gateway = unwrap(
    await client.POST("/environments/{environmentID}/gateways", {
      ...env,
      ...example("ldap"),
      body: requestExample("createGateway", "ldap") as never,
    }),
  );
  if (gateway.type !== "LDAP") throw new Error(`expected an LDAP gateway, got ${gateway.type}`);
  const userType = gateway.userTypes?.[0];
  if (!userType?.id) throw new Error("the LDAP gateway example has no user type");
  return { mfaPolicyID: mfaPolicy.id, gatewayID: gateway.id, userTypeID: userType.id };
}

/** A request example of the spec, for bodies too long to spell out here (a whole MFA policy, an LDAP gateway). */
function requestExample(operationId: string, name: string): unknown {
  const [[, media] = []] = mediaTypes(operation(operationId).op.requestBody);
  const value = examplesOf(media)[name];
  if (value === undefined) throw new Error(`${operationId} has no request example ${name}`);
  return value;
}

/** One body per action type, each referring to what was created. */
function actions(c: Created): [string, SignOnPolicyActionCreateInput][] {
  const registration = { enabled: true, population: { id: c.populationID } };
  return [
    [
      "login",
      {
        type: "LOGIN",
        priority: 1,
        registration,
        socialProviders: [{ id: c.socialProviderID }],
        newUserProvisioning: {
          gateways: [{ id: c.gatewayID, type: "LDAP", userType: { id: c.userTypeID } }],
        },
      },
    ],
    [
      "identifierFirst",
      {
        type: "IDENTIFIER_FIRST",
        priority: 2,
        registration,
        discoveryRules: [
          {
            condition: { contains: "@partner.example.com", value: "${identifier}" },
            identityProvider: { id: c.oidcProviderID },
          },
        ],
      },
    ],
    [
      "identityProvider",
      { type: "IDENTITY_PROVIDER", priority: 3, identityProvider: { id: c.oidcProviderID } },
    ],
    ["agreement", { type: "AGREEMENT", priority: 4, agreement: { id: c.agreementID } }],
    [
      "multiFactorAuthentication",
      {
        type: "MULTI_FACTOR_AUTHENTICATION",
        priority: 5,
        deviceAuthenticationPolicy: { id: c.mfaPolicyID },
        noDevicesMode: "BLOCK",
      },
    ],
    [
      "progressiveProfiling",
      {
        type: "PROGRESSIVE_PROFILING",
        priority: 6,
        promptText: "Please provide the following information.",
        promptIntervalSeconds: 3600,
        preventMultiplePromptsPerFlow: false,
        attributes: [{ name: "mobilePhone", required: false }],
      },
    ],
    ["progressiveProfilingForm", { type: "PROGRESSIVE_PROFILING_FORM", priority: 7, form: { id: c.formID } }],
    ["pingIdAuthentication", { type: "PINGID_AUTHENTICATION", priority: 8 }],
    [
      "pingIdWinLoginPasswordlessAuthentication",
      {
        type: "PINGID_WINLOGIN_PASSWORDLESS_AUTHENTICATION",
        priority: 9,
        uniqueUserAttribute: { name: "externalId" },
        offlineMode: { enabled: true },
      },
    ],
  ];
}

describe("every sign-on policy action type, with what it refers to created first", () => {
  let created: Created;
  beforeAll(async () => {
    created = await createReferencedResources();
  });

  it("creates the referenced resources, each with an ID to pass on", () => {
    for (const [name, id] of Object.entries(created)) expect(id, name).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("covers all nine action types", () => {
    expect(new Set(actions(created).map(([, body]) => body.type)).size).toBe(9);
  });

  it.each([
    "login",
    "identifierFirst",
    "identityProvider",
    "agreement",
    "multiFactorAuthentication",
    "progressiveProfiling",
    "progressiveProfilingForm",
    "pingIdAuthentication",
    "pingIdWinLoginPasswordlessAuthentication",
  ])("%s: accepted as sent, and created", async (name) => {
    const body = new Map(actions(created)).get(name)!;
    const { data, error, response } = await client.POST(
      "/environments/{environmentID}/signOnPolicies/{policyID}/actions",
      { params: { path: { environmentID, policyID: created.policyID } }, body, ...example(name) },
    );
    expect(violations(response)).toEqual([]);
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data?.type).toBe(body.type);
  });
});
