/**
 * The benchmark (issue 4), in one process and one run: `npx tsx bench/run.ts [--json]`.
 *
 * 1. Overhead per request against a local server, GET and POST side by side: raw fetch, bare openapi-fetch and
 *    this client (auth, retries, per-attempt timeouts), against the goals (GET <= 1.05x, POST <= 0.90x openapi-fetch).
 * 2. Rate limit: 200 concurrent creates through the client against a server allowing N requests a second.
 * 3. Runtime bundle size: src/index.ts with openapi-fetch, minified by esbuild, gzipped.
 *
 * It measures, it does not gate: a MISS still exits 0; only a crash exits non-zero. Progress goes to stderr,
 * the report (or, with --json, one JSON object) to stdout.
 */
import { availableParallelism, cpus, loadavg } from "node:os";
import { measureBundle, type BundleResult } from "./bundle.js";
import { measureOverhead, type OverheadResult } from "./overhead.js";
import { measureRateLimit, type RateLimitResult } from "./rate-limit.js";
import { fixedWindow, startBenchServer, tokenBucket } from "./server.js";
import type { Summary } from "./stats.js";

const OVERHEAD = { requests: 10_000, warmup: 1_500, block: 100 };
const RATE_LIMIT = { concurrent: 200, perSecond: 50, maxRetries: 10, totalTimeoutMs: 60_000 };

interface Report {
  environment: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    /** The 1-minute load average when the run started and when it ended: the machine may be shared. */
    load: { before: number; after: number };
  };
  overhead: OverheadResult;
  rateLimit: RateLimitResult[];
  bundle: BundleResult;
  pass: { overhead: boolean; rateLimit: boolean; bundle: boolean };
  seconds: number;
}

async function main(argv: string[]): Promise<void> {
  const unknown = argv.filter((arg) => arg !== "--json");
  if (unknown.length > 0) {
    process.stderr.write(`usage: npx tsx bench/run.ts [--json]\nunknown argument: ${unknown.join(" ")}\n`);
    process.exitCode = 2;
    return;
  }
  const json = argv.includes("--json");
  const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const started = performance.now();
  const loadBefore = loadavg()[0]!;

  const server = await startBenchServer();
  let overhead: OverheadResult;
  const rateLimit: RateLimitResult[] = [];
  try {
    overhead = await measureOverhead(server, OVERHEAD, progress);
    for (const limiter of [
      fixedWindow(RATE_LIMIT.perSecond),
      tokenBucket(RATE_LIMIT.perSecond, Math.max(1, RATE_LIMIT.perSecond / 10)),
    ]) {
      rateLimit.push(await measureRateLimit(server, limiter, RATE_LIMIT, progress));
    }
  } finally {
    await server.close();
  }
  progress("bundle: esbuild + gzip");
  const bundle = await measureBundle();

  const report: Report = {
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      load: { before: loadBefore, after: loadavg()[0]! },
    },
    overhead,
    rateLimit,
    bundle,
    pass: { overhead: overhead.pass, rateLimit: rateLimit.every((r) => r.pass), bundle: bundle.pass },
    seconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
}

const verdict = (pass: boolean) => (pass ? "PASS" : "MISS");
const ms = (value: number) => `${value.toFixed(3)} ms`;
const x = (value: number) => `${value.toFixed(2)}x`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

