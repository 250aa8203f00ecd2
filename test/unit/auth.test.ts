/**
 * Client-credentials tokens: where they are fetched, caching, early refresh, single-flight, and the one
 * refresh after a 401. A local authorization server and a local API server record every request.
 */
import { describe, expect, it } from "vitest";
import { clientCredentialsTokens } from "../../src/auth.js";
import { retryPolicy } from "../../src/options.js";
import {
  createPingOneClient,
  PingOneAbortError,
  PingOneApiError,
  PingOneAuthError,
  PingOneTimeoutError,
  unwrap,
  type PingOneClient,
} from "../../src/index.js";
import { fakeFetch, hangUntilAborted } from "../support/fake-fetch.js";
import {
  gaps,
  neverAnswer,
  resetConnection,
  sendJson,
  type Handler,
  type LocalServer,
  type Seen,
} from "../support/local-server.js";
import {
  ATTRIBUTES,
  ENV,
  appParams,
  attributesUrl,
  delay,
  p1Error,
  page,
  serve,
} from "../support/scenario.js";
import { clientFor, fail, inOrder, scripted, when, type Failure } from "../support/client.js";

const CLIENT_ID = "6f3c2a3e-1b1f-4f0b-9a53-5c2f0b7f4c11";
const CLIENT_SECRET = "Zx9~worker.secret-4Lq";
/** RFC 6749, section 2.3.1: each encoded (unreserved characters such as `~` stay), then joined for Basic. */
const BASIC = `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString("base64")}`;
const credentials = { environmentID: ENV, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

/**
 * An authorization server handing out `token-1`, `token-2` ... each valid for `expiresIn` seconds and sent
 * `delayMs` late, after answering its first requests with the `failures` given.
 */
function authServer(
  options: { expiresIn?: number; delayMs?: number; failures?: (Failure | Handler)[] } = {},
) {
  let issued = 0;
  const issue: Handler = (request, response) =>
    sendJson(response, 200, {
      access_token: `token-${++issued}`,
      token_type: "Bearer",
      expires_in: options.expiresIn ?? 3600,
    });
  return scripted(
    options.failures ?? [],
    options.delayMs ? when(() => delay(options.delayMs!), issue) : issue,
  );
}

/** An API server that accepts the tokens in `valid` (all by default) and answers 401 to any other. */
async function apiServer(valid: (token: string) => boolean = () => true) {
  return serve((request, response) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!token || !valid(token))
      return sendJson(response, 401, p1Error("ACCESS_FAILED", "The access token is invalid"));
    sendJson(response, 200, page(["email"]));
  });
}

/** The options of a client that gets its tokens from `auth` with the worker's credentials. */
const worker = (auth: LocalServer) => ({ authBaseUrl: auth.url, auth: credentials });

const bearer = (seen: Seen[]) => seen.map((r) => r.headers.authorization);
const list = (client: PingOneClient, init: { signal?: AbortSignal } = {}) =>
  client.GET(ATTRIBUTES, { ...appParams, ...init });

/** One token request per token: the retries of the token request have tests of their own. */
const ONCE = retryPolicy(false);

/** Client-credentials tokens from `auth`, on a clock the test moves by hand. */
function tokensOnClock(auth: { url: string }, now: () => number) {
  return clientCredentialsTokens({
    ...credentials,
    authBaseUrl: auth.url,
    fetch,
    timeoutMs: 5000,
    retry: ONCE,
    now,
  });
}

