/**
 * Per-request overhead: the same GET of a PingOne collection, and the same POST of a new attribute mapping,
 * sequentially, through raw fetch, bare openapi-fetch and this client (client-credentials auth, retries and
 * per-attempt timeouts on), all six interleaved in small blocks in a rotating order so that drift in the
 * machine (GC, JIT, CPU frequency, other processes) hits them alike. What counts is the ratio within one run.
 */
import createClient from "openapi-fetch";
// The built client, as it ships (tsx would add its own helpers around every function of src/).
import { createPingOneClient } from "../dist/index.js";
import type { paths } from "../src/generated/openapi.js";
import {
  ACCESS_TOKEN,
  APPLICATION_ID,
  ATTRIBUTES_PATH,
  CLIENT_ID,
  CLIENT_SECRET,
  ENVIRONMENT_ID,
  type BenchServer,
} from "./server.js";
import { summarize, type Summary } from "./stats.js";

export interface OverheadOptions {
  /** Measured requests per contender. */
  requests: number;
  /** Unmeasured requests per contender first, interleaved the same way. */
  warmup: number;
  /** Requests per contender in one block of the interleaving. */
  block: number;
}

export type Method = "GET" | "POST";

/** Each method's goal: the client's median over bare openapi-fetch's, at most. */
export const GOALS: Record<Method, number> = { GET: 1.05, POST: 0.9 };

export interface MethodOverhead {
  method: Method;
  responseBytes: number;
  raw: Summary;
  openapiFetch: Summary;
  client: Summary;
  ratios: {
    clientOverOpenapiFetchMedian: number;
    clientOverRawMedian: number;
    openapiFetchOverRawMedian: number;
    clientOverOpenapiFetchP95: number;
  };
  goal: number;
  pass: boolean;
}

export interface OverheadResult {
  requestsPerContender: number;
  warmupPerContender: number;
  block: number;
  methods: MethodOverhead[];
  /** Token requests the client made, and API requests the server answered, during the section. */
  tokenRequests: number;
  apiRequests: number;
  heapUsedMB: { before: number; after: number };
  seconds: number;
  pass: boolean;
}

type Who = "raw" | "openapiFetch" | "client";
interface Contender {
  method: Method;
  who: Who;
  once: () => Promise<void>;
}

const CREATE = { name: "benchAttribute", value: "${user.email}", required: false };

export async function measureOverhead(
  server: BenchServer,
  options: OverheadOptions,
  progress: (line: string) => void,
): Promise<OverheadResult> {
  const contenders = contendersFor(server);
  const samples = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
  const runBlocks = async (perContender: number, record: boolean) => {
    const blocks = Math.ceil(perContender / options.block);
    for (let b = 0; b < blocks; b++) {
      const count = Math.min(options.block, perContender - b * options.block);
      for (let i = 0; i < contenders.length; i++) {
        const contender = contenders[(b + i) % contenders.length]!;
        const into = samples.get(contender)!;
        for (let r = 0; r < count; r++) {
          const start = performance.now();
          await contender.once();
          const elapsed = performance.now() - start;
          if (record) into.push(elapsed);
        }
      }
    }
  };

  const started = performance.now();
  server.resetCounters();
  progress(`overhead: warm-up, ${options.warmup} requests per contender (GET and POST, 3 contenders each)`);
  await runBlocks(options.warmup, false);
  const heapBefore = process.memoryUsage().heapUsed;
  progress(`overhead: measuring, ${options.requests} requests per contender, blocks of ${options.block}`);
  await runBlocks(options.requests, true);
  const heapAfter = process.memoryUsage().heapUsed;

  const methods = (["GET", "POST"] as const).map((method) =>
    summarizeMethod(method, (who) =>
      samples.get(contenders.find((c) => c.method === method && c.who === who)!)!,
    ),
  );
  for (const m of methods) m.responseBytes = await responseBytes(server, m.method);
  return {
    requestsPerContender: options.requests,
    warmupPerContender: options.warmup,
    block: options.block,
    methods,
    tokenRequests: server.counters.tokenRequests,
    apiRequests: server.counters.apiRequests,
    heapUsedMB: { before: heapBefore / 2 ** 20, after: heapAfter / 2 ** 20 },
    seconds: (performance.now() - started) / 1000,
    pass: methods.every((m) => m.pass),
  };
}

