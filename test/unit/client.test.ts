import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createPingOneClient,
  PINGONE_REGIONS,
  PingOneAuthError,
  PingOneConfigError,
  type PingOneClientOptions,
  type PingOneRegion,
} from "../../src/index.js";
import { fakeFetch, type FakeFetch } from "../support/fake-fetch.js";
import { APP, ATTRIBUTE, ATTRIBUTES, ENV, appParams } from "../support/scenario.js";
import { clientFor } from "../support/client.js";

describe("createPingOneClient", () => {
  it.each(Object.keys(PINGONE_REGIONS) as PingOneRegion[])(
    "sends requests to the %s region's API host",
    async (region) => {
      const { fetch, requests } = fakeFetch();
      const client = createPingOneClient({ region, accessToken: "t0k3n", fetch });
      await client.GET(ATTRIBUTES, appParams);
      expect(requests[0]!.url).toBe(
        `https://api.pingone.${region}/v1/environments/${ENV}/applications/${APP}/attributes`,
      );
    },
  );

  it("defaults to the North America region", async () => {
    const { fetch, requests } = fakeFetch();
    await createPingOneClient({ accessToken: "t", fetch }).GET(ATTRIBUTES, appParams);
    expect(new URL(requests[0]!.url).origin).toBe("https://api.pingone.com");
  });

  it("uses baseUrl instead of the region's host, without a doubled slash", async () => {
    const { fetch, requests } = fakeFetch();
    const client = createPingOneClient({ baseUrl: "http://127.0.0.1:4010/", accessToken: "t", fetch });
    await client.GET(ATTRIBUTES, appParams);
    expect(requests[0]!.url).toBe(`http://127.0.0.1:4010/environments/${ENV}/applications/${APP}/attributes`);
  });

  it.each<[string, PingOneClientOptions["accessToken"]]>([
    ["a string", "s3cret"],
    ["a function", () => "s3cret"],
    ["an async function", async () => "s3cret"],
  ])("sends the bearer token given as %s", async (_, accessToken) => {
    const { fetch, requests } = fakeFetch();
    await createPingOneClient({ accessToken, fetch }).GET(ATTRIBUTES, appParams);
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer s3cret");
  });

  it("asks a token function before every request, so a refreshed token is used", async () => {
    const { fetch, requests } = fakeFetch();
    let n = 0;
    const client = createPingOneClient({ accessToken: () => `token-${++n}`, fetch });
    await client.GET(ATTRIBUTES, appParams);
    await client.GET(ATTRIBUTES, appParams);
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("sends the configured default headers", async () => {
    const { fetch, requests } = fakeFetch();
    const client = createPingOneClient({
      accessToken: "t",
      fetch,
      headers: { "X-Ping-External-Transaction-ID": "job-42" },
    });
    await client.GET(ATTRIBUTES, appParams);
    expect(requests[0]!.headers.get("x-ping-external-transaction-id")).toBe("job-42");
  });

  it("returns PingOne's error body typed, without throwing", async () => {
    const p1error = { id: "e1", code: "NOT_FOUND", message: "Unable to find resource" };
    const { fetch } = fakeFetch(() => Response.json(p1error, { status: 404 }));
    const { data, error, response } = await createPingOneClient({ accessToken: "t", fetch }).GET(
      ATTRIBUTES,
      appParams,
    );
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual(p1error);
  });
});

describe("bad options get a PingOneConfigError naming the option", () => {
  it.each<[string, unknown, string]>([
    ["no options", undefined, "options"],
    ["an empty token", { accessToken: "  " }, "accessToken"],
    ["a token of the wrong type", { accessToken: 42 }, "accessToken"],
    ["an unknown region", { accessToken: "t", region: "us" }, "region"],
    ["a relative baseUrl", { accessToken: "t", baseUrl: "/v1" }, "baseUrl"],
    ["plain http to a remote host", { accessToken: "t", baseUrl: "http://api.pingone.com/v1" }, "baseUrl"],
    [
      "credentials in baseUrl",
      { accessToken: "t", baseUrl: "https://user:pw@api.pingone.com/v1" },
      "baseUrl",
    ],
    ["a query in baseUrl", { accessToken: "t", baseUrl: "https://api.pingone.com/v1?x=1" }, "baseUrl"],
    ["a fetch that is not a function", { accessToken: "t", fetch: "fetch" }, "fetch"],
    ["a timeout of zero", { accessToken: "t", timeoutMs: 0 }, "timeoutMs"],
    // Past 2^31 - 1 ms a timer fires at once: every request would time out immediately.
    ["a timeout longer than a timer can hold", { accessToken: "t", timeoutMs: 2 ** 31 }, "timeoutMs"],
    [
      "an overall deadline longer than a timer can hold",
      { accessToken: "t", totalTimeoutMs: 2 ** 32 },
      "totalTimeoutMs",
    ],
    ["a size limit of zero", { accessToken: "t", maxResponseBytes: 0 }, "maxResponseBytes"],
    ["a size limit in fractions of a byte", { accessToken: "t", maxResponseBytes: 1.5 }, "maxResponseBytes"],
    ...(["initialDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const).map((key): [string, object, string] => [
      `a retry.${key} longer than a timer can hold`,
      { accessToken: "t", retry: { [key]: 2 ** 31 } },
      `retry.${key}`,
    ]),
  ])("%s", (_, options, option) => {
    const create = () => createPingOneClient(options as PingOneClientOptions);
    expect(create).toThrow(PingOneConfigError);
    expect(create).toThrow(new RegExp(`^${option}: `));
  });

  it("a token that is not visible ASCII is refused as an option, without quoting it", () => {
    const create = () =>
      createPingOneClient({ baseUrl: "http://127.0.0.1:9", accessToken: "SECRET\u0000TOKEN" });
    expect(create).toThrow(PingOneConfigError);
    expect(() => create()).not.toThrow(/SECRET/);
  });

  it("allows plain http on loopback only", () => {
    for (const baseUrl of ["http://127.0.0.1:4010", "http://localhost:4010/v1", "http://[::1]:4010"]) {
      expect(() => createPingOneClient({ accessToken: "t", baseUrl })).not.toThrow();
    }
  });
});

describe("a token provider that fails stops the request before it is sent", () => {
  it.each<[string, PingOneClientOptions["accessToken"], RegExp]>([
    [
      "throws",
      () => {
        throw new Error("vault unreachable: password=hunter2");
      },
      /accessToken function failed \(Error\)/,
    ],
    [
      "rejects",
      async () => Promise.reject(new TypeError("boom hunter2")),
      /accessToken function failed \(TypeError\)/,
    ],
    ["returns an empty string", () => "", /non-empty string, got an empty string/],
    ["returns undefined", () => undefined as unknown as string, /non-empty string, got undefined/],
    ["returns 'Bearer <token>'", () => "Bearer abc", /without 'Bearer '/],
    ["returns a token that is not visible ASCII", () => "hunter2\u0000TOKEN", /must be visible ASCII/],
  ])("when it %s", async (_, accessToken, message) => {
    const { fetch, requests } = fakeFetch();
    const client = createPingOneClient({ accessToken, fetch });
    const call = client.GET(ATTRIBUTES, appParams);
    await expect(call).rejects.toThrow(PingOneAuthError);
    await expect(call).rejects.toThrow(message);
    await call.catch((error: Error) => {
      for (const shown of [error.message, inspect(error), JSON.stringify(error)])
        expect(shown).not.toContain("hunter2");
    });
    expect(requests).toHaveLength(0);
  });
});

describe("whatever a call throws is typed, names the part at fault, and quotes no value", () => {
  const SECRET = "s3cr3t-value";
  const path = (attributeMappingID: unknown) => ({
    params: { path: { environmentID: "e", applicationID: "a", attributeMappingID } },
  });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      "an object as a path parameter",
      () => client().DELETE(ATTRIBUTE, path({ id: SECRET }) as never),
      "params.path.attributeMappingID",
    ],
    [
      "an array as a path parameter",
      () => client().DELETE(ATTRIBUTE, path([SECRET]) as never),
      "params.path.attributeMappingID",
    ],
    [
      "a Date as a path parameter",
      () => client().DELETE(ATTRIBUTE, path(new Date()) as never),
      "params.path.attributeMappingID",
    ],
    [
      "a lone surrogate in a path parameter",
      () => client().GET(ATTRIBUTE, path(`${SECRET}\uD800`) as never),
      "params",
    ],
    [
      "a lone surrogate in a query value",
      () =>
        client().GET("/environments/{environmentID}/users", {
          params: { path: { environmentID: "e" }, query: { filter: `${SECRET}\uDC00` } },
        }),
      "params",
    ],
    [
      "a query object nested two levels deep",
      () =>
        client().GET("/environments/{environmentID}/users", {
          params: { path: { environmentID: "e" }, query: { filter: { deep: { er: SECRET } } } as never },
        }),
      "params.query",
    ],
    [
      "a line break in a header value",
      () =>
        client().GET(ATTRIBUTE, {
          ...path("m"),
          headers: { "X-Trace": `${SECRET}\r\nX-Injected: 1` },
        } as never),
      "headers",
    ],
  ])("%s", async (_, call, option) => {
    const failure = await call().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PingOneConfigError);
    expect(failure).toMatchObject({ option });
    expect(String((failure as Error).message)).not.toContain(SECRET);
    expect(inspect(failure)).not.toContain(SECRET);
    expect(fake.requests).toEqual([]); // nothing left the client
  });

  let fake: FakeFetch;
  function client() {
    fake = fakeFetch();
    return clientFor(fake, { retry: false });
  }

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

  it("an environment ID for the token URL is held to the rules of a path parameter", () => {
    for (const environmentID of ["..", ".", "env/../other", "env?x=1"]) {
      const create = () => createPingOneClient({ auth: { environmentID, clientId: "c", clientSecret: "s" } });
      expect(create, environmentID).toThrow(PingOneConfigError);
      expect(create, environmentID).toThrow(/^auth\.environmentID: /);
    }
  });
});
