/**
 * `npm run contract:live`, run as a process against a local stand-in for PingOne: a server that answers like
 * PingOne by passing each request on to the Prism mock of the global setup (spec-true answers), and can
 * tamper with exactly one of them. The drift must be caught and named, and nothing else reported.
 */
import { describe, expect, inject, it } from "vitest";
import { WORKER_BASIC, WORKER_SECRET, runScript, tenantEnv } from "../support/run-script.js";
import { driftReport, watchForDrift } from "../../scripts/lib/drift-report.js";
import { preferMockExamples } from "../../scripts/lib/mock-examples.js";
import { startProxyServer } from "../../scripts/lib/prism.js";
import { startLocalServer, type LocalServer, type Seen } from "../support/local-server.js";
import { ENV } from "../support/scenario.js";

const ACTIONS = "POST /environments/{environmentID}/signOnPolicies/{policyID}/actions";
/** Two cookies, as the authorization server sets them: Prism joins them into one header on the way back. */
const SESSION_COOKIES = [
  "ST=session-token; Path=/; HttpOnly",
  "interactionId=abc; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
];
// Two use cases, each call through a Prism proxy: generous on a loaded machine.
const RUN_TIMEOUT = 150_000;

/**
 * PingOne's two hosts on one local server: `/v1/...` is the API, `/auth/...` the authorization server (a path
 * the real one does not have, so that each proxy's traffic can be told apart). `tamper` may rewrite any JSON
 * answer on its way back.
 */
function startFakePingOne(tamper?: (request: Seen, body: Record<string, any>) => void): Promise<LocalServer> {
  const forward = preferMockExamples(); // so that the mock walks the use case, as in `npm start`
  return startLocalServer(async (request, response) => {
    try {
      const path = /^\/(?:v1|auth)(\/.*)$/.exec(request.url)?.[1];
      if (!path) return void response.writeHead(404).end();
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && !["host", "content-length", "connection"].includes(name)) {
          headers.set(name, value);
        }
      }
      const body = ["GET", "DELETE"].includes(request.method) ? undefined : request.body;
      const answer = await forward(inject("prismUrl") + path, { method: request.method, headers, body });
      let text = await answer.text();
      if (tamper && answer.headers.get("content-type")?.includes("json")) {
        const json = JSON.parse(text) as Record<string, any>;
        tamper(request, json);
        text = JSON.stringify(json);
      }
      const type = answer.headers.get("content-type");
      response.writeHead(answer.status, {
        ...(type && { "content-type": type }),
        ...(path.includes("/as/authorize") && { "set-cookie": SESSION_COOKIES }),
      });
      response.end(answer.status === 204 ? undefined : text);
    } catch (error) {
      response.writeHead(502).end(String(error));
    }
  });
}

/** The PROGRESSIVE_PROFILING action comes back with `attributes[0].required: "yes"` instead of a boolean. */
const offSpecAction = (request: Seen, body: Record<string, any>) => {
  if (
    request.method === "POST" &&
    request.url.endsWith("/actions") &&
    body.type === "PROGRESSIVE_PROFILING"
  ) {
    body.attributes[0].required = "yes";
  }
};

function contractLive(env: Record<string, string>) {
  return runScript("scripts/contract-live.ts", env, RUN_TIMEOUT - 10_000);
}

const tenant = (fake: LocalServer) => tenantEnv(`${fake.url}/v1`, `${fake.url}/auth`);

/** Runs contract:live against `fake`, and checks what every run must do, whatever it found. */
async function checkedRun(fake: LocalServer) {
  const run = await contractLive(tenant(fake));
  // Every request reached the fake through the proxy of its host, with the base path of that host.
  const authPaths = /^\/auth\/[^/]+\/(as\/token|as\/authorize|flows\/[^/]+)$/;
  const paths = fake.seen.map((r) => new URL(r.url, fake.url).pathname);
  expect(paths.filter((path) => !authPaths.test(path) && !path.startsWith("/v1/environments/"))).toEqual([]);
  expect(fake.seen[0]?.headers.authorization).toBe(WORKER_BASIC);
  for (const output of [run.stdout, run.stderr]) {
    expect(output).not.toContain(WORKER_SECRET);
    expect(output).not.toMatch(/Bearer |Basic /);
  }
  // Both proxies are gone once contract:live has exited: their ports refuse connections.
  const proxies = [...run.stdout.matchAll(/Prism proxy (http:\/\/127\.0\.0\.1:\d+) -> /g)].map((m) => m[1]!);
  expect(proxies).toHaveLength(2);
  for (const proxy of proxies) await expect(fetch(proxy)).rejects.toThrow(/fetch failed/);
  return run;
}

const deleted = (stdout: string) => [...stdout.matchAll(/deleted (\w+) /g)].map((m) => m[1]);
/** The output of each use case's replay, under its heading. */
function sections(stdout: string) {
  const [, pp = "", idf = ""] = stdout.split(
    /^(?:Progressive profiling use case|Identifier-first, agreement and MFA use case):$/m,
  );
  return { pp, idf };
}
const stepNumbers = (output: string) => [...output.matchAll(/^\s*(\d+)\. /gm)].map((m) => Number(m[1]));
const IDENTIFIER_FIRST_DELETED = [
  "user",
  "population",
  "signOnPolicy",
  "deviceAuthenticationPolicy",
  "agreement",
  "identityProvider",
  "application",
];

