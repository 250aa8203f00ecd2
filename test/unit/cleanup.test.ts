/**
 * Every attempt arms a timer and listens to the request's signal; both must be gone once the call is over,
 * whichever way it ended, or a busy client leaks a timer per request until its timeout.
 */
import { describe, expect, it } from "vitest";
import type { Handler } from "../support/local-server.js";
import { call, clientFor, fail, scripted, succeed } from "../support/client.js";

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

/** The first request of each call fails in one way, the second succeeds. */
const endings: Record<string, Handler> = {
  "a 503, then a retry": fail({ status: 503, headers: { "retry-after-ms": "5" } }),
  "a 401, then a retry": fail(401),
  "a redirect": (_request, response) => response.writeHead(307, { location: "/again" }).end(),
  "an HTML page (the body check throws)": (_request, response) =>
    response.writeHead(200, { "content-type": "text/html" }).end("<html>oops</html>"),
};

describe("no timer is left behind", () => {
  it.each(Object.entries(endings))("after %s", async (_name, first) => {
    const calls = 20;
    // Every other request fails: each call's first attempt (or, for the HTML page, every other call).
    const server = await scripted(Array.from({ length: calls }, () => [first, succeed]).flat());
    const client = clientFor(server, { retry: { initialDelayMs: 5, maxRetries: 1 } });
    const before = timers();
    // Each call ends as it ends (the HTML page throws); only what it leaves behind matters here.
    for (let i = 0; i < calls; i++) await call(client, "GET").catch(() => undefined);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