describe("the token request", () => {
  it("goes to https://auth.pingone.{tld}/{environmentID}/as/token of the region", async () => {
    const { fetch, requests } = fakeFetch((request) =>
      request.url.includes("/as/token")
        ? Response.json({ access_token: "t0k3n", token_type: "Bearer", expires_in: 3600 })
        : Response.json(page([])),
    );
    await createPingOneClient({ region: "eu", auth: credentials, fetch }).GET(ATTRIBUTES, appParams);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST https://auth.pingone.eu/${ENV}/as/token`,
      `GET https://api.pingone.eu/v1${attributesUrl}`,
    ]);
    expect(requests[1]!.headers.get("authorization")).toBe("Bearer t0k3n");
  });

  it("is a client-credentials grant with the worker's Basic credentials, sent to authBaseUrl", async () => {
    const auth = await authServer();
    const api = await apiServer();
    const { response } = await list(clientFor(api, worker(auth)));
    expect(response.ok).toBe(true);
    expect(auth.seen).toHaveLength(1);
    const [tokenRequest] = auth.seen;
    expect(tokenRequest).toMatchObject({
      method: "POST",
      url: `/${ENV}/as/token`,
      body: "grant_type=client_credentials",
    });
    expect(tokenRequest!.headers).toMatchObject({
      authorization: BASIC,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    });
    // Each credential goes only where it belongs.
    expect(bearer(api.seen)).toEqual(["Bearer token-1"]);
  });

  it("failing is a PingOneAuthError with the OAuth error, and nothing reaches the API", async () => {
    const auth = await serve(
      fail({
        status: 401,
        body: { error: "invalid_client", error_description: "Invalid client credentials" },
      }),
    );
    const api = await apiServer();
    const error = await list(clientFor(api, worker(auth))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneAuthError);
    expect(error).toMatchObject({ kind: "auth", status: 401, oauthError: "invalid_client" });
    expect((error as Error).message).toBe(
      "token request failed: 401 invalid_client: Invalid client credentials",
    );
    expect(auth.seen).toHaveLength(1);
    expect(api.seen).toHaveLength(0);
  });

  it("failing once is not cached: the next call asks again", async () => {
    const auth = await authServer({
      failures: [{ status: 503, body: { error: "temporarily_unavailable" } }],
    });
    const api = await apiServer();
    const client = clientFor(api, { ...worker(auth), retry: false });
    await expect(list(client)).rejects.toBeInstanceOf(PingOneAuthError);
    expect((await list(client)).response.ok).toBe(true);
    expect(auth.seen).toHaveLength(2);
    expect(bearer(api.seen)).toEqual(["Bearer token-1"]);
  });
});

describe("the token request, sent again", () => {
  const unavailable = { status: 503, body: { error: "temporarily_unavailable" } };

  it.each<[string, Failure | Handler]>([
    ["a 503", unavailable],
    ["a 429", { status: 429, body: { error: "slow_down" } }],
    ["a lost connection", resetConnection],
  ])("after %s, and the call goes through", async (_, failure) => {
    const auth = await authServer({ failures: [failure] });
    const api = await apiServer();
    const { response } = await list(clientFor(api, worker(auth)));
    expect(response.ok).toBe(true);
    expect(auth.seen).toHaveLength(2);
    expect(bearer(api.seen)).toEqual(["Bearer token-1"]);
  });

  it("waits as long as Retry-After says", async () => {
    const auth = await authServer({
      failures: [{ status: 503, headers: { "retry-after-ms": "300" }, body: unavailable.body }],
    });
    const { response } = await list(clientFor(await apiServer(), worker(auth)));
    expect(response.ok).toBe(true);
    expect(gaps(auth.seen)[0]).toBeGreaterThanOrEqual(290); // FAST would have waited 20 ms
  });

  it("up to maxRetries times; then the last failure is the call's error, and nothing reaches the API", async () => {
    const auth = await authServer({ failures: [unavailable, unavailable, unavailable] });
    const api = await apiServer();
    const error = await list(clientFor(api, worker(auth))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneAuthError);
    expect(error).toMatchObject({ status: 503, oauthError: "temporarily_unavailable" });
    expect(auth.seen).toHaveLength(3); // maxRetries 2
    expect(api.seen).toHaveLength(0);
  });

  it("not after a refusal, nor past maxRetryAfterMs", async () => {
    for (const failure of [
      { status: 401, body: { error: "invalid_client" } },
      { status: 503, headers: { "retry-after": "3600" }, body: unavailable.body },
    ]) {
      const auth = await authServer({ failures: [failure] });
      const error = await list(clientFor(await apiServer(), worker(auth))).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "auth", status: failure.status });
      expect(auth.seen).toHaveLength(1);
    }
  });
});

