/**
 * Identifier-first sign-on with a social identity provider, an agreement and MFA, in 24 steps, strung together
 * from PingOne's documented steps: an IDENTIFIER_FIRST action whose discovery rule sends one email domain
 * (partners) to Facebook, then an AGREEMENT action everyone else accepts, then a MULTI_FACTOR_AUTHENTICATION
 * action that sends a passcode to the user's email device. The replay signs on twice: as a partner (sent to
 * Facebook) and as a user (password, agreement, passcode sent); a script cannot read the passcode, so it stops
 * where the flow waits for it.
 */
import * as idf from "../../../examples/identifier-first-mfa/steps.js";
import * as shared from "../../../examples/shared/steps.js";
import { expectStatus, type UseCase } from "../use-case.js";

/** The application's callback (each application of the use cases has its own). */
const REDIRECT_URI = "https://www.example.com/identifier-first";
const PARTNER_DOMAIN = "@partner.example.com";

/** The ID an `authenticate` link sends the user to (`...?providerId=<id>&flowId=...`), if it names one. */
const providerOf = (href: string | undefined) => (href ? new URL(href).searchParams.get("providerId") : null);

export const identifierFirstMfa: UseCase = {
  name: "identifier-first-mfa",
  title: "Identifier-first, agreement and MFA use case",
  source:
    "PingOne's sign-on policy actions IDENTIFIER_FIRST, AGREEMENT and MULTI_FACTOR_AUTHENTICATION, and its " +
    'Workflow Library ("Use login and agreement actions", "Use an email action"): see examples/README.md',
  async replay({ client, environmentID, step, created }) {
    const ids = { environmentID };
    const stamp = Date.now();
    const application = await step(
      "Create the OIDC application",
      () =>
        shared.createOidcApplication(client, ids, {
          name: `IdentifierFirstWithMfa_${stamp}`,
          redirectUri: REDIRECT_URI,
        }),
      (app) => `application ${created("application", app.id)}`,
    );
    const applicationID = application.id;
    const facebook = await step(
      "Create the Facebook identity provider",
      () =>
        idf.createFacebookProvider(client, ids, { appId: "partner-app-id", appSecret: "partner-app-secret" }),
      (p) => `${p.type} identity provider ${created("identityProvider", p.id)}`,
    );
    const agreementName = `Terms_${stamp}`;
    const agreement = await step(
      "Create the agreement (disabled)",
      () => idf.createAgreement(client, ids, agreementName),
      (a) => `agreement ${created("agreement", a.id)}`,
    );
    const agreementIds = { ...ids, agreementID: agreement.id };
    const language = await step(
      "Add its English language",
      () => idf.addAgreementLanguage(client, agreementIds),
      (l) => `language ${l.id} (${l.locale})`,
    );
    const languageIds = { ...agreementIds, languageID: language.id };
    await step(
      "Add the first revision of its text",
      () => idf.addAgreementRevision(client, languageIds),
      (r) => `revision ${r.id}`,
    );
    await step(
      "Enable the language",
      () => idf.enableAgreementLanguage(client, languageIds),
      (l) => `language enabled: ${l.enabled}`,
    );
    await step(
      "Enable the agreement",
      () => idf.enableAgreement(client, agreementIds, agreementName),
      (a) => `agreement enabled: ${a.enabled}`,
    );
    const mfaPolicy = await step(
      "Create the MFA policy (email only)",
      () => idf.createMfaPolicy(client, ids, `EmailOnly_${stamp}`),
      (p) => `MFA policy ${created("deviceAuthenticationPolicy", p.id)}`,
    );
    const policy = await step(
      "Create the sign-on policy",
      () =>
        shared.createSignOnPolicy(client, ids, {
          name: `IdentifierFirstWithMfa_Policy_${stamp}`,
          description: "Identifier first (partners to Facebook), then an agreement, then MFA.",
        }),
      (p) => `policy ${created("signOnPolicy", p.id)}`,
    );
    const policyIds = { ...ids, policyID: policy.id };
    await step(
      "Add its IDENTIFIER_FIRST action",
      () =>
        idf.createIdentifierFirstAction(client, policyIds, {
          domain: PARTNER_DOMAIN,
          identityProviderID: facebook.id,
        }),
      (a) => `${a.type} action ${a.id}: ${PARTNER_DOMAIN} to ${facebook.id}`,
    );
    await step(
      "Add its AGREEMENT action",
      () => idf.createAgreementAction(client, policyIds, agreement.id),
      (a) => `${a.type} action ${a.id}: agreement ${agreement.id}`,
    );
    await step(
      "Add its MFA action",
      () => idf.createMfaAction(client, policyIds, mfaPolicy.id),
      (a) => `${a.type} action ${a.id}: MFA policy ${mfaPolicy.id}`,
    );
    await step(
      "Assign the policy to the application",
      () => shared.assignSignOnPolicy(client, { ...ids, applicationID }, policy.id),
      (a) => `assignment ${a.id}`,
    );
    const population = await step(
      "Create a population",
      () =>
        shared.createPopulation(client, ids, {
          name: `Identifier First Users ${stamp}`,
          description: "Users of the identifier-first use case",
        }),
      (p) => `population ${created("population", p.id)}`,
    );
    const username = `if_user_${stamp}`;
    const password = `If-${crypto.randomUUID()}!`;
    const user = await step(
      "Create a user, MFA enabled",
      () => shared.createUser(client, { ...ids, populationID: population.id, username, mfaEnabled: true }),
      (u) => `user ${created("user", u.id)}`,
    );
    const userIds = { ...ids, userID: user.id };
    await step(
      "Set the user's password",
      () => shared.setPassword(client, userIds, password),
      (p) => `password ${p.status}`,
    );
    const device = await step(
      "Give the user an email MFA device",
      () =>
        idf.createEmailDevice(client, userIds, {
          email: `${username}@example.com`,
          mfaPolicyID: mfaPolicy.id,
        }),
      (d) => `${d.type} device ${d.id}: ${d.status}`,
    );
    const signOn = { ...ids, applicationID, redirectUri: REDIRECT_URI };
    const partnerFlow = await step(
      "Start signing on as a partner",
      () => shared.startSignOn(client, signOn),
      (f) => `flow ${f.id}: ${f.status}`,
    );
    expectStatus(partnerFlow, "SIGN_ON_REQUIRED", "the authorization request");
    const sentAway = await step(
      "Submit the partner's email address",
      () => idf.submitIdentifier(client, { ...ids, flowID: partnerFlow.id }, `jane${PARTNER_DOMAIN}`),
      (f) => `${f.status}: identity provider ${providerOf(f._links.authenticate?.href) ?? "(not named)"}`,
    );
    expectStatus(sentAway, "EXTERNAL_AUTHENTICATION_REQUIRED", "a partner's identifier");
    const flow = await step(
      "Start signing on as the user",
      () => shared.startSignOn(client, signOn),
      (f) => `flow ${f.id}: ${f.status}`,
    );
    expectStatus(flow, "SIGN_ON_REQUIRED", "the authorization request");
    const flowIds = { ...ids, flowID: flow.id };
    const identified = await step(
      "Submit the username",
      () => idf.submitIdentifier(client, flowIds, username),
      (f) => f.status,
    );
    expectStatus(identified, "PASSWORD_REQUIRED", "the user's identifier");
    const signedOn = await step(
      "Submit the password",
      () => shared.submitCredentials(client, flowIds, { username, password }),
      (f) => f.status,
    );
    expectStatus(signedOn, "AGREEMENT_CONSENT_REQUIRED", "the password");
    const mfa = await step(
      "Accept the agreement",
      () => idf.acceptAgreement(client, flowIds),
      (f) => `${f.status}: passcode sent to device ${f.selectedDevice?.id ?? "(not named)"}`,
    );
    expectStatus(mfa, "OTP_REQUIRED", "the agreement");
    if (mfa.selectedDevice && mfa.selectedDevice.id !== device.id) {
      throw new Error(`the passcode went to device ${mfa.selectedDevice.id}, not the user's ${device.id}`);
    }
  },
};