function summarizeMethod(method: Method, samplesOf: (who: Who) => number[]): MethodOverhead {
  const raw = summarize(samplesOf("raw"));
  const openapiFetch = summarize(samplesOf("openapiFetch"));
  const client = summarize(samplesOf("client"));
  const clientOverOpenapiFetchMedian = client.medianMs / openapiFetch.medianMs;
  return {
    method,
    responseBytes: 0,
    raw,
    openapiFetch,
    client,
    ratios: {
      clientOverOpenapiFetchMedian,
      clientOverRawMedian: client.medianMs / raw.medianMs,
      openapiFetchOverRawMedian: openapiFetch.medianMs / raw.medianMs,
      clientOverOpenapiFetchP95: client.p95Ms / openapiFetch.p95Ms,
    },
    goal: GOALS[method],
    pass: clientOverOpenapiFetchMedian <= GOALS[method],
  };
}

/** The six contenders: each fetches and parses the same body, and must see what the server sent. */
function contendersFor(server: BenchServer): Contender[] {
  const params = { path: { environmentID: ENVIRONMENT_ID, applicationID: APPLICATION_ID } };
  const headers = { Authorization: `Bearer ${ACCESS_TOKEN}`, Accept: "application/json" };
  const bare = createClient<paths>({ baseUrl: server.baseUrl, headers });
  const client = createPingOneClient({
    baseUrl: server.baseUrl,
    authBaseUrl: server.authBaseUrl,
    auth: { environmentID: ENVIRONMENT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    retry: { maxRetries: 2 },
  });
  const post = { method: "POST", headers: { ...headers, "Content-Type": "application/json" } };
  const check = (
    who: string,
    status: number,
    expected: number,
    body: unknown,
    ok: (body: never) => boolean,
  ) => {
    if (status !== expected || !ok(body as never))
      throw new Error(`${who}: status ${status}, unexpected body`);
  };
  const listed = (body: { count?: unknown }) => body?.count === 2;
  const made = (body: { id?: unknown }) => typeof body?.id === "string";
  return [
    {
      method: "GET",
      who: "raw",
      async once() {
        const response = await fetch(server.collectionUrl, { headers });
        check("raw fetch GET", response.status, 200, await response.json(), listed);
      },
    },
    {
      method: "GET",
      who: "openapiFetch",
      async once() {
        const { data, response } = await bare.GET(ATTRIBUTES_PATH, { params });
        check("openapi-fetch GET", response.status, 200, data, listed);
      },
    },
    {
      method: "GET",
      who: "client",
      async once() {
        const { data, response } = await client.GET(ATTRIBUTES_PATH, { params });
        check("client GET", response.status, 200, data, listed);
      },
    },
    {
      method: "POST",
      who: "raw",
      async once() {
        const response = await fetch(server.collectionUrl, { ...post, body: JSON.stringify(CREATE) });
        check("raw fetch POST", response.status, 201, await response.json(), made);
      },
    },
    {
      method: "POST",
      who: "openapiFetch",
      async once() {
        const { data, response } = await bare.POST(ATTRIBUTES_PATH, { params, body: CREATE });
        check("openapi-fetch POST", response.status, 201, data, made);
      },
    },
    {
      method: "POST",
      who: "client",
      async once() {
        const { data, response } = await client.POST(ATTRIBUTES_PATH, { params, body: CREATE });
        check("client POST", response.status, 201, data, made);
      },
    },
  ];
}

async function responseBytes(server: BenchServer, method: Method): Promise<number> {
  const response = await fetch(server.collectionUrl, {
    method,
    headers: { Authorization: `Bearer ${ACCESS_TOKEN}`, "Content-Type": "application/json" },
    ...(method === "POST" ? { body: JSON.stringify(CREATE) } : {}),
  });
  return (await response.arrayBuffer()).byteLength;
}
