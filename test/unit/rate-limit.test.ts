/**
 * Retry-After and the client-wide pause after a 429, against a local server that rate-limits. Gaps are
 * measured from the server's arrival timestamps; only lower bounds, the waits themselves, are asserted.
 */
import { describe, expect, it } from "vitest";
import { PingOneApiError } from "../../src/index.js";
import { gaps, type Handler, type LocalServer } from "../support/local-server.js";
import { CLOCK_SLACK_MS, attributesUrl, delay, serve } from "../support/scenario.js";
import {
  FAST,
  call,
  clientFor,
  fail,
  logLines,
  scripted,
  succeed,
  thrown,
  when,
  type Failure,
} from "../support/client.js";

describe("Retry-After", () => {
  it("retry-after-ms on a 503 is waited out, not the shorter backoff", async () => {
    const server = await scripted([{ status: 503, headers: { "retry-after-ms": "120" } }]);
    await call(clientFor(server), "GET");
    expect(server.seen).toHaveLength(2);
    expect(gaps(server.seen)[0]).toBeGreaterThanOrEqual(120 - CLOCK_SLACK_MS);
  });

  // The two real waits of the suite, run side by side: Retry-After has one-second resolution.
  it("Retry-After in seconds, and as an HTTP date, is honoured: no retry before it", async () => {
    const seconds = await scripted([{ status: 429, headers: { "retry-after": "1" } }]);
    let notBefore = 0;
    const date = await scripted([
      (request, response) => {
        notBefore = Math.ceil((Date.now() + 600) / 1000) * 1000; // a whole second, 0.6 to 1.6 s away
        fail({ status: 503, headers: { "retry-after": new Date(notBefore).toUTCString() } })(
          request,
          response,
        );
      },
    ]);
    const [afterSeconds, afterDate] = await Promise.all([
      call(clientFor(seconds), "POST"),
      call(clientFor(date), "GET"),
    ]);
    expect(afterSeconds.response.status).toBe(201);
    expect(seconds.seen).toHaveLength(2);
    expect(gaps(seconds.seen)[0]).toBeGreaterThanOrEqual(1000 - CLOCK_SLACK_MS);
    expect(afterDate.response.ok).toBe(true);
    expect(date.seen).toHaveLength(2);
    expect(date.seen[1]!.at).toBeGreaterThanOrEqual(notBefore - CLOCK_SLACK_MS);
  });

  it("a wait of exactly maxRetryAfterMs is honoured", async () => {
    const server = await scripted([{ status: 429, headers: { "retry-after-ms": "100" } }]);
    const { response } = await call(clientFor(server, { retry: { ...FAST, maxRetryAfterMs: 100 } }), "GET");
    expect(response.ok).toBe(true);
    expect(server.seen).toHaveLength(2);
    expect(gaps(server.seen)[0]).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
  });

  it.each<[string, Record<string, string>, number, number | undefined]>([
    ["retry-after-ms one past maxRetryAfterMs", { "retry-after-ms": "101" }, 101, 100],
    ["Retry-After: 120 (s) with the default 60 s limit", { "retry-after": "120" }, 120_000, undefined],
  ])("%s fails fast with the 429 and the wait it asked for", async (_, headers, asked, maxRetryAfterMs) => {
    const server = await serve(fail({ status: 429, headers }));
    const log = logLines();
    const retry = maxRetryAfterMs === undefined ? FAST : { ...FAST, maxRetryAfterMs };
    const error = await thrown(call(clientFor(server, { retry, logger: log.logger }), "POST"));
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error).toMatchObject({ status: 429, code: "REQUEST_LIMITED", retryAfterMs: asked });
    expect(server.seen).toHaveLength(1);
    expect(log.lines).toEqual([
      `POST ${attributesUrl}: 429 asks to wait ${asked} ms, more than maxRetryAfterMs`,
    ]);
  });
});

