/**
 * A client for the authorization server alone (token, authorize and flow paths) needs no API credentials; a
 * call to an API path through it fails before anything is sent, naming `auth`.
 */
import { describe, expect, it } from "vitest";
import { createPingOneClient, PingOneConfigError } from "../../src/index.js";
import { fakeFetch } from "../support/fake-fetch.js";
import { ATTRIBUTES, ENV, appParams } from "../support/scenario.js";

const BASIC = `Basic ${Buffer.from("app:secret").toString("base64")}`;
const tokenBody = () => Response.json({ access_token: "t", token_type: "Bearer", expires_in: 3600 });

function tokenRequest(client: ReturnType<typeof createPingOneClient>) {
  return client.POST("/{environmentID}/as/token", {
    params: { path: { environmentID: ENV } },
    headers: { Authorization: BASIC, "Content-Type": "application/x-www-form-urlencoded" },
    body: { grant_type: "client_credentials" },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
  });
}

describe("a client of the authorization server alone", () => {
  it.each([
    ["a region", { region: "eu" as const }, "https://auth.pingone.eu"],
    ["an authBaseUrl", { authBaseUrl: "http://127.0.0.1:4010" }, "http://127.0.0.1:4010"],
  ])("is created from %s, without auth, and reaches the token endpoint", async (_, options, host) => {
    const { fetch, requests } = fakeFetch(tokenBody);
    const client = createPingOneClient({ ...options, fetch });
    const { data, response } = await tokenRequest(client);
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ access_token: "t" });
    expect(requests.map((r) => [r.url, r.headers.get("authorization")])).toEqual([
      [`${host}/${ENV}/as/token`, BASIC],
    ]);
  });

  it("reaches a flow path and the authorize path too", async () => {
    const { fetch, requests } = fakeFetch(() =>
      Response.json({ id: "f", status: "USERNAME_PASSWORD_REQUIRED" }),
    );
    const client = createPingOneClient({ region: "eu", fetch });
    await client.GET("/{environmentID}/flows/{flowID}", {
      params: { path: { environmentID: ENV, flowID: "f" } },
    });
    expect(requests.map((r) => r.url)).toEqual([`https://auth.pingone.eu/${ENV}/flows/f`]);
    expect(requests[0]!.headers.get("authorization")).toBeNull();
  });

  it("refuses a call to an API path before anything is sent, naming auth", async () => {
    const { fetch, requests } = fakeFetch();
    const client = createPingOneClient({ region: "eu", fetch });
    const error = await client.GET(ATTRIBUTES, appParams).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneConfigError);
    expect(error).toMatchObject({ kind: "config", option: "auth", attempts: 0 });
    expect((error as Error).message).toMatch(
      /^auth: GET \/v1\/environments\/\S+ is an API path, and this client was created without auth/,
    );
    expect(requests).toHaveLength(0);
  });

  it("still calls an API path with credentials the caller sets on the call itself", async () => {
    const { fetch, requests } = fakeFetch();
    const client = createPingOneClient({ region: "eu", fetch });
    const { response } = await client.GET(ATTRIBUTES, {
      ...appParams,
      headers: { Authorization: "Bearer own" },
    });
    expect(response.status).toBe(200);
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer own");
  });
});
