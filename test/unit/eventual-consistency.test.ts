/**
 * PingOne is eventually consistent: right after a create, the resource (and what is under it) may answer 404,
 * and permissions not yet propagated 403, for some seconds. The client remembers what it created and, within
 * `retry.eventualConsistencyMs`, retries a 404 or 403 there with jittered backoff; a 404 anywhere else is
 * delivered at once. The window and the decision are tested on an injected clock; the server test bounds
 * real time generously (a window of seconds against a server that is inconsistent for 100 ms).
 */
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { createdPath, RecentlyCreated } from "../../src/consistency.js";
import { decide, initialState, type CallState, type Outcome } from "../../src/decision.js";
import { unwrap, type AttemptEvent } from "../../src/index.js";
import { DEFAULT_RETRY } from "../../src/retry.js";
import { sendJson, type Seen } from "../support/local-server.js";
import { APP, ATTRIBUTES, ENV, mapping, p1Error, page, serve } from "../support/scenario.js";
import { clientFor } from "../support/client.js";

function clockAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, created: new RecentlyCreated(() => clock.now, 3) };
}

describe("what the client created, and for how long", () => {
  it("a created resource and everything below it are new for the window, its parent and siblings never", () => {
    const { clock, created } = clockAt();
    created.add("/v1/environments/e/applications/a", 1_000);
    expect(created.remainingMs("/v1/environments/e/applications/a")).toBe(1_000);
    expect(created.remainingMs("/v1/environments/e/applications/a/attributes/m")).toBe(1_000);
    expect(created.remainingMs("/v1/environments/e/applications")).toBe(0);
    expect(created.remainingMs("/v1/environments/e/applications/ab")).toBe(0);
    clock.now += 600;
    expect(created.remainingMs("/v1/environments/e/applications/a/grants")).toBe(400);
    clock.now += 400;
    expect(created.remainingMs("/v1/environments/e/applications/a")).toBe(0);
  });

  it("the latest window over a path counts (a new environment, then an application in it)", () => {
    const { clock, created } = clockAt();
    created.add("/v1/environments/e", 1_000);
    clock.now += 900;
    created.add("/v1/environments/e/applications/a", 1_000);
    expect(created.remainingMs("/v1/environments/e/applications/a/attributes")).toBe(1_000);
    expect(created.remainingMs("/v1/environments/e/populations")).toBe(100);
  });

  it("is bounded: the oldest path is forgotten first, and a window of 0 remembers nothing", () => {
    const { created } = clockAt();
    for (const id of ["1", "2", "3", "4"]) created.add(`/v1/environments/${id}`, 1_000);
    expect(created.remainingMs("/v1/environments/1")).toBe(0);
    expect(created.remainingMs("/v1/environments/4")).toBe(1_000);
    created.add("/v1/environments/5", 0);
    expect(created.remainingMs("/v1/environments/5")).toBe(0);
  });

  it.each<[string, string | null, unknown, string | undefined]>([
    ["the body's id under the collection", null, { id: "a1" }, "/v1/environments/e/applications/a1"],
    ["a relative Location", "applications/a2", { id: "a1" }, "/v1/environments/e/applications/a2"],
    ["an absolute Location on the same origin", "https://api.pingone.com/v1/x/y", {}, "/v1/x/y"],
    [
      "a Location elsewhere: the body's id instead",
      "https://evil.test/v1/x",
      { id: "a1" },
      "/v1/environments/e/applications/a1",
    ],
    ["an id that would be a path", null, { id: "../../x" }, undefined],
    ["no id at all", null, { name: "x" }, undefined],
  ])("the path of a create: %s", (_, location, body, expected) => {
    const collection = new URL("https://api.pingone.com/v1/environments/e/applications");
    expect(createdPath(collection, location, body)).toBe(expected);
  });
});

describe("the decision on a 404 or 403 of something new", () => {
  const state: CallState = { ...initialState("GET"), sentBearer: true };
  const answer = (status: number): Outcome => ({ status, headers: new Headers() });
  const ask = (status: number, extra: Partial<CallState>, policy = DEFAULT_RETRY) =>
    decide({ outcome: answer(status), state: { ...state, ...extra }, policy, now: 0, random: 0 });

  it.each<[string, number, Partial<CallState>, object]>([
    [
      "a 404 within the window: retried, not counted",
      404,
      { consistencyMs: 5_000 },
      { action: "retry", delayMs: 500, counted: false, consistency: true },
    ],
    [
      "a 403 within the window (permissions not propagated yet)",
      403,
      { consistencyMs: 5_000, method: "POST" },
      { action: "retry", delayMs: 500, counted: false, consistency: true },
    ],
    [
      "backing off as it goes, whatever maxRetries has used",
      404,
      { consistencyMs: 5_000, consistencyRetries: 3, retries: 2 },
      { action: "retry", delayMs: 4_000, counted: false, consistency: true },
    ],
    [
      "a wait that would outlast the window: delivered",
      404,
      { consistencyMs: 3_000, consistencyRetries: 3 },
      { action: "deliver" },
    ],
    ["a 404 of nothing new", 404, {}, { action: "deliver" }],
    ["a 410 within the window", 410, { consistencyMs: 5_000 }, { action: "deliver" }],
  ])("%s", (_, status, extra, expected) => {
    expect(ask(status, extra)).toEqual(expected);
  });

  it("retries off: delivered at once", () => {
    expect(ask(404, { consistencyMs: 5_000 }, { ...DEFAULT_RETRY, maxRetries: 0 })).toEqual({
      action: "deliver",
    });
  });
});

