/**
 * Every operation of the bundled spec, driven by the spec itself through the real client against Prism: each
 * example request gets the declared status and the matching example body, every declared error decodes as a
 * PingOne error, and a request without a token is refused.
 */
import { describe, expect, it } from "vitest";
import type { PingOneError } from "../../src/index.js";
import {
  examplesOf,
  jsonContent,
  operations,
  pathParamExamples,
  schemaPointer,
  validateAt,
  type Operation,
} from "../support/spec.js";
import { anonymousClient, client } from "./prism-client.js";

const ERROR_CODES: Record<string, string[]> = {
  "400": ["INVALID_DATA", "INVALID_REQUEST", "REQUEST_FAILED"],
  "401": ["ACCESS_FAILED"],
  "403": ["ACCESS_FAILED"],
  "404": ["NOT_FOUND"],
  "429": ["REQUEST_LIMITED"],
  "500": ["UNEXPECTED_ERROR"],
  "503": ["SERVICE_UNAVAILABLE"],
};

function successStatus(op: Operation): string {
  return Object.keys(op.op.responses).find((status) => status.startsWith("2"))!;
}

/** Sends an operation through the client, untyped at the call site because the operation comes from data. */
function send(
  op: Operation,
  options: { body?: unknown; headers?: Record<string, string> } = {},
  via: typeof client | typeof anonymousClient = client,
) {
  return via.request(
    op.method,
    op.path as never,
    {
      params: { path: pathParamExamples(op) },
      ...(options.body === undefined ? {} : { body: options.body }),
      headers: options.headers,
    } as never,
  );
}

/** One request per named request example (or one plain request where there is no body). */
const happyPaths = operations.flatMap((op) => {
  const requests = examplesOf(jsonContent(op.op.requestBody));
  const responses = examplesOf(jsonContent(op.op.responses[successStatus(op)]));
  const names = Object.keys(requests).length > 0 ? Object.keys(requests) : Object.keys(responses);
  if (names.length === 0) return [{ op, name: "(no body)", body: undefined, expected: undefined }];
  return names.map((name) => ({ op, name, body: requests[name], expected: responses[name] }));
});

describe("each example request gets the declared status and the spec's example body", () => {
  it.each(happyPaths.map((c) => ({ ...c, label: `${c.op.operationId} ${c.name}` })))(
    "$label",
    async ({ op, name, body, expected }) => {
      const headers = expected === undefined ? undefined : { Prefer: `example=${name}` };
      const { data, error, response } = await send(op, { body, headers });
      expect(error).toBeUndefined();
      expect(String(response.status)).toBe(successStatus(op));
      if (expected === undefined) expect(data).toBeUndefined();
      else expect(data).toEqual(expected);
    },
  );
});

describe("every declared error status decodes as a typed PingOne error", () => {
  const cases = operations.flatMap((op) =>
    Object.keys(ERROR_CODES)
      .filter((status) => op.op.responses[status])
      .map((status) => ({ op, status, label: `${op.operationId} ${status}` })),
  );
  it.each(cases)("$label", async ({ op, status }) => {
    const body = Object.values(examplesOf(jsonContent(op.op.requestBody)))[0];
    const { data, error, response } = await send(op, { body, headers: { Prefer: `code=${status}` } });
    expect(data).toBeUndefined();
    expect(String(response.status)).toBe(status);
    const p1 = error as unknown as PingOneError;
    expect(validateAt(schemaPointer("P1Error"), p1).errors).toEqual([]);
    expect(ERROR_CODES[status]).toContain(p1.code);
    if (status === "429" || status === "503") expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("a request without an access token gets 401 ACCESS_FAILED", () => {
  it.each(operations.map((op) => ({ op, label: op.operationId })))("$label", async ({ op }) => {
    const body = Object.values(examplesOf(jsonContent(op.op.requestBody)))[0];
    const { error, response } = await send(op, { body }, anonymousClient);
    expect(response.status).toBe(401);
    expect((error as unknown as PingOneError).code).toBe("ACCESS_FAILED");
  });
});
