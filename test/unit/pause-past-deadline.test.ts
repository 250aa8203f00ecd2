/**
 * A 429 pauses every call of the client. A call whose deadline comes before the pause ends could send nothing
 * in time: it fails at once with a timeout of the whole call, instead of sleeping until its deadline. No test
 * here waits: a call that slept would outlast the test's own timeout.
 */
import { describe, expect, it } from "vitest";
import { PingOneTimeoutError } from "../../src/index.js";
import { ATTRIBUTES, appParams } from "../support/scenario.js";
import { call, clientFor, logLines, scripted } from "../support/client.js";

/** A server that answers the first request 429, asking for `seconds`, and every later one as it should. */
async function limitedOnce(seconds: number) {
  return scripted([{ status: 429, headers: { "retry-after": String(seconds) } }]);
}

describe("a rate-limit pause longer than what is left of a call's deadline", () => {
  it("fails the call at once with a timeout of the whole call, and sends nothing", async () => {
    const server = await limitedOnce(60);
    const log = logLines();
    const client = clientFor(server, { logger: log.logger, totalTimeoutMs: 30_000 });
    // Retries off for this call: the 429 is delivered, and its pause (60 s) holds every other call back.
    const limited = await client.GET(ATTRIBUTES, { ...appParams, retry: false });
    expect(limited.response.status).toBe(429);
    const started = Date.now();
    const error = await call(client, "POST").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ scope: "total", timeoutMs: 30_000, method: "POST" });
    expect(Date.now() - started).toBeLessThan(5_000); // at once, not after 30 s
    expect(server.seen).toHaveLength(1); // the 429 only
    expect(log.lines.join("\n")).toMatch(
      /POST \S+: the rate-limit pause \(\d+ ms\) outlasts the call's deadline \(\d+ ms left\)/,
    );
  });

  it("is measured against each call's own deadline (per-call totalTimeoutMs)", async () => {
    const server = await limitedOnce(60);
    const client = clientFor(server, { retry: false }); // the client's deadline: 120 s, longer than the pause
    expect((await call(client, "GET")).response.status).toBe(429);
    const error = await client
      .GET(ATTRIBUTES, { ...appParams, totalTimeoutMs: 1_000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", scope: "total", timeoutMs: 1_000 });
    expect(server.seen).toHaveLength(1);
  });
});
