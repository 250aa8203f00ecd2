/**
 * Each hop's headers are derived anew (src/transport.ts): credentials go only where they belong, and a redirect
 * that turns a request into a GET leaves its body and the headers that described it behind.
 */
import { describe, expect, it } from "vitest";
import { PingOneInvalidResponseError } from "../../src/index.js";
import { fakeFetch } from "../support/fake-fetch.js";
import {
  ATTRIBUTE,
  ATTRIBUTES,
  ENV,
  appParams,
  mapping,
  mappingInput,
  mappingParams,
} from "../support/scenario.js";
import { TOKEN, clientFor, drain, inOrder } from "../support/client.js";

// The hosts of the region a client of a fake fetch is in.
const API = "https://api.pingone.eu/v1";
const AUTH = "https://auth.pingone.eu";
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

describe("a logger that throws", () => {
  it("loses its line and changes nothing else", async () => {
    const fake = fakeFetch(
      inOrder([() => new Response(null, { status: 503 })], () => Response.json(mapping("email"))),
    );
    const client = clientFor(fake, {
      retry: { initialDelayMs: 1 },
      logger: {
        debug: () => {
          throw new Error("the log is full");
        },
      },
    });
    const { data, response } = await client.GET(ATTRIBUTE, mappingParams);
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ name: "email" });
  });
});

describe("what a redirect or a middleware can throw", () => {
  it("a Location that is not a URL is an invalid response, not a configuration error", async () => {
    const client = clientFor(
      fakeFetch(() => redirect(302, "http://[bad")),
      { retry: false },
    );
    const failure = await client.GET(ATTRIBUTES, appParams).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PingOneInvalidResponseError);
    expect((failure as Error).message).toMatch(/redirects to a Location that is not a URL/);
  });

  it("an error the caller's own middleware throws reaches the caller unchanged", async () => {
    class AuditRefused extends Error {}
    const client = clientFor(fakeFetch());
    client.use({
      onRequest() {
        throw new AuditRefused("audit log unavailable");
      },
    });
    await expect(client.GET(ATTRIBUTES, appParams)).rejects.toBeInstanceOf(AuditRefused);
  });

  it("a next page whose link carries braces in its query is read like any other", async () => {
    const next = `${API}/environments/${ENV}/users?filter=name.family%20eq%20%22{x}%22&cursor=c2`; // braces kept as sent
    const fake = fakeFetch((request) =>
      Response.json({
        _links: {
          self: { href: request.url },
          ...(request.url.includes("cursor") ? {} : { next: { href: next } }),
        },
        _embedded: { users: [{ id: ENV, username: request.url.includes("cursor") ? "b" : "a" }] },
      }),
    );
    const { items, error } = await drain(
      clientFor(fake).paginate("/environments/{environmentID}/users", {
        params: { path: { environmentID: ENV } },
      }),
    );
    expect(error).toBeUndefined();
    expect(items.map((user) => user.username)).toEqual(["a", "b"]);
    expect(fake.requests[1]!.url).toBe(next);
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
