/** `npm start`, run as a user runs it: a separate process, its own mock or a "tenant" given by PINGONE_*. */
import { describe, expect, it } from "vitest";
import { runScript } from "../support/run-script.js";
import { sendJson, startLocalServer } from "../support/local-server.js";

const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const SECRET = "worker-secret-that-must-never-be-printed";
const TOKEN = "worker-token-that-must-never-be-printed";

function npmStart(env: Record<string, string> = {}) {
  return runScript("scripts/start.ts", env, 60_000);
}

const tenant = (url: string) => ({
  PINGONE_REGION: "eu",
  PINGONE_ENVIRONMENT_ID: ENV,
  PINGONE_CLIENT_ID: "worker-client",
  PINGONE_CLIENT_SECRET: SECRET,
  PINGONE_API_URL: url,
  PINGONE_AUTH_URL: url,
});

/** The numbered step lines: [number, title, the rest]. */
function steps(stdout: string): [number, string, string][] {
  return [...stdout.matchAll(/^\s*(\d+)\. (.{38}) (.*)$/gm)].map((m) => [Number(m[1]), m[2]!.trim(), m[3]!]);
}

describe("npm start replays the progressive profiling use case", () => {
  it("against the embedded mock: every step in order, each ID passed on to the steps that need it", async () => {
    const { code, stdout, stderr } = await npmStart();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = steps(stdout);
    expect(lines.map(([n, title]) => `${n} ${title}`)).toEqual([
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
    const rest = (n: number) => lines[n - 1]![2];
    const id = (n: number, kind: string) => new RegExp(`-> ${kind} ([0-9a-f-]{36})`).exec(rest(n))![1]!;
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
    expect([...stdout.matchAll(/deleted (\w+) (\S+)/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      `user ${userID}`,
      `population ${id(10, "population")}`,
      `signOnPolicy ${policyID}`,
      `application ${applicationID}`,
    ]);
    expect(stdout.trimEnd().endsWith("Done.")).toBe(true);
    // The embedded mock is gone once npm start has exited: its port refuses connections.
    const mockUrl = /embedded mock \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    await expect(fetch(mockUrl)).rejects.toThrow(/fetch failed/);
  });

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
      if (request.method === "DELETE") return void response.writeHead(204).end();
      // A 403 under the application just created would be retried for a while (eventual consistency): the
      // step that fails is the next one, which reads the environment's resources.
      if (request.url.endsWith(`/applications/${appID}/secret`))
        return sendJson(response, 200, { secret: "x" });
      sendJson(response, 403, {
        id: "e5c6a7f0-4d0c-4b8e-9a57-3c0d4b1f2e10",
        code: "ACCESS_FAILED",
        message: "The request could not be completed. You do not have access to this resource.",
        details: [{ code: "INSUFFICIENT_PERMISSIONS", message: "The actor is not authorized." }],
      });
    });
    try {
      const { code, stdout, stderr } = await npmStart(tenant(server.url));
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
      expect(server.seen[0]!.headers.authorization).toBe(`Basic ${btoa(`worker-client:${SECRET}`)}`);
      expect(server.seen.slice(1).every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      for (const output of [stdout, stderr]) {
        expect(output).not.toContain(TOKEN);
        expect(output).not.toContain(SECRET);
      }
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable tenant in one line and exits 1", async () => {
    const server = await startLocalServer(() => {});
    await server.close(); // nothing listens on this port any more
    const { code, stderr } = await npmStart(tenant(server.url));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Failed: POST \/\S+\/as\/token: connection failed \(.*ECONNREFUSED.*\)$/m);
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
      { ...tenant("https://api.pingone.eu/v1"), PINGONE_ENVIRONMENT_ID: "my-env" },
      ['PINGONE_ENVIRONMENT_ID is not a PingOne ID (a UUID): "my-env"'],
    ],
    [
      "an unknown region",
      { ...tenant("https://api.pingone.eu/v1"), PINGONE_REGION: "us" },
      ["PINGONE_REGION must be one of"],
    ],
    [
      "an API URL without TLS",
      tenant("http://api.pingone.eu/v1"),
      ["PINGONE_API_URL: must use https (http is allowed on loopback only)"],
    ],
  ])("refuses %s with a message naming each variable and exit code 2", async (_, env, messages) => {
    const { code, stdout, stderr } = await npmStart(env);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    for (const message of messages) expect(stderr).toContain(message);
    expect(stderr).not.toContain(SECRET);
  });
});
