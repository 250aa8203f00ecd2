/**
 * Where the bearer token may go, what is refused before anything is sent, and that no secret ever shows in
 * an error or a log line.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createPingOneClient,
  PingOneConfigError,
  PingOneSecurityError,
  unwrap,
  type PingOneClient,
  type PingOneClientOptions,
} from "../../src/index.js";
import {
  neverAnswer,
  resetConnection,
  sendJson,
  type Handler,
  type LocalServer,
} from "../support/local-server.js";
import {
  ATTRIBUTE,
  ATTRIBUTES,
  APP,
  ENV,
  MAPPING,
  appParams,
  attributesUrl,
  mappingInput,
  page,
  serve,
} from "../support/scenario.js";
import { FAST, TOKEN, clientFor, drain, fail, logLines, scripted } from "../support/client.js";
describe("the bearer token goes only to the configured API origin", () => {
  it.each<[string, (api: LocalServer, other: LocalServer) => string]>([
    ["another server", (_, other) => `${other.url}${attributesUrl}?cursor=2`],
    [
      "the same server under another host name",
      (api) => `${api.url.replace("127.0.0.1", "localhost")}${attributesUrl}?cursor=2`,
    ],
    ["the same host over https", (api) => `${api.url.replace("http:", "https:")}${attributesUrl}?cursor=2`],
  ])("a next-page link to %s is refused before anything is sent", async (_, nextLink) => {
    const other = await serve((request, response) => sendJson(response, 200, page(["stolen"])));
    const api = await serve((request, response) =>
      sendJson(response, 200, page(["email"], nextLink(api, other))),
    );
    const { items, error } = await drain(clientFor(api).paginate(ATTRIBUTES, appParams));
    expect(items.map((m) => m.name)).toEqual(["email"]); // the first page was read
    expect(error).toBeInstanceOf(PingOneSecurityError);
    expect(error).toMatchObject({ kind: "security", origin: new URL(nextLink(api, other)).origin });
    expect(api.seen).toHaveLength(1);
    expect(other.seen).toHaveLength(0);
  });

  it.each([301, 302, 303, 307, 308])(
    "a %i redirect to another origin is refused before anything is sent",
    async (status) => {
      const other = await serve((request, response) => sendJson(response, 200, page(["stolen"])));
      const api = await serve((request, response) =>
        response.writeHead(status, { location: `${other.url}${attributesUrl}` }).end(),
      );
      const error = await clientFor(api)
        .GET(ATTRIBUTES, appParams)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PingOneSecurityError);
      expect((error as Error).message).toContain(`refused to send a request to ${other.url}`);
      expect(api.seen).toHaveLength(1);
      expect(other.seen).toHaveLength(0);
    },
  );

  it("a redirect within the API origin is followed, with the token", async () => {
    const api = await serve((request, response) =>
      request.url.endsWith("/old")
        ? response.writeHead(307, { location: `${attributesUrl}` }).end()
        : sendJson(response, 201, { id: MAPPING, ...mappingInput }),
    );
    const post = clientFor(api).POST as unknown as (
      path: string,
      init: unknown,
    ) => Promise<{ response: Response }>;
    const { response } = await post(`${ATTRIBUTES}/old`, { ...appParams, body: mappingInput });
    expect(response.status).toBe(201);
    expect(api.seen.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([
      `POST ${attributesUrl}/old Bearer ${TOKEN}`,
      `POST ${attributesUrl} Bearer ${TOKEN}`,
    ]);
    expect(api.seen[1]!.body).toBe(api.seen[0]!.body);
  });

  it("a next-page link to the authorization server is refused too: only the client's own routing goes there", async () => {
    const auth = await serve((request, response) => sendJson(response, 200, page(["auth"])));
    const api = await serve((request, response) =>
      sendJson(response, 200, page(["email"], `${auth.url}${attributesUrl}?cursor=2`)),
    );
    const { items, error } = await drain(
      clientFor(api, { authBaseUrl: auth.url }).paginate(ATTRIBUTES, appParams),
    );
    expect(items).toHaveLength(1);
    expect(error).toBeInstanceOf(PingOneSecurityError);
    expect(api.seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(auth.seen).toHaveLength(0);
  });
});

describe("path parameters that are empty, '.' or '..' are rejected before any request", () => {
  const bad: [string, unknown][] = [
    ["..", ".."],
    [".", "."],
    ["empty", ""],
    ["blank", "  "],
    ["missing", undefined],
  ];

  it.each(bad)("%s", async (_, value) => {
    // With client credentials, so that not even the token request may go out.
    const auth = await serve((request, response) =>
      sendJson(response, 200, { access_token: "t", expires_in: 3600 }),
    );
    const api = await serve((request, response) => sendJson(response, 200, page([])));
    const client = clientFor(api, {
      accessToken: undefined,
      authBaseUrl: auth.url,
      auth: { environmentID: ENV, clientId: "c", clientSecret: "s" },
    });
    const path = { environmentID: ENV, applicationID: APP, attributeMappingID: value } as {
      environmentID: string;
      applicationID: string;
      attributeMappingID: string;
    };
    const calls: [string, () => Promise<unknown>][] = [
      ["GET", () => client.GET(ATTRIBUTE, { params: { path } })],
      ["PUT", () => client.PUT(ATTRIBUTE, { params: { path }, body: mappingInput })],
      ["DELETE", () => client.DELETE(ATTRIBUTE, { params: { path } })],
      [
        "POST",
        () =>
          client.POST(ATTRIBUTES, {
            params: { path: { environmentID: ENV, applicationID: path.attributeMappingID } },
            body: mappingInput,
          }),
      ],
      [
        "paginate",
        () =>
          drain(
            client.paginate(ATTRIBUTES, {
              params: { path: { environmentID: path.attributeMappingID, applicationID: APP } },
            }),
          ).then(({ error }) => {
            throw error;
          }),
      ],
    ];
    for (const [name, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(PingOneConfigError);
      expect((error as Error).message, name).toMatch(
        /^params\.path\.\w+: (must not be empty, "\." or "\.\."|is missing)/,
      );
    }
    expect(api.seen).toHaveLength(0);
    expect(auth.seen).toHaveLength(0);
  });

  it("other values are sent as one encoded path segment, never as a path", async () => {
    const api = await serve((request, response) => sendJson(response, 200, { id: MAPPING, ...mappingInput }));
    const client = clientFor(api);
    for (const id of ["../..", "%2e%2e", "a/../b", "..."]) {
      await client.GET(ATTRIBUTE, {
        params: { path: { environmentID: ENV, applicationID: APP, attributeMappingID: id } },
      });
    }
    expect(api.seen.map((r) => r.url.slice(attributesUrl.length))).toEqual([
      "/..%2F..",
      "/%252e%252e",
      "/a%2F..%2Fb",
      "/...",
    ]);
  });
});

describe("a base URL that is not https is refused unless it is loopback", () => {
  it.each([
    ["baseUrl", "http://api.pingone.com/v1"],
    ["baseUrl", "http://10.0.0.8:4010"],
    ["authBaseUrl", "http://auth.pingone.com"],
    ["authBaseUrl", "ftp://auth.pingone.com"],
  ])("%s %s", (option, url) => {
    const create = () => createPingOneClient({ accessToken: "t", [option]: url });
    expect(create).toThrow(PingOneConfigError);
    expect(create).toThrow(new RegExp(`^${option}: must use https`));
  });

  it.each([
    "http://127.0.0.1:4010",
    "http://localhost:4010",
    "http://[::1]:4010",
    "https://auth.example.com",
  ])("authBaseUrl %s is accepted", (authBaseUrl) => {
    expect(() => createPingOneClient({ accessToken: "t", authBaseUrl })).not.toThrow();
  });
});

describe("no secret in any error or log line", () => {
  const CLIENT_ID = "1e5f0a7b-8c3d-4e2f-9a1b-2c3d4e5f6a7b";
  const CLIENT_SECRET = "S3cr3t~client.secret_value-Qw8";

  /** A worker-credentials client of `api` and `auth` whose log lines are kept for the test to read. */
  function loggingClient(api: LocalServer, auth: LocalServer, options: Partial<PingOneClientOptions>) {
    const { lines, logger } = logLines();
    const client = clientFor(api, {
      authBaseUrl: auth.url,
      auth: { environmentID: ENV, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      logger,
      ...options,
    });
    return { client, lines };
  }

  const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64"); // nothing in either to encode
  const SECRETS = [TOKEN, CLIENT_SECRET, basic, `Basic ${basic}`, `Bearer ${TOKEN}`];

  /** Every way an error is commonly shown. */
  function shown(error: unknown): string[] {
    const e = error as Error;
    return [
      e.message,
      String(e),
      e.stack ?? "",
      JSON.stringify(e),
      inspect(e),
      inspect(e, { depth: Infinity, showHidden: true }),
    ];
  }

  type Scenario = (
    client: PingOneClient,
    servers: { api: LocalServer; auth: LocalServer },
  ) => Promise<unknown>;
  const list = (client: PingOneClient, init: object = {}) =>
    client.GET(ATTRIBUTES, { ...appParams, ...init });

  /** The servers' answers where they are not the defaults, and the client's options where it needs some. */
  type Setup = { api?: Handler; auth?: Handler; options?: Partial<PingOneClientOptions> };

  it.each<[string, Setup, Scenario, string]>([
    [
      "the token endpoint refuses the credentials",
      {
        auth: (request, response) =>
          sendJson(response, 401, {
            error: "invalid_client",
            error_description: "Invalid client credentials",
          }),
      },
      (client) => list(client),
      "PingOneAuthError",
    ],
    [
      "the token endpoint resets the connection",
      { auth: resetConnection },
      (client) => list(client),
      "PingOneAuthError",
    ],
    [
      "the API answers 401 twice",
      { api: fail(401) },
      async (client) => unwrap(await list(client)),
      "PingOneApiError",
    ],
    [
      "the API resets the connection on every attempt",
      { api: resetConnection },
      (client) => list(client),
      "PingOneConnectionError",
    ],
    [
      "the API never answers",
      { api: neverAnswer, options: { timeoutMs: 50, totalTimeoutMs: 200 } },
      (client) => list(client),
      "PingOneTimeoutError",
    ],
    [
      "the caller aborts",
      { api: neverAnswer },
      async (client, { api }) => {
        const controller = new AbortController();
        const pending = list(client, { signal: controller.signal });
        await api.arrived(1);
        controller.abort();
        return pending;
      },
      "PingOneAbortError",
    ],
    [
      "the API answers malformed JSON",
      {
        api: (request, response) => response.writeHead(200, { "content-type": "application/json" }).end("{"),
      },
      (client) => list(client),
      "PingOneInvalidResponseError",
    ],
    [
      "the API redirects elsewhere",
      { api: (request, response) => response.writeHead(302, { location: "http://127.0.0.2:9/steal" }).end() },
      (client) => list(client),
      "PingOneSecurityError",
    ],
    [
      "the API asks to wait too long",
      { api: fail({ status: 429, headers: { "retry-after": "3600" } }) },
      async (client) => unwrap(await list(client)),
      "PingOneApiError",
    ],
  ])("%s", async (_, setup, scenario, errorName) => {
    const auth = await serve(
      setup.auth ??
        ((request, response) =>
          sendJson(response, 200, { access_token: TOKEN, token_type: "Bearer", expires_in: 3600 })),
    );
    // Retry-able trouble first, so that the logger has something to say.
    const api = setup.api ? await serve(setup.api) : await scripted([503]);
    // The default timeouts (a loaded machine may answer slowly), short ones only where a timeout is the point.
    const { client, lines } = loggingClient(api, auth, setup.options ?? {});
    const error = await scenario(client, { api, auth }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error | undefined)?.name).toBe(errorName);
    // The secrets were in play: the token endpoint got the Basic header, the API (if reached) the token.
    expect(auth.seen[0]!.headers.authorization).toBe(`Basic ${basic}`);
    for (const request of api.seen) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    for (const text of [...shown(error), ...lines]) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });

  it("nor in the log lines of a call that retries and refreshes", async () => {
    let issued = 0;
    const auth = await serve((request, response) =>
      sendJson(response, 200, {
        access_token: `${TOKEN}-${++issued}`,
        token_type: "Bearer",
        expires_in: 3600,
      }),
    );
    const api = await scripted([401, { status: 429, headers: { "retry-after-ms": "10" } }, resetConnection]);
    const { client, lines } = loggingClient(api, auth, { retry: { ...FAST, maxRetries: 3 } });
    expect((await list(client)).response.ok).toBe(true);
    expect(lines).toHaveLength(3);
    for (const line of lines)
      for (const secret of [...SECRETS, TOKEN.slice(0, 20)]) expect(line).not.toContain(secret);
  });
});
