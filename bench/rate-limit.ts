/**
 * 200 concurrent creates through one client against a server that allows N requests a second and answers
 * 429 with `Retry-After` (seconds, as PingOne sends it) and `retry-after-ms` (precise) beyond that.
 */
import { createPingOneClient, PingOneClientError } from "../dist/index.js";
import {
  APPLICATION_ID,
  ATTRIBUTES_PATH,
  CLIENT_ID,
  CLIENT_SECRET,
  ENVIRONMENT_ID,
  type BenchServer,
  type Limiter,
} from "./server.js";

export interface RateLimitOptions {
  concurrent: number;
  perSecond: number;
  maxRetries: number;
  /** Bounds every call, retries and waits included, so the scenario always ends. */
  totalTimeoutMs: number;
}

export interface RateLimitResult {
  limiter: string;
  concurrent: number;
  limitPerSecond: number;
  maxRetries: number;
  completed: number;
  failed: number;
  /** Why the failed calls failed: HTTP status or error kind, with counts. */
  failures: Record<string, number>;
  /** As the server counted them. */
  limited429: number;
  createdOnServer: number;
  tokenRequests: number;
  wallSeconds: number;
  /** completed / wall / N, over the whole run, first burst included. */
  naiveGoodput: number;
  /**
   * 2xx answers after the first 429, per second from the first 429 to the last 2xx, / N: the throughput
   * while the limit was binding. A client that keeps the limit saturated scores ~1.0 under any limiter.
   */
  goodput: number;
  sustained: { ok: number; seconds: number };
  target: number;
  pass: boolean;
}

export async function measureRateLimit(
  server: BenchServer,
  limiter: Limiter,
  options: RateLimitOptions,
  progress: (line: string) => void,
): Promise<RateLimitResult> {
  const client = createPingOneClient({
    baseUrl: server.baseUrl,
    authBaseUrl: server.authBaseUrl,
    auth: { environmentID: ENVIRONMENT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    retry: { maxRetries: options.maxRetries },
    totalTimeoutMs: options.totalTimeoutMs,
  });
  const params = { path: { environmentID: ENVIRONMENT_ID, applicationID: APPLICATION_ID } };

  server.resetCounters();
  server.setLimiter(limiter);
  progress(`rate limit: ${options.concurrent} concurrent creates, ${limiter.description}`);
  const failures: Record<string, number> = {};
  const fail = (why: string) => (failures[why] = (failures[why] ?? 0) + 1);
  let completed = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: options.concurrent }, async (_, i) => {
        try {
          const { data, error, response } = await client.POST(ATTRIBUTES_PATH, {
            params,
            body: { name: `benchAttribute${i}`, value: "${user.email}", required: false },
          });
          if (response.status === 201 && data?.id) completed++;
          else fail(`HTTP ${response.status}${error?.code ? ` ${error.code}` : ""}`);
        } catch (failure) {
          fail(failure instanceof PingOneClientError ? failure.kind : String(failure));
        }
      }),
    );
  } finally {
    server.setLimiter(undefined);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const counters = { ...server.counters };

  const sustainedSeconds =
    counters.firstLimitedAt !== undefined && counters.lastOkAt !== undefined
      ? (counters.lastOkAt - counters.firstLimitedAt) / 1000
      : 0;
  const naiveGoodput = completed / wallSeconds / options.perSecond;
  // Without a 429 the limit never bound: fall back to the whole run.
  const goodput =
    sustainedSeconds > 0 ? counters.okAfterFirstLimited / sustainedSeconds / options.perSecond : naiveGoodput;
  const failed = options.concurrent - completed;
  const target = 0.9;
  return {
    limiter: limiter.description,
    concurrent: options.concurrent,
    limitPerSecond: options.perSecond,
    maxRetries: options.maxRetries,
    completed,
    failed,
    failures,
    limited429: counters.limited,
    createdOnServer: counters.created,
    tokenRequests: counters.tokenRequests,
    wallSeconds,
    naiveGoodput,
    goodput,
    sustained: { ok: counters.okAfterFirstLimited, seconds: sustainedSeconds },
    target,
    pass: failed === 0 && goodput >= target,
  };
}
