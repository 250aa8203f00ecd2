/**
 * `npm run contract:live`: the live drift check. Replays every use case of `npm start`, one after the other,
 * against a real tenant (the same PINGONE_* variables, all required here) through Prism proxies with
 * `--errors`, which check every request and response against openapi/bundled/openapi.yaml, and reports each
 * violation on one line: the operation, the place (`response.body.attributes[0].required`) and what is wrong.
 *
 * Each call is sent once (no retries: a 500 from Prism is a verdict, not a hiccup). A violation fails its
 * step, as a broken response would; that use case's clean-up still runs, the next use case still runs, and the
 * report lists every violation seen. Exit codes: 0 no drift, 1 drift (or a use case could not be completed),
 * 2 bad settings.
 */
import { driftReport, watchForDrift } from "./lib/drift-report.js";
import { BUNDLED_SPEC } from "./lib/paths.js";
import { stopOnSignals } from "./lib/prism.js";
import { splitJoinedCookies, startProxies } from "./lib/prism-proxy.js";
import { TENANT_VARIABLES, tenantFromEnv, UsageError, type Tenant } from "./lib/target.js";
import { connect, replay, USE_CASES } from "./lib/use-case.js";

const print = (line = "") => console.log(line);
const fail = (line: string) => console.error(line);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function main(): Promise<number> {
  let tenant: Tenant;
  try {
    tenant = tenantFromEnv(
      process.env,
      `contract:live checks a real tenant: set all of ${Object.keys(TENANT_VARIABLES).join(", ")} ` +
        "(and PINGONE_API_URL / PINGONE_AUTH_URL for other upstreams than the region's).",
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(error.message);
    return 2;
  }

  print(
    `Live drift check: the use cases ${USE_CASES.map((u) => u.name).join(" and ")}, every exchange checked ` +
      `against ${BUNDLED_SPEC}`,
  );
  const proxies = await startProxies(tenant);
  stopOnSignals(proxies);
  print(`  Prism proxy ${proxies.api.url} -> ${tenant.apiUrl}`);
  print(`  Prism proxy ${proxies.auth.url} -> ${tenant.authUrl}`);
  print(`  environment ${tenant.environmentID}`);

  const drift = watchForDrift();
  let failures: Failure[];
  try {
    failures = await replayAll(tenant, proxies, drift);
  } finally {
    await proxies.stop();
  }

  const exchanges = drift.exchanges();
  for (const { error, stopped } of failures) {
    fail(`\n${stopped ? "Stopped by the drift below" : "Failed"}: ${message(error)}`);
  }
  for (const { request, problem } of drift.proxyErrors) fail(`  Prism, for ${request}: ${problem}`);
  if (drift.findings.length > 0) {
    fail(`\n${driftReport(drift.findings, exchanges, BUNDLED_SPEC)}`);
    return 1;
  }
  if (failures.length > 0) {
    fail(
      `No drift in the ${exchanges} exchange(s) seen, but ${failures.length} use case(s) did not complete.`,
    );
    return 1;
  }
  print(`\nNo drift: all ${exchanges} exchanges match ${BUNDLED_SPEC}.`);
  return 0;
}

interface Failure {
  error: unknown;
  /** Whether a step Prism answered for (a request refused, a response withheld) failed: the drift stopped it. */
  stopped: boolean;
}

/** Replays every use case through the proxies, one after the other, each with its own cookies and clean-up. */
async function replayAll(
  credentials: Tenant,
  proxies: Awaited<ReturnType<typeof startProxies>>,
  drift: ReturnType<typeof watchForDrift>,
): Promise<Failure[]> {
  const failures: Failure[] = [];
  const fetch = splitJoinedCookies(drift.fetch);
  for (const useCase of USE_CASES) {
    print(`\n${useCase.title}:`);
    const seen = drift.findings.length;
    try {
      const connection = connect({
        apiUrl: proxies.api.url,
        authUrl: proxies.auth.url,
        credentials,
        fetch,
        retry: false,
      });
      await replay(connection, useCase);
    } catch (error) {
      const stopped = drift.findings.slice(seen).some((finding) => finding.answer !== "upstream");
      failures.push({ error, stopped });
    }
  }
  return failures;
}

try {
  process.exitCode = await main();
} catch (error) {
  // Prism could not be started: its message says why, with its output.
  fail(`contract:live could not run: ${message(error)}`);
  process.exitCode = 1;
}
