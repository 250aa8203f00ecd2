/** `npm start`, run as a user runs it: a separate process, its own mock or a "tenant" given by PINGONE_*. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, inject, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/paths.js";
import { sendJson, startLocalServer } from "../support/local-server.js";

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const seed = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/seeds/${name}.json`, import.meta.url), "utf8"));

const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const POLICY = "551e6ddc-7f2d-4934-98a5-ddc50037246a";
const APP = "fe36bb1a-3983-4d6c-af02-e7d50b0ab99a";
const TOKEN = "tenant-token-that-must-never-be-printed";

function npmStart(env: Record<string, string> = {}) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("PINGONE_")),
  );
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [tsxCli, "scripts/start.ts"],
      { cwd: REPO_ROOT, env: { ...clean, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

const tenant = (apiUrl: string) => ({
  PINGONE_API_URL: apiUrl,
  PINGONE_ENVIRONMENT_ID: ENV,
  PINGONE_ACCESS_TOKEN: TOKEN,
  PINGONE_SIGN_ON_POLICY_ID: POLICY,
  PINGONE_APPLICATION_ID: APP,
});

describe("npm start", () => {
  it("runs both documented operations against the embedded mock and exits 0", async () => {
    const { code, stdout, stderr } = await npmStart();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("Target: embedded mock");
    expect(stdout).toContain(`→ POST /environments/${ENV}/signOnPolicies/${POLICY}/actions`);
    expect(stdout).toContain("Created PROGRESSIVE_PROFILING action 329abc60-27b6-4663-8c81-72ee38d4e71f");
    expect(stdout).toContain(
      "Created CUSTOM mapping 18d4b06c-f8f3-4064-a2c4-0db80250fb5f: email = ${user.email}",
    );
    expect(stdout).toContain("authorization: [REDACTED]");
    expect(stdout).not.toContain("mock-token");
    expect(stdout.trimEnd().endsWith("Done.")).toBe(true);
    // The embedded mock is gone once npm start has exited: its port refuses connections.
    const mockUrl = /Target: embedded mock \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    await expect(fetch(mockUrl)).rejects.toThrow(/fetch failed/);
  });

  it("runs against a tenant given by PINGONE_* and never prints the token", async () => {
    const { code, stdout } = await npmStart(tenant(inject("prismUrl")));
    expect(code).toBe(0);
    expect(stdout).toContain(`Target: PingOne tenant at ${inject("prismUrl")}, environment ${ENV}`);
    expect(stdout).not.toContain(TOKEN);
  });

  it("prints PingOne's error, cleans up what it created and exits 1 when a step fails", async () => {
    const server = await startLocalServer((request, response) => {
      if (request.method === "POST" && request.url.endsWith("/actions")) {
        return sendJson(response, 201, seed("signOnPolicyAction.progressiveProfiling.201"));
      }
      if (request.method === "POST") {
        return sendJson(response, 400, {
          id: "e5c6a7f0-4d0c-4b8e-9a57-3c0d4b1f2e10",
          code: "INVALID_DATA",
          message: "The request could not be completed. One or more validation errors were in the request.",
          details: [{ code: "UNIQUENESS_VIOLATION", target: "name", message: "name must be unique" }],
        });
      }
      response.writeHead(204).end();
    });
    try {
      const { code, stderr } = await npmStart(tenant(server.url));
      expect(code).toBe(1);
      expect(stderr).toContain(
        `Failed: POST /environments/${ENV}/applications/${APP}/attributes failed: 400 INVALID_DATA: ` +
          "The request could not be completed. One or more validation errors were in the request. " +
          "(name: UNIQUENESS_VIOLATION: name must be unique)",
      );
      expect(stderr).not.toContain(TOKEN);
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        `POST /environments/${ENV}/signOnPolicies/${POLICY}/actions`,
        `POST /environments/${ENV}/applications/${APP}/attributes`,
        `DELETE /environments/${ENV}/signOnPolicies/${POLICY}/actions/329abc60-27b6-4663-8c81-72ee38d4e71f`,
      ]);
      expect(server.seen.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable tenant in one line and exits 1", async () => {
    const server = await startLocalServer(() => {});
    await server.close(); // nothing listens on this port any more
    const { code, stderr } = await npmStart(tenant(server.url));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Failed: POST \/environments\/\S+: connection failed \(.*ECONNREFUSED.*\)$/m);
  });

  it.each([
    [
      "partial settings",
      { PINGONE_API_URL: "https://api.pingone.eu/v1" },
      [
        "PINGONE_ENVIRONMENT_ID is not set",
        "PINGONE_ACCESS_TOKEN is not set",
        "PINGONE_APPLICATION_ID is not set",
      ],
    ],
    [
      "an ID that is not a UUID",
      { ...tenant("https://api.pingone.eu/v1"), PINGONE_ENVIRONMENT_ID: "my-env" },
      ['PINGONE_ENVIRONMENT_ID is not a PingOne ID (a UUID): "my-env"'],
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
    expect(stderr).not.toContain(TOKEN);
  });
});
