/** `npm start`, run as a user runs it: a separate process, its own mock or a "tenant" given by PINGONE_*. */
import { describe, expect, it } from "vitest";
import { WORKER_BASIC, WORKER_SECRET, runScript, tenantEnv } from "../support/run-script.js";
import { sendJson, startLocalServer } from "../support/local-server.js";
import { ENV } from "../support/scenario.js";

const TOKEN = "worker-token-that-must-never-be-printed";

function npmStart(env: Record<string, string> = {}, args: string[] = []) {
  return runScript("scripts/start.ts", env, RUN_TIMEOUT - 10_000, args);
}
/** A replay starts its own Prism: generous on a loaded machine. */
const RUN_TIMEOUT = 120_000;

/** The numbered step lines: [number, title, the rest]. */
function steps(stdout: string): [number, string, string][] {
  return [...stdout.matchAll(/^\s*(\d+)\. (.{38}) (.*)$/gm)].map((m) => [Number(m[1]), m[2]!.trim(), m[3]!]);
}

/** Reads the step lines of a replay: `rest(n)` is what step n printed after its title, `id(n, kind)` its ID. */
function replayOf(stdout: string) {
  const lines = steps(stdout);
  const rest = (n: number) => lines[n - 1]![2];
  const id = (n: number, kind: string) => new RegExp(`-> ${kind} ([0-9a-f-]{36})`).exec(rest(n))![1]!;
  const titles = lines.map(([n, title]) => `${n} ${title}`);
  const deleted = [...stdout.matchAll(/deleted (\w+) (\S+)/g)].map((m) => `${m[1]} ${m[2]}`);
  return { titles, rest, id, deleted };
}

/** Replays a use case on the embedded mock, which must succeed without a word on stderr. */
async function replayOnMock(args: string[] = []) {
  const { code, stdout, stderr } = await npmStart({}, args);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return { stdout, ...replayOf(stdout) };
}