function render(report: Report): string {
  const { environment: env, overhead: o, bundle: b } = report;
  const lines: string[] = [];
  lines.push(
    `PingOne client benchmark · Node ${env.node} · ${env.platform} · ${env.cpus} CPU (${env.cpuModel})`,
    `load average (1 min): ${env.load.before.toFixed(2)} at the start, ${env.load.after.toFixed(2)} at the end`,
    "",
    ...renderOverhead(o),
    "",
    `2. Rate limit: ${RATE_LIMIT.concurrent} concurrent creates (POST .../applications/{applicationID}/attributes),` +
      ` maxRetries ${RATE_LIMIT.maxRetries}`,
    "   429 carries Retry-After (s) and retry-after-ms. goodput = 2xx per second from the first 429 to the last",
    "   2xx, / N (the first burst excluded: ~1.0 is the ceiling under any limiter); naive = completed / wall / N",
  );
  for (const r of report.rateLimit) {
    const why = Object.entries(r.failures)
      .map(([reason, count]) => `${count}x ${reason}`)
      .join(", ");
    lines.push(
      `  ${r.limiter}:`,
      `    completed ${r.completed}/${r.concurrent}, failed ${r.failed}${why ? ` (${why})` : ""},` +
        ` 429s ${r.limited429}, created on server ${r.createdOnServer}, token requests ${r.tokenRequests}`,
      `    wall ${r.wallSeconds.toFixed(2)} s · goodput ${pct(r.goodput)} of ${r.limitPerSecond}/s` +
        ` (${r.sustained.ok} in ${r.sustained.seconds.toFixed(2)} s) · naive ${pct(r.naiveGoodput)}`,
      `    target: goodput >= ${pct(r.target)} with no failures: ${verdict(r.pass)}`,
    );
  }
  const inputs = Object.entries(b.inputs)
    .sort(([, a], [, c]) => c - a)
    .map(([file, bytes]) => `${file.replace(/^node_modules\//, "")} ${bytes}`)
    .join(", ");
  lines.push(
    "",
    `3. Bundle: ${b.entry}, esbuild --bundle --minify --format=esm --platform=neutral, openapi-fetch inlined`,
    `  minified ${b.minifiedBytes} B · minified + gzip ${b.gzipBytes} B · without openapi-fetch ${b.layerGzipBytes} B gzipped`,
    `  inputs (minified bytes): ${inputs}`,
    `  target: at most ${b.target} B gzipped: ${verdict(b.pass)}`,
    "",
    `Summary: overhead ${verdict(report.pass.overhead)} · rate limit ${verdict(report.pass.rateLimit)}` +
      ` · bundle ${verdict(report.pass.bundle)} · ${report.seconds.toFixed(1)} s`,
    "",
  );
  return lines.join("\n");
}

main(process.argv.slice(2)).catch((failure: unknown) => {
  process.stderr.write(
    `[bench] crashed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}\n`,
  );
  process.exitCode = 1;
});

function renderOverhead(o: OverheadResult): string[] {
  const row = (name: string, s: Summary) =>
    `  ${name.padEnd(34)} ${ms(s.medianMs).padStart(10)} ${ms(s.p95Ms).padStart(10)} ${ms(s.meanMs).padStart(10)}`;
  const lines = [
    "1. Overhead: sequential GET of the attribute-mapping collection and POST of a new mapping, from 127.0.0.1",
    `   ${o.requestsPerContender} measured requests per contender after ${o.warmupPerContender} warm-up,` +
      ` all six interleaved in rotating blocks of ${o.block}; the server runs in the same process`,
  ];
  for (const m of o.methods) {
    const { ratios: r } = m;
    lines.push(
      `  ${`${m.method} (${m.responseBytes} B of JSON back)`.padEnd(34)} ${"median".padStart(10)} ${"p95".padStart(10)} ${"mean".padStart(10)}`,
      row("raw fetch", m.raw),
      row("openapi-fetch", m.openapiFetch),
      row("client (auth, retries, timeouts)", m.client),
      `  client / openapi-fetch ${x(r.clientOverOpenapiFetchMedian)} median (${x(r.clientOverOpenapiFetchP95)} p95),` +
        ` client / raw ${x(r.clientOverRawMedian)}, openapi-fetch / raw ${x(r.openapiFetchOverRawMedian)}`,
    );
  }
  lines.push(
    `  token requests: ${o.tokenRequests} · heap ${o.heapUsedMB.before.toFixed(1)} -> ${o.heapUsedMB.after.toFixed(1)} MB · ${o.seconds.toFixed(1)} s`,
    ...o.methods.map(
      (m) =>
        // Three decimals: a ratio shown as the goal itself must not read as met when it is not.
        `  ${m.method.padEnd(4)} ${m.ratios.clientOverOpenapiFetchMedian.toFixed(3)}x openapi-fetch (goal ≤ ${x(m.goal)}) ${m.pass ? "✓" : "✗"}`,
    ),
  );
  return lines;
}