describe("a 429 pauses the whole client", () => {
  it("calls started during the pause wait until Retry-After has passed", async () => {
    const server = await scripted([{ status: 429, headers: { "retry-after-ms": "100" } }]);
    const log = logLines();
    const client = clientFor(server, { logger: log.logger });
    const first = call(client, "GET");
    await log.logged(/429, retry 1\/2 in 100 ms/); // the client has seen the 429
    const others = await Promise.all(
      (["GET", "POST", "PUT", "DELETE", "GET", "POST", "GET", "PUT", "GET", "GET"] as const).map((m) =>
        call(client, m),
      ),
    );
    expect((await first).response.ok).toBe(true);
    expect(others.every((r) => r.response.ok)).toBe(true);
    expect(server.seen).toHaveLength(12);
    const limitedAt = server.seen[0]!.at;
    for (const later of server.seen.slice(1))
      expect(later.at - limitedAt).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
  });

  it("a stampede: callers that meet a 503 during the pause wait for it too, instead of retrying into the limit", async () => {
    // 20 calls at once: the first meets a 429 asking for 120 ms, the other 19 a 503 (backoff only 15-20 ms),
    // sent once the client has seen the 429. Their retries must wait for the pause like any other request.
    const log = logLines();
    const limitSeen = log.logged(/429, retry 1\/2 in 120 ms/);
    const server = await scripted([
      { status: 429, headers: { "retry-after-ms": "120" } },
      ...Array<Handler>(19).fill(when(() => limitSeen, fail(503))),
    ]);
    const client = clientFor(server, { logger: log.logger });
    const results = await Promise.all(Array.from({ length: 20 }, () => call(client, "GET")));
    expect(results.every((r) => r.response.ok)).toBe(true);
    expect(server.seen).toHaveLength(40); // one answer each of 429/503, then one success each
    const limitedAt = server.seen[0]!.at;
    for (const retry of server.seen.slice(20)) {
      expect(retry.at - limitedAt).toBeGreaterThanOrEqual(120 - CLOCK_SLACK_MS);
    }
  });

  it("a 429 that ends a call (retries off) still pauses the other callers", async () => {
    const server = await scripted([{ status: 429, headers: { "retry-after-ms": "100" } }]);
    const client = clientFor(server, { retry: false });
    const { response } = await call(client, "GET");
    expect(response.status).toBe(429);
    const { response: next } = await call(client, "POST");
    expect(next.ok).toBe(true);
    expect(server.seen).toHaveLength(2);
    expect(gaps(server.seen)[0]).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
  });

  it("a 429 asking for more than maxRetryAfterMs fails its call at once, and still pauses the others up to maxRetryAfterMs", async () => {
    const server = await scripted([{ status: 429, headers: { "retry-after": "150" } }]);
    const client = clientFor(server, { retry: { ...FAST, maxRetryAfterMs: 100 } });
    const { response } = await call(client, "GET");
    expect(response.status).toBe(429);
    const started = Date.now();
    const { response: next } = await call(client, "POST");
    expect(next.ok).toBe(true);
    expect(gaps(server.seen)[0]).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS); // held back ...
    expect(Date.now() - started).toBeLessThan(10_000); // ... but not for the 150 s it asked
  });

  it("a 429 met while the client already holds back does not use up the call's retries", async () => {
    // The first 429 sets the limit; the next two arrive while it is in force and cost no retry.
    const server = await scripted(
      Array<Failure>(3).fill({ status: 429, headers: { "retry-after-ms": "30" } }),
    );
    const { response } = await call(clientFor(server, { retry: { ...FAST, maxRetries: 1 } }), "GET");
    expect(response.ok).toBe(true);
    expect(server.seen).toHaveLength(4);
  });

  it("a server that answers 429 with Retry-After: 0 forever gets a bounded number of attempts, never back to back, then the 429", async () => {
    const server = await serve(fail({ status: 429, headers: { "retry-after": "0" } }));
    const { response } = await call(clientFor(server, { retry: { ...FAST, maxRetries: 1 } }), "POST");
    expect(response.status).toBe(429);
    // The first 429 costs the one retry; 429s met while holding back are free, but at most 20 of them.
    expect(server.seen).toHaveLength(1 + 1 + 20);
    for (const gap of gaps(server.seen).slice(2)) expect(gap).toBeGreaterThanOrEqual(10 - 2);
  });

  it("a later 429 that extends the pause also holds the callers already waiting", async () => {
    // Two calls in flight: the first gets a 429 for 80 ms once the second has arrived, the second a 429 for
    // 180 ms 40 ms later. A third call starts in between, when only the 80 ms pause is known.
    const server: LocalServer = await scripted([
      when(() => server.arrived(2), fail({ status: 429, headers: { "retry-after-ms": "80" } })),
      when(() => delay(40), fail({ status: 429, headers: { "retry-after-ms": "180" } })),
    ]);
    const log = logLines();
    const client = clientFor(server, { logger: log.logger });
    const a = call(client, "GET");
    const b = call(client, "GET");
    await log.logged(/in 80 ms/);
    const c = call(client, "GET");
    await Promise.all([a, b, c]);
    expect(log.lines.filter((l) => /429/.test(l))).toHaveLength(2);
    const secondLimitAnswered = server.seen[1]!.at + 40;
    const afterLimits = server.seen.slice(2);
    expect(afterLimits).toHaveLength(3);
    for (const r of afterLimits)
      expect(r.at).toBeGreaterThanOrEqual(secondLimitAnswered + 180 - CLOCK_SLACK_MS);
  });
});

describe("a shared rate limit does not turn concurrent callers into a stampede", () => {
  it("under a token bucket, 40 concurrent creates all succeed, with one retry each for the first 429", async () => {
    // 25 requests a second, a burst of 3: a token every 40 ms, and a 429 saying exactly when the next one comes.
    const ratePerMs = 25 / 1000;
    let tokens = 3;
    let refilledAt = Date.now();
    const server = await serve((request, response) => {
      const now = Date.now();
      tokens = Math.min(3, tokens + (now - refilledAt) * ratePerMs);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return succeed(request, response);
      }
      const waitMs = Math.ceil((1 - tokens) / ratePerMs);
      fail({ status: 429, headers: { "retry-after-ms": String(waitMs) } })(request, response);
    });
    const client = clientFor(server, { retry: { ...FAST, maxRetries: 1 } });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => call(client, "POST")));
    const failed = results.filter((r) => r.status === "rejected" || !r.value.response.ok);
    expect(failed).toEqual([]);
    expect(server.seen.filter((r) => r.method === "POST").length).toBeGreaterThan(40); // the limit did bite
  });
});