describe("npm start replays the progressive profiling use case", () => {
  it(
    "against the embedded mock: every step in order, each ID passed on to the steps that need it",
    async () => {
      const { stdout, titles, rest, id, deleted } = await replayOnMock();
      expect(titles).toEqual([
        "1 Get a worker token",
        "2 Create the OIDC application",
        "3 Read its secret",
        "4 Find the PingOne API p1:read:user",
        "5 Grant it to the application",
        "6 Create the sign-on policy",
        "7 Add its LOGIN action",
        "8 Add its PROGRESSIVE_PROFILING action",
        "9 Assign the policy to the application",
        "10 Create a population",
        "11 Create a user",
        "12 Set the user's password",
        "13 Start signing on (authorize, pi.flow)",
        "14 Submit the username and password",
        "15 Submit the mobile phone number",
        "16 Read the user back",
      ]);
      const applicationID = id(2, "application");
      for (const n of [3, 5, 9]) expect(rest(n)).toContain(`/applications/${applicationID}/`);
      const { 1: resourceID, 2: scopeID } = /-> resource (\S+), scope (\S+)$/.exec(rest(4))!;
      expect(rest(4)).toContain(`/resources/${resourceID}/scopes 200`);
      expect(scopeID).toMatch(/^[0-9a-f-]{36}$/);
      const policyID = id(6, "policy");
      for (const n of [7, 8]) expect(rest(n)).toContain(`/signOnPolicies/${policyID}/actions 201`);
      expect(rest(7)).toContain("-> LOGIN action");
      expect(rest(8)).toContain("-> PROGRESSIVE_PROFILING action");
      const userID = id(11, "user");
      for (const n of [12, 16]) expect(rest(n)).toContain(`/users/${userID}`);
      const flowID = /-> flow (\S+): USERNAME_PASSWORD_REQUIRED$/.exec(rest(13))![1]!;
      for (const n of [14, 15]) expect(rest(n)).toContain(`POST /${ENV}/flows/${flowID} 200`);
      expect(rest(14)).toMatch(/-> PROFILE_DATA_REQUIRED: mobilePhone$/);
      expect(rest(15)).toMatch(/-> COMPLETED$/);
      expect(rest(16)).toMatch(/-> mobilePhone \+1\.5125551111$/);
      // What was created is deleted again, newest first.
      expect(deleted).toEqual([
        `user ${userID}`,
        `population ${id(10, "population")}`,
        `signOnPolicy ${policyID}`,
        `application ${applicationID}`,
      ]);
      expect(stdout.trimEnd().endsWith("Done.")).toBe(true);
      // The embedded mock is gone once npm start has exited: its port refuses connections.
      const mockUrl = /embedded mock \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
      await expect(fetch(mockUrl)).rejects.toThrow(/fetch failed/);
    },
    RUN_TIMEOUT,
  );

  it("against a tenant: a failing step prints PingOne's error, what was created is deleted, exit code 1", async () => {
    const appID = "0b7c4b8e-2f0a-4f65-9d3e-1c2b3a4d5e6f";
    const server = await startLocalServer((request, response) => {
      if (request.url.endsWith("/as/token")) {
        return sendJson(response, 200, { access_token: TOKEN, token_type: "Bearer", expires_in: 3600 });
      }
      if (request.method === "POST" && request.url.endsWith("/applications")) {
        return sendJson(response, 201, {
          _links: { self: { href: `${server.url}/environments/${ENV}/applications/${appID}` } },
          id: appID,
          environment: { id: ENV },
          name: "app",
          enabled: true,
          type: "WEB_APP",
          protocol: "OPENID_CONNECT",
          tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
          createdAt: "2026-03-02T10:15:30.125Z",
          updatedAt: "2026-03-02T10:15:30.125Z",
        });
      }
      if (request.url.endsWith("/secret")) return sendJson(response, 200, { secret: "app-secret" });
      if (request.method === "DELETE") return void response.writeHead(204).end();
      // Not below anything the replay created (which would be retried as eventual consistency): a plain refusal.
      sendJson(response, 403, {
        id: "e5c6a7f0-4d0c-4b8e-9a57-3c0d4b1f2e10",
        code: "ACCESS_FAILED",
        message: "The request could not be completed. You do not have access to this resource.",
        details: [{ code: "INSUFFICIENT_PERMISSIONS", message: "The actor is not authorized." }],
      });
    });
    try {
      const { code, stdout, stderr } = await npmStart(tenantEnv(server.url));
      expect(code).toBe(1);
      expect(stdout).toContain(`against PingOne at ${server.url}, environment ${ENV}`);
      expect(stderr).toContain(
        `Failed: GET /environments/${ENV}/resources failed: 403 ACCESS_FAILED: ` +
          "The request could not be completed. You do not have access to this resource. " +
          "(INSUFFICIENT_PERMISSIONS: The actor is not authorized.)",
      );
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        `POST /${ENV}/as/token`,
        `POST /environments/${ENV}/applications`,
        `GET /environments/${ENV}/applications/${appID}/secret`,
        `GET /environments/${ENV}/resources`,
        `DELETE /environments/${ENV}/applications/${appID}`,
      ]);
      expect(server.seen[0]!.headers.authorization).toBe(WORKER_BASIC);
      expect(server.seen.slice(1).every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      for (const output of [stdout, stderr]) {
        expect(output).not.toContain(TOKEN);
        expect(output).not.toContain(WORKER_SECRET);
        expect(output).not.toContain("app-secret");
      }
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable tenant in one line and exits 1", async () => {
    const server = await startLocalServer(() => {});
    await server.close(); // nothing listens on this port any more
    const { code, stderr } = await npmStart(tenantEnv(server.url));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Failed: POST \/\S+\/as\/token: connection failed \(.*ECONNREFUSED.*; host 127\.0\.0\.1:\d+\)$/m,
    );
  });

  it.each([
    [
      "partial settings",
      { PINGONE_REGION: "eu" },
      [
        "PINGONE_ENVIRONMENT_ID is not set",
        "PINGONE_CLIENT_ID is not set",
        "PINGONE_CLIENT_SECRET is not set",
      ],
    ],
    [
      "an ID that is not a UUID",
      { ...tenantEnv("https://api.pingone.eu/v1"), PINGONE_ENVIRONMENT_ID: "my-env" },
      ['PINGONE_ENVIRONMENT_ID is not a PingOne ID (a UUID): "my-env"'],
    ],
    [
      "an unknown region",
      { ...tenantEnv("https://api.pingone.eu/v1"), PINGONE_REGION: "us" },
      ["PINGONE_REGION must be one of"],
    ],
    [
      "an API URL without TLS",
      tenantEnv("http://api.pingone.eu/v1"),
      ["PINGONE_API_URL: must use https (http is allowed on loopback only)"],
    ],
  ])("refuses %s with a message naming each variable and exit code 2", async (_, env, messages) => {
    const { code, stdout, stderr } = await npmStart(env);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    for (const message of messages) expect(stderr).toContain(message);
    expect(stderr).not.toContain(WORKER_SECRET);
  });
});