/**
 * A stand-in for PingOne: creates attribute mappings, and answers 404 (or 403) for a mapping, and for what is
 * under it, for `inconsistentMs` after creating it.
 */
async function inconsistentServer(inconsistentMs: number, status = 404) {
  const createdAt = new Map<string, number>();
  const server = await serve((request: Seen, response: ServerResponse) => {
    if (request.method === "POST") {
      const id = `m${createdAt.size + 1}`;
      createdAt.set(id, Date.now());
      return sendJson(response, 201, { ...mapping("email"), id });
    }
    const id = /\/attributes\/(m\d+)/.exec(request.url)?.[1];
    const since = id === undefined ? undefined : createdAt.get(id);
    if (since === undefined) return sendJson(response, 404, p1Error("NOT_FOUND", "no such mapping"));
    if (Date.now() - since < inconsistentMs)
      return sendJson(response, status, p1Error("NOT_FOUND", "not yet"));
    sendJson(response, 200, request.url.endsWith("/scopes") ? page([]) : { ...mapping("email"), id });
  });
  return server;
}

const create = (client: ReturnType<typeof clientFor>) =>
  client
    .POST(ATTRIBUTES, {
      params: { path: { environmentID: ENV, applicationID: APP } },
      body: { name: "email", value: "${user.email}" },
    })
    .then(unwrap);
const read = (client: ReturnType<typeof clientFor>, id: string) =>
  client.GET(`${ATTRIBUTES}/{attributeMappingID}`, {
    params: { path: { environmentID: ENV, applicationID: APP, attributeMappingID: id } },
  });

describe("against a server that is inconsistent for 100 ms after a create", () => {
  const patient = { initialDelayMs: 20, eventualConsistencyMs: 10_000 };

  it("a read right after the create rides out the 404s", async () => {
    const server = await inconsistentServer(100);
    const events: AttemptEvent[] = [];
    const client = clientFor(server, { retry: patient, onAttempt: (event) => void events.push(event) });
    const { id } = await create(client);
    const { data, response } = await read(client, id);
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id });
    const reads = server.seen.filter((request) => request.method === "GET");
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.reason === "eventual-consistency").length).toBe(reads.length - 1);
  });

  it("a 403 (permissions not propagated) too", async () => {
    const server = await inconsistentServer(100, 403);
    const client = clientFor(server, { retry: patient });
    const { id } = await create(client);
    expect((await read(client, id)).response.status).toBe(200);
  });

  it("a 404 of something this client did not create is delivered at once", async () => {
    const server = await inconsistentServer(100);
    const client = clientFor(server, { retry: patient });
    await create(client);
    expect((await read(client, "m404")).response.status).toBe(404);
    expect(server.seen.filter((request) => request.method === "GET")).toHaveLength(1);
  });

  it("eventualConsistencyMs: 0 turns it off, for the client or for one call", async () => {
    const server = await inconsistentServer(60_000);
    const off = clientFor(server, { retry: { ...patient, eventualConsistencyMs: 0 } });
    const first = await create(off);
    expect((await read(off, first.id)).response.status).toBe(404);
    const on = clientFor(server, { retry: patient });
    const second = await create(on);
    const once = await on.GET(`${ATTRIBUTES}/{attributeMappingID}`, {
      params: { path: { environmentID: ENV, applicationID: APP, attributeMappingID: second.id } },
      retry: { eventualConsistencyMs: 0 },
    });
    expect(once.response.status).toBe(404);
    expect(server.seen.filter((request) => request.method === "GET")).toHaveLength(2);
  });

  it("is bounded by the window: a 404 that lasts is delivered once the window has passed", async () => {
    const server = await inconsistentServer(60_000);
    // A window of 3 s, so that a loaded machine still reads once inside it; the waits double from 20 ms
    // (20 + 40 + ... + 1,280 ms = 2.54 s, each shortened by jitter), and none is begun that would end past the window.
    const client = clientFor(server, { retry: { initialDelayMs: 20, eventualConsistencyMs: 3_000 } });
    const { id } = await create(client);
    const started = Date.now();
    expect((await read(client, id)).response.status).toBe(404);
    const reads = server.seen.filter((request) => request.method === "GET").length;
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(8); // the first read and at most 7 waits
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
