/**
 * Every attempt arms a timer and listens to the request's signal; both must be gone once the call is over,
 * whichever way it ended, or a busy client leaks a timer per request until its timeout.
 */
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { sendJson } from "../support/local-server.js";
import { p1Error, serve } from "../support/scenario.js";
import { call, clientFor, succeed } from "../support/calls.js";
import type { Seen } from "../support/local-server.js";

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

/** The first request of each call fails in one way, the second succeeds. */
const endings: Record<string, (request: Seen, response: ServerResponse) => void> = {
  "a 503, then a retry": (_request, response) =>
    sendJson(response, 503, p1Error("SERVICE_UNAVAILABLE", "busy"), { "retry-after-ms": "5" }),
  "a 401, then a retry": (_request, response) => sendJson(response, 401, p1Error("INVALID_TOKEN", "expired")),
  "a redirect": (_request, response) => response.writeHead(307, { location: "/again" }).end(),
  "an HTML page (the body check throws)": (_request, response) =>
    response.writeHead(200, { "content-type": "text/html" }).end("<html>oops</html>"),
};

describe("no timer is left behind", () => {
  it.each(Object.entries(endings))("after %s", async (_name, first) => {
    let count = 0;
    const server = await serve((request, response) =>
      (count++ % 2 === 0 ? first : succeed)(request, response),
    );
    const client = clientFor(server, { retry: { initialDelayMs: 5, maxRetries: 1 } });
    const before = timers();
    // Each call ends as it ends (the HTML page throws); only what it leaves behind matters here.
    for (let i = 0; i < 20; i++) await call(client, "GET").catch(() => undefined);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
