/**
 * The local PingOne stand-in for the benchmark: node:http on 127.0.0.1 and a free port, serving the token
 * endpoint and the application-attribute-mapping collection, with an optional rate limiter on the API.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bundledSpec } from "../scripts/lib/spec-model.js";

export const ENVIRONMENT_ID = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
export const APPLICATION_ID = "fe36bb1a-3983-4d6c-af02-e7d50b0ab99a";
export const CLIENT_ID = "bench-worker-client";
export const CLIENT_SECRET = "bench-worker-secret";
export const ACCESS_TOKEN = "bench.access.token";

export const ATTRIBUTES_PATH = "/environments/{environmentID}/applications/{applicationID}/attributes";
const API_PREFIX = "/v1";
const ATTRIBUTES_URL = `${API_PREFIX}/environments/${ENVIRONMENT_ID}/applications/${APPLICATION_ID}/attributes`;
const TOKEN_URL = `/${ENVIRONMENT_ID}/as/token`;
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`;

const root = new URL("../", import.meta.url);

/** PingOne's own examples, from the spec and the seeds the tests use. */
export function loadFixtures(): { collection: string; createRequest: unknown; createResponse: unknown } {
  const spec = bundledSpec();
  const collection = spec.components.examples.ApplicationAttributeMappingCollectionExample?.value;
  if (!collection) throw new Error("ApplicationAttributeMappingCollectionExample is missing from the spec");
  const seed = (name: string) =>
    JSON.parse(readFileSync(new URL(`test/fixtures/seeds/${name}`, root), "utf8")) as unknown;
  return {
    collection: JSON.stringify(collection),
    createRequest: seed("applicationAttributeMapping.email.request.json"),
    createResponse: seed("applicationAttributeMapping.email.201.json"),
  };
}

/** Decides, for each API request that reaches the server, whether it is within the limit. */
export interface Limiter {
  readonly description: string;
  /** `undefined`: allowed. A number: refused, retry after that many ms. */
  admit(now: number): number | undefined;
}

export interface Counters {
  tokenRequests: number;
  apiRequests: number;
  ok: number;
  created: number;
  limited: number;
  rejected: number;
  /** performance.now() of the first 429 and of the last 2xx. */
  firstLimitedAt: number | undefined;
  lastOkAt: number | undefined;
  /** 2xx answers sent after the first 429. */
  okAfterFirstLimited: number;
}

export interface BenchServer {
  /** The API base URL, as the client is given it: `{origin}/v1`. */
  baseUrl: string;
  /** The authorization server's base URL: the token endpoint is `{authBaseUrl}/{environmentID}/as/token`. */
  authBaseUrl: string;
  /** The collection URL, for raw fetch. */
  collectionUrl: string;
  counters: Counters;
  setLimiter(limiter: Limiter | undefined): void;
  resetCounters(): void;
  close(): Promise<void>;
}

function freshCounters(): Counters {
  return {
    tokenRequests: 0,
    apiRequests: 0,
    ok: 0,
    created: 0,
    limited: 0,
    rejected: 0,
    firstLimitedAt: undefined,
    lastOkAt: undefined,
    okAfterFirstLimited: 0,
  };
}

export async function startBenchServer(): Promise<BenchServer> {
  const fixtures = loadFixtures();
  const collection = Buffer.from(fixtures.collection);
  const createdBase = fixtures.createResponse as Record<string, unknown>;
  let counters = freshCounters();
  let limiter: Limiter | undefined;
  let nextId = 0;

  const send = (response: ServerResponse, status: number, body: string | Buffer, extra = {}) => {
    response
      .writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        ...extra,
      })
      .end(body);
  };
  const error = (response: ServerResponse, status: number, code: string, message: string, extra = {}) => {
    counters.rejected += status === 429 ? 0 : 1;
    send(response, status, JSON.stringify({ id: `bench-${status}`, code, message }), extra);
  };

  const handle = (request: IncomingMessage, body: string, response: ServerResponse) => {
    const url = request.url ?? "";
    if (url === TOKEN_URL && request.method === "POST") {
      counters.tokenRequests++;
      if (request.headers.authorization !== BASIC || body !== "grant_type=client_credentials") {
        send(response, 401, JSON.stringify({ error: "invalid_client" }));
        return;
      }
      send(
        response,
        200,
        JSON.stringify({ access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 }),
      );
      return;
    }
    if (url !== ATTRIBUTES_URL) return error(response, 404, "NOT_FOUND", `no route for ${url}`);
    counters.apiRequests++;
    if (request.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
      return error(response, 401, "ACCESS_FAILED", "The request could not be completed. Unauthorized.");
    }
    const now = performance.now();
    const waitMs = limiter?.admit(now);
    if (waitMs !== undefined) {
      counters.limited++;
      counters.firstLimitedAt ??= now;
      return error(
        response,
        429,
        "REQUEST_LIMITED",
        "The request could not be completed. Too many requests.",
        {
          "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))),
          "retry-after-ms": String(Math.max(1, Math.ceil(waitMs))),
        },
      );
    }
    const ok = (status: number, payload: string | Buffer) => {
      counters.ok++;
      counters.lastOkAt = performance.now();
      if (counters.firstLimitedAt !== undefined) counters.okAfterFirstLimited++;
      send(response, status, payload);
    };
    if (request.method === "GET") return ok(200, collection);
    if (request.method === "POST") {
      let mapping: Record<string, unknown>;
      try {
        mapping = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return error(response, 400, "INVALID_DATA", "The request body is not JSON.");
      }
      if (typeof mapping.name !== "string" || typeof mapping.value !== "string") {
        return error(response, 400, "INVALID_DATA", "name and value are required.");
      }
      counters.created++;
      const id = `00000000-0000-4000-8000-${String(++nextId).padStart(12, "0")}`;
      return ok(201, JSON.stringify({ ...createdBase, ...mapping, id }));
    }
    return error(response, 405, "METHOD_NOT_ALLOWED", `${request.method} is not allowed here`);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handle(request, Buffer.concat(chunks).toString("utf8"), response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: `${origin}${API_PREFIX}`,
    authBaseUrl: origin,
    collectionUrl: `${origin}${ATTRIBUTES_URL}`,
    get counters() {
      return counters;
    },
    setLimiter(next) {
      limiter = next;
    },
    resetCounters() {
      counters = freshCounters();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((failure) => (failure ? reject(failure) : resolve()));
      }),
  };
}

/** At most `perSecond` requests in each 1 s window; the first window opens at the first request. */
export function fixedWindow(perSecond: number): Limiter {
  let start: number | undefined;
  let window = -1;
  let used = 0;
  return {
    description: `fixed 1 s window, ${perSecond} req/s`,
    admit(now) {
      start ??= now;
      const current = Math.floor((now - start) / 1000);
      if (current !== window) {
        window = current;
        used = 0;
      }
      if (used < perSecond) {
        used++;
        return undefined;
      }
      return start + (current + 1) * 1000 - now;
    },
  };
}

/** A token bucket: `perSecond` tokens a second, holding at most `burst`, full at the start. */
export function tokenBucket(perSecond: number, burst: number): Limiter {
  let tokens = burst;
  let last: number | undefined;
  return {
    description: `token bucket, ${perSecond} req/s, burst ${burst}`,
    admit(now) {
      tokens = Math.min(burst, tokens + ((now - (last ?? now)) * perSecond) / 1000);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return undefined;
      }
      return ((1 - tokens) * 1000) / perSecond;
    },
  };
}
