/**
 * PingOne's "progressive profiling sign-on action" use case (Workflow Library), in 16 steps: a policy whose LOGIN
 * action is followed by a PROGRESSIVE_PROFILING action, and a user who signs on and is asked for their mobile
 * phone number.
 */
import * as pp from "../../../examples/progressive-profiling/steps.js";
import * as shared from "../../../examples/shared/steps.js";
import { expectStatus, type UseCase } from "../use-case.js";

const REDIRECT_URI = "https://www.example.com";

export const progressiveProfiling: UseCase = {
  name: "progressive-profiling",
  title: "Progressive profiling use case",
  source:
    'PingOne\'s Workflow Library, "Configure a progressive profiling sign-on action": see examples/README.md',
  async replay({ client, environmentID, step, created }) {
    const ids = { environmentID };
    const application = await step(
      "Create the OIDC application",
      () =>
        shared.createOidcApplication(client, ids, {
          name: `AppWithProgressiveProfiling_${Date.now()}`,
          redirectUri: REDIRECT_URI,
        }),
      (app) => `application ${created("application", app.id)}`,
    );
    const applicationID = application.id;
    await step(
      "Read its secret",
      () => pp.readApplicationSecret(client, { ...ids, applicationID }),
      (s) => `secret of ${s.length} characters`,
    );
    const scope = await step(
      "Find the PingOne API p1:read:user",
      () => pp.findPingOneApiScope(client, ids),
      (s) => `resource ${s.resourceID}, scope ${s.scopeID}`,
    );
    await step(
      "Grant it to the application",
      () => pp.grantScope(client, { ...ids, applicationID }, scope),
      (g) => `grant ${g.id}`,
    );
    const policy = await step(
      "Create the sign-on policy",
      () =>
        shared.createSignOnPolicy(client, ids, {
          name: `ProgressiveProfiling_Policy_${Date.now()}`,
          description: "A new sign-on policy for progressive profiling.",
        }),
      (p) => `policy ${created("signOnPolicy", p.id)}`,
    );
    const policyID = policy.id;
    await step(
      "Add its LOGIN action",
      () => pp.createLoginAction(client, { ...ids, policyID }),
      (a) => `${a.type} action ${a.id}`,
    );
    await step(
      "Add its PROGRESSIVE_PROFILING action",
      () => pp.createProgressiveProfilingAction(client, { ...ids, policyID }),
      (a) => `${a.type} action ${a.id}`,
    );
    await step(
      "Assign the policy to the application",
      () => shared.assignSignOnPolicy(client, { ...ids, applicationID }, policyID),
      (a) => `assignment ${a.id}`,
    );
    const population = await step(
      "Create a population",
      () =>
        shared.createPopulation(client, ids, {
          name: `Progressive Profiling Users ${Date.now()}`,
          description: "Users of the progressive profiling use case",
        }),
      (p) => `population ${created("population", p.id)}`,
    );
    const username = `pp_user_${Date.now()}`;
    const password = `Pp-${crypto.randomUUID()}!`;
    const user = await step(
      "Create a user",
      () => shared.createUser(client, { ...ids, populationID: population.id, username }),
      (u) => `user ${created("user", u.id)}`,
    );
    const userID = user.id;
    await step(
      "Set the user's password",
      () => shared.setPassword(client, { ...ids, userID }, password),
      (p) => `password ${p.status}`,
    );
    const flow = await step(
      "Start signing on (authorize, pi.flow)",
      () => shared.startSignOn(client, { ...ids, applicationID, redirectUri: REDIRECT_URI }),
      (f) => `flow ${f.id}: ${f.status}`,
    );
    const flowID = flow.id;
    const afterCredentials = await step(
      "Submit the username and password",
      () => shared.submitCredentials(client, { ...ids, flowID }, { username: user.username, password }),
      (f) => `${f.status}: ${f._embedded?.attributes?.map((a) => a.name).join(", ") ?? ""}`,
    );
    expectStatus(afterCredentials, "PROFILE_DATA_REQUIRED", "the credentials");
    const completed = await step(
      "Submit the mobile phone number",
      () => pp.submitProfile(client, { ...ids, flowID }, { mobilePhone: "+1.5125551111" }),
      (f) => f.status,
    );
    expectStatus(completed, "COMPLETED", "the profile");
    await step(
      "Read the user back",
      () => pp.readUser(client, { ...ids, userID }),
      (u) => `mobilePhone ${u.mobilePhone ?? "(not set)"}`,
    );
  },
};