describe("npm start runs a use case by name", () => {
  it(
    "identifier-first-mfa on the embedded mock: every step in order, each ID passed on to the steps that need it",
    async () => {
      const { stdout, titles, rest, id, deleted } = await replayOnMock(["identifier-first-mfa"]);
      expect(stdout).toMatch(/^Identifier-first, agreement and MFA use case against the embedded mock /);
      expect(titles).toEqual([
        "1 Get a worker token",
        "2 Create the OIDC application",
        "3 Create the Facebook identity provider",
        "4 Create the agreement (disabled)",
        "5 Add its English language",
        "6 Add the first revision of its text",
        "7 Enable the language",
        "8 Enable the agreement",
        "9 Create the MFA policy (email only)",
        "10 Create the sign-on policy",
        "11 Add its IDENTIFIER_FIRST action",
        "12 Add its AGREEMENT action",
        "13 Add its MFA action",
        "14 Assign the policy to the application",
        "15 Create a population",
        "16 Create a user, MFA enabled",
        "17 Set the user's password",
        "18 Give the user an email MFA device",
        "19 Start signing on as a partner",
        "20 Submit the partner's email address",
        "21 Start signing on as the user",
        "22 Submit the username",
        "23 Submit the password",
        "24 Accept the agreement",
      ]);
      const applicationID = id(2, "application");
      expect(rest(14)).toContain(`/applications/${applicationID}/signOnPolicyAssignments 201`);
      // The partner's domain leads to the identity provider created in step 3.
      const providerID = id(3, "FACEBOOK identity provider");
      expect(rest(11)).toMatch(new RegExp(`: @partner\\.example\\.com to ${providerID}$`));
      expect(rest(20)).toMatch(
        new RegExp(`-> EXTERNAL_AUTHENTICATION_REQUIRED: identity provider ${providerID}$`),
      );
      // The agreement, its language and revision, enabled in order, then shown by the AGREEMENT action.
      const agreementID = id(4, "agreement");
      const languageID = id(5, "language");
      expect(rest(5)).toContain(`POST /environments/${ENV}/agreements/${agreementID}/languages 201`);
      expect(rest(6)).toContain(`/agreements/${agreementID}/languages/${languageID}/revisions 201`);
      expect(rest(7)).toMatch(
        new RegExp(`PUT \\S+/agreements/${agreementID}/languages/${languageID} 200 .*enabled: true$`),
      );
      expect(rest(8)).toMatch(new RegExp(`PUT \\S+/agreements/${agreementID} 200 .*enabled: true$`));
      expect(rest(12)).toMatch(new RegExp(`-> AGREEMENT action \\S+: agreement ${agreementID}$`));
      // The MFA policy is the MFA action's, and the policy's three actions come in order.
      const mfaPolicyID = id(9, "MFA policy");
      expect(rest(13)).toMatch(
        new RegExp(`-> MULTI_FACTOR_AUTHENTICATION action \\S+: MFA policy ${mfaPolicyID}$`),
      );
      const policyID = id(10, "policy");
      for (const n of [11, 12, 13]) expect(rest(n)).toContain(`/signOnPolicies/${policyID}/actions 201`);
      expect(rest(11)).toContain("-> IDENTIFIER_FIRST action");
      // The user, their password and email device; the passcode goes to that device.
      const userID = id(16, "user");
      for (const n of [17, 18]) expect(rest(n)).toContain(`/users/${userID}/`);
      const deviceID = id(18, "EMAIL device");
      expect(rest(18)).toMatch(/: ACTIVE$/);
      // Two sign-ons: the partner's ends at the identity provider, the user's at the passcode.
      const partnerFlow = /-> flow (\S+): SIGN_ON_REQUIRED$/.exec(rest(19))![1]!;
      expect(rest(20)).toContain(`POST /${ENV}/flows/${partnerFlow} 200`);
      const flowID = /-> flow (\S+): SIGN_ON_REQUIRED$/.exec(rest(21))![1]!;
      for (const n of [22, 23, 24]) expect(rest(n)).toContain(`POST /${ENV}/flows/${flowID} 200`);
      expect(rest(22)).toMatch(/-> PASSWORD_REQUIRED$/);
      expect(rest(23)).toMatch(/-> AGREEMENT_CONSENT_REQUIRED$/);
      expect(rest(24)).toMatch(new RegExp(`-> OTP_REQUIRED: passcode sent to device ${deviceID}$`));
      // What was created is deleted again, newest first: the policy before what its actions refer to.
      expect(deleted).toEqual([
        `user ${userID}`,
        `population ${id(15, "population")}`,
        `signOnPolicy ${policyID}`,
        `deviceAuthenticationPolicy ${mfaPolicyID}`,
        `agreement ${agreementID}`,
        `identityProvider ${providerID}`,
        `application ${applicationID}`,
      ]);
      expect(stdout.trimEnd().endsWith("Done.")).toBe(true);
    },
    RUN_TIMEOUT,
  );

  it("lists the use cases with --list, the default first, without starting a mock", async () => {
    const { code, stdout, stderr } = await npmStart({}, ["--list"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect([...stdout.matchAll(/^(\S+) +(.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`)).toEqual([
      "progressive-profiling: Progressive profiling use case (the default)",
      "identifier-first-mfa: Identifier-first, agreement and MFA use case",
    ]);
    expect(stdout).not.toContain("mock");
  });

  it.each([
    [
      ["password-reset"],
      'No use case is named "password-reset"; the use cases are progressive-profiling, identifier-first-mfa.',
    ],
    [["progressive-profiling", "identifier-first-mfa"], "Name one use case at most"],
  ])("refuses %j with exit code 2 and the names it knows", async (args, message) => {
    const { code, stdout, stderr } = await npmStart({}, args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });
});
