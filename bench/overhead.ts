/**
 * Per-request overhead: the same GET of a PingOne collection, sequentially, through raw fetch, bare
 * openapi-fetch and this client (client-credentials auth and retries on), interleaved in small blocks in a
 * rotating order so that drift in the machine (GC, JIT, CPU frequency, the other core) hits all three alike.
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

export interface OverheadResult {
  requestsPerContender: number;
  warmupPerContender: number;
  block: number;
  responseBytes: number;
  raw: Summary;
  openapiFetch: Summary;
  client: Summary;
  ratios: {
    clientOverRawMedian: number;
    clientOverOpenapiFetchMedian: number;
    openapiFetchOverRawMedian: number;
    clientOverRawP95: number;
    clientOverOpenapiFetchP95: number;
  };
  /** Token requests the client made, and API requests the server answered, during the section. */
  tokenRequests: number;
  apiRequests: number;
  heapUsedMB: { before: number; after: number };
  seconds: number;
  target: number;
  pass: boolean;
}

type Contender = { name: "raw" | "openapiFetch" | "client"; once: () => Promise<void> };

export async function measureOverhead(
  server: BenchServer,
  options: OverheadOptions,
  progress: (line: string) => void,
): Promise<OverheadResult> {
  const params = { path: { environmentID: ENVIRONMENT_ID, applicationID: APPLICATION_ID } };
  const headers = { Authorization: `Bearer ${ACCESS_TOKEN}`, Accept: "application/json" };
  const bare = createClient<paths>({ baseUrl: server.baseUrl, headers });
  const client = createPingOneClient({
    baseUrl: server.baseUrl,
    authBaseUrl: server.authBaseUrl,
    auth: { environmentID: ENVIRONMENT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    retry: { maxRetries: 2 },
  });

  // Every contender fetches and parses the same body, and must see the same collection.
  const expectCount = (body: unknown, who: string) => {
    if ((body as { count?: unknown } | undefined)?.count !== 2) throw new Error(`${who}: unexpected body`);
  };
  let responseBytes = 0;
  const contenders: Contender[] = [
    {
      name: "raw",
      async once() {
        const response = await fetch(server.collectionUrl, { headers });
        if (response.status !== 200) throw new Error(`raw fetch: status ${response.status}`);
        expectCount(await response.json(), "raw fetch");
      },
    },
    {
      name: "openapiFetch",
      async once() {
        const { data, response } = await bare.GET(ATTRIBUTES_PATH, { params });
        if (response.status !== 200) throw new Error(`openapi-fetch: status ${response.status}`);
        expectCount(data, "openapi-fetch");
      },
    },
    {
      name: "client",
      async once() {
        const { data, response } = await client.GET(ATTRIBUTES_PATH, { params });
        if (response.status !== 200) throw new Error(`client: status ${response.status}`);
        expectCount(data, "client");
      },
    },
  ];
  {
    const response = await fetch(server.collectionUrl, { headers });
    responseBytes = (await response.arrayBuffer()).byteLength;
  }

  const samples: Record<Contender["name"], number[]> = { raw: [], openapiFetch: [], client: [] };
  const runBlocks = async (perContender: number, record: boolean) => {
    const blocks = Math.ceil(perContender / options.block);
    for (let b = 0; b < blocks; b++) {
      const count = Math.min(options.block, perContender - b * options.block);
      for (let i = 0; i < contenders.length; i++) {
        const contender = contenders[(b + i) % contenders.length]!;
        const into = samples[contender.name];
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
  progress(`overhead: warm-up, ${options.warmup} requests per contender`);
  await runBlocks(options.warmup, false);
  const heapBefore = process.memoryUsage().heapUsed;
  progress(`overhead: measuring, ${options.requests} requests per contender, blocks of ${options.block}`);
  await runBlocks(options.requests, true);
  const heapAfter = process.memoryUsage().heapUsed;
  const seconds = (performance.now() - started) / 1000;

  const raw = summarize(samples.raw);
  const openapiFetch = summarize(samples.openapiFetch);
  const clientSummary = summarize(samples.client);
  const target = 1.2;
  const clientOverRawMedian = clientSummary.medianMs / raw.medianMs;
  return {
    requestsPerContender: options.requests,
    warmupPerContender: options.warmup,
    block: options.block,
    responseBytes,
    raw,
    openapiFetch,
    client: clientSummary,
    ratios: {
      clientOverRawMedian,
      clientOverOpenapiFetchMedian: clientSummary.medianMs / openapiFetch.medianMs,
      openapiFetchOverRawMedian: openapiFetch.medianMs / raw.medianMs,
      clientOverRawP95: clientSummary.p95Ms / raw.p95Ms,
      clientOverOpenapiFetchP95: clientSummary.p95Ms / openapiFetch.p95Ms,
    },
    tokenRequests: server.counters.tokenRequests,
    apiRequests: server.counters.apiRequests,
    heapUsedMB: { before: heapBefore / 2 ** 20, after: heapAfter / 2 ** 20 },
    seconds,
    target,
    pass: clientOverRawMedian <= target,
  };
}
