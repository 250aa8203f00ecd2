/**
 * Each hop's headers are derived anew (src/transport.ts): credentials go only where they belong, and a redirect
 * that turns a request into a GET leaves its body and the headers that described it behind.
 */
import { describe, expect, it } from "vitest";
import { PingOneInvalidResponseError } from "../../src/index.js";
import { fakeFetch } from "../support/fake-fetch.js";
import { sendJson } from "../support/local-server.js";
import {
  ATTRIBUTES,
  ENV,
  appParams,
  attributesUrl,
  mapping,
  mappingInput,
  serve,
} from "../support/scenario.js";
import { FAKE_API as API, FAKE_AUTH as AUTH, TOKEN, call, clientFor } from "../support/client.js";

const BASIC = `Basic ${Buffer.from("app:secret").toString("base64")}`;

const redirect = (status: number, location: string) => new Response(null, { status, headers: { location } });
/** A mock or a proxy serving both hosts on one origin, whose API path redirects to the token path. */
function sharedOrigin(status: number) {
  const shared = "http://127.0.0.1:9";
  const fake = fakeFetch((request) =>
    request.url.includes("/attributes") ? redirect(status, `${shared}/${ENV}/as/token`) : tokenBody(),
  );
  const client = clientFor(fake, { baseUrl: shared, authBaseUrl: shared, retry: false });
  return { client, requests: fake.requests };
}

const tokenBody = () => Response.json({ access_token: "t", token_type: "Bearer", expires_in: 3600 });

describe("credentials on every hop", () => {
  it("a token request's own Basic credentials do not follow a redirect to another origin", async () => {
    const fake = fakeFetch((request) =>
      request.url.startsWith(AUTH) ? redirect(307, `${API}/environments/${ENV}/as-moved`) : tokenBody(),
    );
    const client = clientFor(fake, { retry: false });
    await client.POST("/{environmentID}/as/token", {
      params: { path: { environmentID: ENV } },
      headers: { Authorization: BASIC, "Content-Type": "application/x-www-form-urlencoded" },
      body: { grant_type: "client_credentials" },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
    });
    expect(fake.requests.map((r) => [r.url.split("?")[0], r.headers.get("authorization")])).toEqual([
      [`${AUTH}/${ENV}/as/token`, BASIC],
      [`${API}/environments/${ENV}/as-moved`, null], // neither Basic nor the API's bearer token
    ]);
  });

  it("the API's bearer token does not reach an authorization-server path through a redirect on a shared origin", async () => {
    const { client, requests } = sharedOrigin(302);
    await client.GET(ATTRIBUTES, appParams);
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual([`Bearer ${TOKEN}`, null]);
  });

  it("a 303 after a POST is followed by a GET without the body or the headers that described it", async () => {
    const fake = fakeFetch((request) =>
      request.method === "POST"
        ? redirect(303, `${API}/environments/${ENV}/applications/x/attributes/y`)
        : Response.json(mapping("email")),
    );
    await clientFor(fake, { retry: false }).POST(ATTRIBUTES, { ...appParams, body: mappingInput });
    const [post, get] = fake.requests;
    expect(post!.headers.get("content-type")).toBe("application/json");
    expect([get!.method, get!.headers.get("content-type"), get!.body]).toEqual(["GET", null, null]);
    expect(get!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`); // same origin: the API's token stays
  });

  it("a caller's Cookie stays on its origin too", async () => {
    const fake = fakeFetch((request) =>
      request.url.startsWith(AUTH)
        ? redirect(302, `${API}/environments/${ENV}/elsewhere`)
        : Response.json({}),
    );
    await clientFor(fake, { retry: false }).GET("/{environmentID}/flows/{flowID}", {
      params: { path: { environmentID: ENV, flowID: "9fcd0729-2020-5e0a-abda-192df2239d38" } },
      headers: { Cookie: "ST=session" },
    });
    expect(fake.requests.map((r) => r.headers.get("cookie"))).toEqual(["ST=session", null]);
  });
});

describe("redirects follow HTTP's method rules", () => {
  it("a 303 after a POST is followed with a GET and no body, on the wire", async () => {
    const server = await serve((request, response) =>
      request.method === "POST"
        ? response.writeHead(303, { location: `${attributesUrl}/created` }).end()
        : sendJson(response, 200, mapping("email")),
    );
    const { response } = await call(clientFor(server), "POST");
    expect(response.ok).toBe(true);
    expect(server.seen.map((r) => `${r.method} ${r.url} ${r.body.length}`)).toEqual([
      `POST ${attributesUrl} ${server.seen[0]!.body.length}`,
      `GET ${attributesUrl}/created 0`,
    ]);
    expect(server.seen[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("what a redirect can throw", () => {
  it("a Location that is not a URL is an invalid response, not a configuration error", async () => {
    const client = clientFor(
      fakeFetch(() => redirect(302, "http://[bad")),
      { retry: false },
    );
    const failure = await client.GET(ATTRIBUTES, appParams).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PingOneInvalidResponseError);
    expect((failure as Error).message).toMatch(/redirects to a Location that is not a URL/);
  });
});

describe("a caller's credentials on a shared origin", () => {
  it("stay off the authorization server's paths that a redirect leads to", async () => {
    const { client, requests } = sharedOrigin(307);
    await client.GET(ATTRIBUTES, { ...appParams, headers: { Authorization: BASIC, Cookie: "ST=session" } });
    expect(requests.map((r) => [r.headers.get("authorization"), r.headers.get("cookie")])).toEqual([
      [BASIC, "ST=session"],
      [null, null],
    ]);
  });
});