describe("npm run contract:live", () => {
  it(
    "reports the one off-spec response with its operation and field, still cleans up, and exits 1",
    async () => {
      const fake = await startFakePingOne(offSpecAction);
      try {
        const { code, stdout, stderr } = await checkedRun(fake);
        expect(code).toBe(1);
        const { pp, idf } = sections(stdout);
        expect(pp).toMatch(/^ 8\. Add its PROGRESSIVE_PROFILING action .* 500 {2}FAILED$/m);
        expect(pp).not.toMatch(/^ 9\./m);
        expect(deleted(pp)).toEqual(["signOnPolicy", "application"]);
        // The next use case still runs, in full, with nothing to report.
        expect(stepNumbers(idf)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
        expect(deleted(idf)).toEqual(IDENTIFIER_FIRST_DELETED);
        expect(stderr.match(/Stopped by the drift below|Failed:/g)).toEqual(["Stopped by the drift below"]);
        expect(stderr).toContain("Stopped by the drift below: POST /environments/");
        expect(stderr).toContain("Drift from openapi/bundled/openapi.yaml: 1 violation in 1 of 42 exchanges");
        // One line, for that response only: no other step's traffic, nor the oneOf's other variants.
        expect([...stderr.matchAll(/^ {2}- (.*)$/gm)].map((m) => m[1])).toEqual([
          `createSignOnPolicyAction (${ACTIONS}) response.body.attributes[0].required: must be boolean`,
        ]);
        expect(stderr).toMatch(/more not shown: about the other variants of the oneOf at response\.body/);
      } finally {
        await fake.close();
      }
    },
    RUN_TIMEOUT,
  );

  it(
    "finds no drift in spec-true answers, replays both use cases (16 and 24 steps) and exits 0",
    async () => {
      const fake = await startFakePingOne();
      try {
        const { code, stdout, stderr } = await checkedRun(fake);
        expect(stderr).toBe("");
        expect(code).toBe(0);
        const { pp, idf } = sections(stdout);
        expect(stepNumbers(pp)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
        expect(deleted(pp)).toEqual(["user", "population", "signOnPolicy", "application"]);
        expect(stepNumbers(idf)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
        expect(idf).toMatch(/^24\. Accept the agreement .* 200 {2}-> OTP_REQUIRED: /m);
        expect(deleted(idf)).toEqual(IDENTIFIER_FIRST_DELETED);
        expect(stdout.trimEnd()).toMatch(
          /No drift: all 52 exchanges match openapi\/bundled\/openapi\.yaml\.$/,
        );
        // The flows' sessions: both cookies made it back through Prism, which had joined them into one header.
        const flowCalls = fake.seen.filter((r) => r.url.includes("/flows/"));
        expect(flowCalls).toHaveLength(2 + 4);
        for (const call of flowCalls) expect(call.headers.cookie).toBe("ST=session-token; interactionId=abc");
      } finally {
        await fake.close();
      }
    },
    RUN_TIMEOUT,
  );

  it(
    "tells an unreachable upstream from drift: Prism's error, no drift report, exit 1",
    async () => {
      const closed = await startLocalServer(() => {});
      await closed.close(); // nothing listens on this port any more
      const { code, stderr } = await contractLive(tenant(closed));
      expect(code).toBe(1);
      // Each use case tries, and fails at its first step.
      expect(stderr.match(/^Failed: POST \/\S+\/as\/token failed: 500 /gm)).toHaveLength(2);
      expect(stderr).toMatch(
        /^ {2}Prism, for POST \/\S+\/as\/token: FetchError: request to http:\/\/127\.0\.0\.1:\d+\/auth\//m,
      );
      expect(stderr).toContain("failed, reason: connect ECONNREFUSED");
      expect(stderr).toContain("No drift in the 2 exchange(s) seen, but 2 use case(s) did not complete.");
      expect(stderr).not.toContain("Drift from");
    },
    RUN_TIMEOUT,
  );

  it("refuses to run without a tenant, naming each missing variable, exit code 2", async () => {
    const { code, stdout, stderr } = await contractLive({ PINGONE_REGION: "eu" });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^contract:live checks a real tenant/);
    for (const name of ["PINGONE_ENVIRONMENT_ID", "PINGONE_CLIENT_ID", "PINGONE_CLIENT_SECRET"]) {
      expect(stderr).toContain(`${name} is not set`);
    }
    expect((await contractLive({})).code).toBe(2);
  });
});

describe("the drift watcher, in front of a Prism proxy", () => {
  it(
    "reports a request the spec forbids (never forwarded) and a path it does not have",
    async () => {
      const fake = await startFakePingOne();
      const proxy = await startProxyServer(`${fake.url}/v1`);
      try {
        const drift = watchForDrift();
        const send = (path: string, body?: unknown) =>
          drift.fetch(proxy.url + path, {
            method: body ? "POST" : "GET",
            headers: { authorization: "Bearer t", "content-type": "application/json" },
            ...(body !== undefined && { body: JSON.stringify(body) }),
          });
        expect((await send(`/environments/${ENV}/populations`, { description: "no name" })).status).toBe(422);
        expect((await send(`/v1/environments/${ENV}/populations`)).status).toBe(404); // /v1 is the upstream's
        expect(fake.seen).toEqual([]);
        const report = driftReport(drift.findings, drift.exchanges(), "the spec").split("\n");
        expect(report).toEqual([
          "Drift from the spec: 2 violations in 2 of 2 exchanges",
          "  - createPopulation (POST /environments/{environmentID}/populations) request.body: " +
            "must have required property 'name'",
          `  - GET /v1/environments/${ENV}/populations (not in the spec) request.path: ` +
            `Route not resolved, no path matched: The route /v1/environments/${ENV}/populations ` +
            "hasn't been found in the specification file",
        ]);
      } finally {
        await proxy.stop();
        await fake.close();
      }
    },
    RUN_TIMEOUT,
  );
});
