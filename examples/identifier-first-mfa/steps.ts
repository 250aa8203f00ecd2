/**
 * The steps of the identifier-first use case that are its own (the shared ones are in ../shared/steps.ts): an
 * IDENTIFIER_FIRST action whose discovery rule sends one email domain to a social identity provider, an
 * AGREEMENT action everyone else must accept, and a MULTI_FACTOR_AUTHENTICATION action after it. Each takes the
 * typed client and the IDs it needs and returns what the next steps need.
 */
import { unwrap, type PingOneClient } from "pingone-platform-client";
import type { Ids } from "../shared/steps.js";

/** The social identity provider the discovery rule sends partners to (Facebook, with the app ID it issued). */
export async function createFacebookProvider(
  client: PingOneClient,
  { environmentID }: Ids,
  { appId, appSecret }: { appId: string; appSecret: string },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/identityProviders", {
      params: { path: { environmentID } },
      body: { type: "FACEBOOK", name: `Facebook_${Date.now()}`, enabled: true, appId, appSecret },
    }),
  );
}

/** The agreement, created disabled: it can be enabled once its language has a revision. */
export async function createAgreement(client: PingOneClient, { environmentID }: Ids, name: string) {
  return unwrap(
    await client.POST("/environments/{environmentID}/agreements", {
      params: { path: { environmentID } },
      body: { name, description: "Terms users accept at sign-on", enabled: false },
    }),
  );
}

const TITLE = "Terms of service";

/** Its language: the environment's default one (here English), with the title users see. */
export async function addAgreementLanguage(client: PingOneClient, ids: Ids & { agreementID: string }) {
  return unwrap(
    await client.POST("/environments/{environmentID}/agreements/{agreementID}/languages", {
      params: { path: ids },
      body: { locale: "en", displayName: TITLE },
    }),
  );
}

/** The text users accept, in that language, effective now. */
export async function addAgreementRevision(
  client: PingOneClient,
  ids: Ids & { agreementID: string; languageID: string },
) {
  return unwrap(
    await client.POST(
      "/environments/{environmentID}/agreements/{agreementID}/languages/{languageID}/revisions",
      {
        params: { path: ids },
        body: {
          contentType: "text/html",
          effectiveAt: new Date().toISOString(),
          requireReconsent: true,
          text: "<p>By signing on you accept these terms.</p>",
        },
      },
    ),
  );
}

/** Enable the language, now that it has a revision (a replace: its writable fields, `enabled` set). */
export async function enableAgreementLanguage(
  client: PingOneClient,
  ids: Ids & { agreementID: string; languageID: string },
) {
  return unwrap(
    await client.PUT("/environments/{environmentID}/agreements/{agreementID}/languages/{languageID}", {
      params: { path: ids },
      body: { locale: "en", displayName: TITLE, enabled: true },
    }),
  );
}

/** Enable the agreement, now that the default language has an enabled language with a revision. */
export async function enableAgreement(
  client: PingOneClient,
  ids: Ids & { agreementID: string },
  name: string,
) {
  return unwrap(
    await client.PUT("/environments/{environmentID}/agreements/{agreementID}", {
      params: { path: ids },
      body: { name, description: "Terms users accept at sign-on", enabled: true },
    }),
  );
}

const OTP = {
  failure: { count: 3, coolDown: { duration: 2, timeUnit: "MINUTES" as const } },
  lifeTime: { duration: 10, timeUnit: "MINUTES" as const },
};

/** The MFA policy: one-time passcodes by email only. */
export async function createMfaPolicy(client: PingOneClient, { environmentID }: Ids, name: string) {
  return unwrap(
    await client.POST("/environments/{environmentID}/deviceAuthenticationPolicies", {
      params: { path: { environmentID } },
      body: {
        name,
        default: false,
        email: { enabled: true, otp: OTP },
        sms: { enabled: false, otp: OTP },
        voice: { enabled: false, otp: OTP },
        mobile: { enabled: false, otp: { failure: OTP.failure } },
        totp: { enabled: false, otp: { failure: OTP.failure } },
      },
    }),
  );
}

/** IDENTIFIER_FIRST, first: identifiers containing `domain` go to the identity provider, everyone else to PingOne. */
export async function createIdentifierFirstAction(
  client: PingOneClient,
  ids: Ids & { policyID: string },
  { domain, identityProviderID }: { domain: string; identityProviderID: string },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: {
        priority: 1,
        type: "IDENTIFIER_FIRST",
        discoveryRules: [
          {
            condition: { contains: domain, value: "${identifier}" },
            identityProvider: { id: identityProviderID },
          },
        ],
      },
    }),
  );
}

/** AGREEMENT, second: everyone accepts the agreement (once per revision). */
export async function createAgreementAction(
  client: PingOneClient,
  ids: Ids & { policyID: string },
  agreementID: string,
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: { priority: 2, type: "AGREEMENT", agreement: { id: agreementID } },
    }),
  );
}

/** MULTI_FACTOR_AUTHENTICATION, last: a second factor under the MFA policy; users without a device are blocked. */
export async function createMfaAction(
  client: PingOneClient,
  ids: Ids & { policyID: string },
  mfaPolicyID: string,
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: {
        priority: 3,
        type: "MULTI_FACTOR_AUTHENTICATION",
        deviceAuthenticationPolicy: { id: mfaPolicyID },
        noDevicesMode: "BLOCK",
      },
    }),
  );
}

/** The user's email MFA device, active at once (an administrator creates it), under the MFA policy. */
export async function createEmailDevice(
  client: PingOneClient,
  ids: Ids & { userID: string },
  { email, mfaPolicyID }: { email: string; mfaPolicyID: string },
) {
  return unwrap(
    await client.POST("/environments/{environmentID}/users/{userID}/devices", {
      params: { path: ids },
      body: { type: "EMAIL", email, policy: { id: mfaPolicyID } },
    }),
  );
}

/** Answer the identifier-first step's SIGN_ON_REQUIRED with who is signing on. */
export async function submitIdentifier(
  client: PingOneClient,
  ids: Ids & { flowID: string },
  username: string,
) {
  return unwrap(
    await client.POST("/{environmentID}/flows/{flowID}", {
      params: { path: ids },
      headers: { "Content-Type": "application/vnd.pingidentity.user.lookup+json" },
      body: { username },
    }),
  );
}

/** Answer AGREEMENT_CONSENT_REQUIRED: accept the agreement. */
export async function acceptAgreement(client: PingOneClient, ids: Ids & { flowID: string }) {
  return unwrap(
    await client.POST("/{environmentID}/flows/{flowID}", {
      params: { path: ids },
      headers: { "Content-Type": "application/vnd.pingidentity.user.consent+json" },
      body: { accept: true },
    }),
  );
}