describe("the token", () => {
  it("is cached: many calls, one token request", async () => {
    const auth = await authServer();
    const api = await apiServer();
    const client = clientFor(api, worker(auth));
    for (let i = 0; i < 5; i++) await list(client);
    expect(auth.seen).toHaveLength(1);
    expect(bearer(api.seen)).toEqual(Array(5).fill("Bearer token-1"));
  });

  it("is refreshed 60 s before it expires, not after", async () => {
    const auth = await authServer({ expiresIn: 3600 });
    let clock = 1_000_000;
    const tokens = tokensOnClock(auth, () => clock);
    expect(await tokens.token()).toBe("token-1");
    clock += 3_539_999;
    expect(await tokens.token()).toBe("token-1");
    expect(auth.seen).toHaveLength(1);
    clock += 1; // 60 s before expiry
    expect(await tokens.token()).toBe("token-2");
    expect(auth.seen).toHaveLength(2);
  });

  it("that lives shorter than the refresh margin is refreshed at half its life", async () => {
    const auth = await authServer({ expiresIn: 100 });
    let clock = 0;
    const tokens = tokensOnClock(auth, () => clock);
    await tokens.token();
    clock = 49_999;
    expect(await tokens.token()).toBe("token-1");
    clock = 50_000;
    expect(await tokens.token()).toBe("token-2");
  });

  it("is refreshed by the client once it is due, without a 401 first", async () => {
    const auth = await authServer({ expiresIn: 0.1 }); // due for refresh after 50 ms
    const api = await apiServer();
    const client = clientFor(api, worker(auth));
    await list(client);
    await delay(60);
    await list(client);
    expect(auth.seen).toHaveLength(2);
    expect(bearer(api.seen)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });
});

describe("single-flight", () => {
  it("50 concurrent calls with no token make exactly one token request", async () => {
    const auth = await authServer({ delayMs: 30 }); // late, so that every call is waiting for the token
    const api = await apiServer();
    const client = clientFor(api, worker(auth));
    const results = await Promise.all(Array.from({ length: 50 }, () => list(client)));
    expect(results.every((r) => r.response.ok)).toBe(true);
    expect(auth.seen).toHaveLength(1);
    expect(api.seen).toHaveLength(50);
    expect(new Set(bearer(api.seen))).toEqual(new Set(["Bearer token-1"]));
  });

  it("50 concurrent calls while the token is being refreshed make exactly one more token request", async () => {
    const auth = await authServer({ expiresIn: 0.1, delayMs: 30 });
    const api = await apiServer();
    const client = clientFor(api, worker(auth));
    await list(client);
    await delay(60); // token-1 is due for refresh
    const results = await Promise.all(Array.from({ length: 50 }, () => list(client)));
    expect(results.every((r) => r.response.ok)).toBe(true);
    expect(auth.seen).toHaveLength(2);
    expect(bearer(api.seen.slice(1))).toEqual(Array(50).fill("Bearer token-2"));
  });

  it("50 concurrent calls that all meet a 401 with the same stale token refresh it once", async () => {
    let revoked = false;
    const auth = await authServer();
    const api = await apiServer((token) => !(revoked && token === "token-1"));
    const client = clientFor(api, worker(auth));
    await list(client);
    revoked = true;
    const results = await Promise.all(Array.from({ length: 50 }, () => list(client)));
    expect(results.every((r) => r.response.ok)).toBe(true);
    expect(auth.seen).toHaveLength(2);
    expect(bearer(api.seen.slice(1)).sort()).toEqual([
      ...Array(50).fill("Bearer token-1"),
      ...Array(50).fill("Bearer token-2"),
    ]);
  });
});

describe("a 401", () => {
  it("refreshes the token once and retries once", async () => {
    const auth = await authServer();
    const api = await apiServer((token) => token !== "token-1"); // token-1 was revoked
    const { data, response } = await list(clientFor(api, worker(auth)));
    expect(response.status).toBe(200);
    expect(data).toEqual(page(["email"]));
    expect(auth.seen).toHaveLength(2);
    expect(bearer(api.seen)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("a second 401 surfaces as an error: no further refresh, no further attempt", async () => {
    const auth = await authServer();
    const api = await apiServer(() => false);
    const result = await list(clientFor(api, worker(auth)));
    expect(result.response.status).toBe(401);
    expect(result.error).toMatchObject({ code: "ACCESS_FAILED" });
    expect(() => unwrap(result)).toThrow(PingOneApiError);
    expect(() => unwrap(result)).toThrow(
      `GET ${attributesUrl} failed: 401 ACCESS_FAILED: The access token is invalid`,
    );
    expect(auth.seen).toHaveLength(2);
    expect(bearer(api.seen)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("with an accessToken function asks the function again", async () => {
    const api = await apiServer((token) => token !== "from-vault-1");
    let n = 0;
    const client = clientFor(api, { accessToken: async () => `from-vault-${++n}` });
    expect((await list(client)).response.ok).toBe(true);
    expect(bearer(api.seen)).toEqual(["Bearer from-vault-1", "Bearer from-vault-2"]);
  });

  it("with a fixed accessToken is retried once, then surfaces", async () => {
    const api = await apiServer(() => false);
    const client = clientFor(api, { accessToken: "fixed-token" });
    const { response } = await list(client);
    expect(response.status).toBe(401);
    expect(api.seen).toHaveLength(2);
  });
});

describe("waiting for a token", () => {
  it("ends at once when the caller aborts, and nothing reaches the API", async () => {
    const auth = await serve(neverAnswer);
    const api = await apiServer();
    const controller = new AbortController();
    const pending = list(clientFor(api, { ...worker(auth), timeoutMs: 60_000 }), {
      signal: controller.signal,
    });
    await auth.arrived(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(PingOneAbortError);
    expect(api.seen).toHaveLength(0);
  });

  it("counts against the overall deadline", async () => {
    const auth = await serve(neverAnswer);
    const api = await apiServer();
    const started = Date.now();
    const error = await list(
      clientFor(api, { ...worker(auth), timeoutMs: 60_000, totalTimeoutMs: 150 }),
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150 - 2);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ scope: "total" });
    expect(api.seen).toHaveLength(0);
  });
});

describe("the token request, held to RFC 6749", () => {
  const sourceWith = (answer: (request: Request) => Response | Promise<Response>, secret = CLIENT_SECRET) => {
    const fake = fakeFetch(answer);
    const tokens = clientCredentialsTokens({
      environmentID: ENV,
      clientId: "app:one",
      clientSecret: secret,
      authBaseUrl: "https://auth.pingone.eu",
      fetch: fake.fetch,
      timeoutMs: 60_000,
      retry: ONCE,
    });
    return { tokens, requests: fake.requests };
  };
  const issued = (fields: Record<string, unknown>) => () => Response.json({ expires_in: 3600, ...fields });

  it("encodes the client ID and secret before joining them for Basic (section 2.3.1), unreserved characters as they are", async () => {
    const { tokens, requests } = sourceWith(
      issued({ access_token: "t", token_type: "Bearer" }),
      "p@ss word+~",
    );
    await tokens.token();
    const sent = requests[0]!.headers.get("authorization")!;
    expect(Buffer.from(sent.replace(/^Basic /, ""), "base64").toString()).toBe("app%3Aone:p%40ss%20word%2B~");
  });

  it("refuses a token that is not a bearer token", async () => {
    const { tokens } = sourceWith(issued({ access_token: "t", token_type: "mac" }));
    await expect(tokens.token()).rejects.toThrow(
      new PingOneAuthError({ message: "the token endpoint issued a token of type mac, not Bearer" }),
    );
  });

  it("takes the token type in any case, as RFC 6749 says it is", async () => {
    const { tokens } = sourceWith(issued({ access_token: "t", token_type: "bearer" }));
    await expect(tokens.token()).resolves.toBe("t");
  });

  it("never quotes the secret that a server echoes in its error", async () => {
    const { tokens } = sourceWith(() =>
      Response.json(
        { error: "invalid_client", error_description: `unknown secret ${CLIENT_SECRET}` },
        { status: 401 },
      ),
    );
    const failure = await tokens.token().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PingOneAuthError);
    expect((failure as Error).message).toBe(
      "token request failed: 401 invalid_client: unknown secret [redacted]",
    );
  });

  it("cancels the token request once every caller waiting for it has given up", async () => {
    let seenSignal: AbortSignal | undefined;
    const { tokens } = sourceWith((request) => {
      seenSignal = request.signal;
      return hangUntilAborted(request);
    });
    const [first, second] = [new AbortController(), new AbortController()];
    const waits = [tokens.token(first.signal), tokens.token(second.signal)].map((p) =>
      p.catch((e: unknown) => e),
    );
    await delay(1); // the request is under way
    first.abort(new Error("first gave up"));
    expect(seenSignal!.aborted).toBe(false); // the second still waits
    second.abort(new Error("second gave up"));
    expect(seenSignal!.aborted).toBe(true);
    expect((await Promise.all(waits)).map((e) => (e as Error).message)).toEqual([
      "first gave up",
      "second gave up",
    ]);
  });

  it("starts a new token request for a caller that comes after the last one gave up", async () => {
    const { tokens, requests } = sourceWith(
      inOrder([hangUntilAborted], async () =>
        Response.json({ access_token: "fresh", token_type: "Bearer", expires_in: 3600 }),
      ),
    );
    const gaveUp = new AbortController();
    const first = tokens.token(gaveUp.signal).catch((e: unknown) => e);
    gaveUp.abort(new Error("gave up"));
    await expect(tokens.token(new AbortController().signal)).resolves.toBe("fresh");
    expect(requests).toHaveLength(2);
    expect(await first).toMatchObject({ message: "gave up" });
  });
});
