/** `startMock` from `pingone-platform-client/testing`, driven by the real client as a user's test would. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPingOneClient, unwrap, type PingOneClient } from "../../src/index.js";
import { startMock, type MockServer } from "../../src/testing/index.js";
import { descendants, isAlive, isListening, waitFor } from "../support/processes.js";

const environmentID = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const policyID = "551e6ddc-7f2d-4934-98a5-ddc50037246a";
const flowID = "9fcd0729-3e1f-4b53-9a22-6d3c3b1d6a51";

describe("startMock", () => {
  let mock: MockServer;
  let client: PingOneClient;
  let started: number[];

  beforeAll(async () => {
    const before = new Set(descendants(process.pid));
    mock = await startMock();
    started = descendants(process.pid).filter((pid) => !before.has(pid));
    client = createPingOneClient({
      baseUrl: mock.baseUrl,
      authBaseUrl: mock.authBaseUrl,
      auth: { environmentID, clientId: "any-client", clientSecret: "any-secret" }, // answered by the mock
      retry: false,
    });
  });
  afterAll(() => mock?.close());

  const createAction = (body: object, headers?: Record<string, string>) =>
    client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: { environmentID, policyID } },
      body: body as never,
      ...(headers ? { headers } : {}),
    });

  it("serves both hosts from one loopback URL, with no /v1", () => {
    expect(mock.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.authBaseUrl).toBe(mock.baseUrl);
  });

  it("answers with the example that matches the request's discriminator", async () => {
    const login = unwrap(await createAction({ type: "LOGIN", priority: 1 }));
    expect(login.type).toBe("LOGIN");
    const profiling = unwrap(
      await createAction({
        type: "PROGRESSIVE_PROFILING",
        priority: 2,
        promptText: "Please provide the following information.",
        promptIntervalSeconds: 3600,
        preventMultiplePromptsPerFlow: false,
        attributes: [{ name: "mobilePhone", required: false }],
      }),
    );
    expect(profiling.type).toBe("PROGRESSIVE_PROFILING");
  });

  it("answers a vendor media type with the example named for it", async () => {
    const answer = (mediaType: string, body: object) =>
      client.POST("/{environmentID}/flows/{flowID}", {
        params: { path: { environmentID, flowID } },
        headers: { "Content-Type": mediaType },
        body: body as never,
      });
    const update = await answer("application/vnd.pingidentity.user.update+json", {
      mobilePhone: "+1.5125551111",
    });
    expect(unwrap(update).status).toBe("COMPLETED");
    const check = await answer("application/vnd.pingidentity.usernamePassword.check+json", {
      username: "lola",
      password: "2FederateM0re!",
    });
    expect(unwrap(check).status).toBe("PROFILE_DATA_REQUIRED");
  });

  it("answers with the example pinned by the caller's Prefer header, whatever the body", async () => {
    const pinned = unwrap(
      await createAction({ type: "LOGIN", priority: 1 }, { Prefer: "example=agreement" }),
    );
    expect(pinned.type).toBe("AGREEMENT");
  });

  it("answers a request that breaks the spec with the operation's 400 and Prism's diagnosis", async () => {
    const { error, response } = await createAction({ type: "LOGIN" }); // no priority
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: "INVALID_DATA" });
    expect(response.headers.get("sl-violations")).toContain("priority");
  });

  it("leaves nothing running once closed: port shut, every process it started gone", async () => {
    expect(started.length).toBeGreaterThanOrEqual(2); // the supervisor and Prism
    const separate = await startMock();
    await separate.close();
    await separate.close(); // twice is fine
    expect(await isListening(separate.baseUrl)).toBe(false);
    await mock.close();
    expect(await isListening(mock.baseUrl)).toBe(false);
    await waitFor("the mock's processes to end", () => started.every((pid) => !isAlive(pid)));
    expect(descendants(process.pid).filter((pid) => started.includes(pid))).toEqual([]);
  });
});
