/**
 * Every operation of the bundled spec, driven by the spec itself through the real client against Prism: each
 * example request gets the declared status and the matching example body, every declared error decodes as
 * its declared schema (the PingOne error, or the OAuth error of the token endpoint), and a request without
 * credentials is refused wherever credentials are required.
 */
import { describe, expect, it } from "vitest";
import type { PingOneError } from "../../src/index.js";
import {
  allowsAnonymous,
  deref,
  examplesOf,
  firstRequestExample,
  mediaTypes,
  operations,
  pathParamExamples,
  validateAt,
  type Operation,
} from "../support/spec.js";
import { anonymousClient, client, prismClient } from "./prism-client.js";

const P1_ERROR_CODES: Record<string, string[]> = {
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
  options: { body?: unknown; contentType?: string; headers?: Record<string, string> } = {},
  via: typeof client | typeof anonymousClient = client,
) {
  // One signature for both (ours adds per-call options; the calls here pass none).
  return (via as typeof client).request(
    op.method,
    op.path as never,
    {
      params: { path: pathParamExamples(op), query: pathParamExamples(op, "query") },
      ...(options.body === undefined ? {} : { body: options.body }),
      headers: {
        ...(options.contentType ? { "Content-Type": options.contentType } : {}),
        ...options.headers,
      },
    } as never,
  );
}

/**
 * The body a request example stands for. PingOne sends its body-less actions without a body; under a media
 * type that is not JSON (`application/vnd.pingidentity.password.forceChange`) the empty example means exactly
 * that, and Prism, which would read a body there as text, gets none.
 */
const bodyOf = (contentType: string, body: unknown) =>
  !/[/+]json$/.test(contentType) &&
  typeof body === "object" &&
  body !== null &&
  Object.keys(body).length === 0
    ? undefined
    : body;

/** One request per named request example (or one plain request where there is no body). */
const happyPaths = operations.flatMap((op) => {
  const responses = examplesOf(mediaTypes(op.op.responses[successStatus(op)])[0]?.[1]);
  const requests = mediaTypes(op.op.requestBody).flatMap(([contentType, media]) =>
    Object.entries(examplesOf(media)).map(([name, body]) => ({
      name,
      body: bodyOf(contentType, body),
      contentType,
    })),
  );
  const cases =
    requests.length > 0
      ? requests
      : Object.keys(responses).length > 0
        ? Object.keys(responses).map((name) => ({ name, body: undefined, contentType: undefined }))
        : [{ name: "(no body)", body: undefined, contentType: undefined }];
  return cases.map((c) => ({ ...c, op, expected: responses[c.name], label: `${op.operationId} ${c.name}` }));
});

describe("each example request gets the declared status and the spec's example body", () => {
  it.each(happyPaths)("$label", async ({ op, name, body, contentType, expected }) => {
    const headers = expected === undefined ? undefined : { Prefer: `example=${name}` };
    const { data, error, response } = await send(op, { body, contentType, headers });
    expect(error).toBeUndefined();
    expect(String(response.status)).toBe(successStatus(op));
    if (expected === undefined) expect(data).toBeUndefined();
    else expect(data).toEqual(expected);
  });
});

describe("every declared error status decodes as its declared error schema", () => {
  const cases = operations.flatMap((op) =>
    Object.entries<Record<string, any>>(op.op.responses)
      .filter(([status]) => Number(status) >= 400)
      .map(([status, response]) => ({ op, status, response, label: `${op.operationId} ${status}` })),
  );
  it.each(cases)("$label", async ({ op, status, response: declared }) => {
    const example = firstRequestExample(op);
    // A 429 pauses the whole client for its Retry-After (10 s in the spec's example): a client of its own keeps
    // that pause out of the other tests.
    const via = status === "429" ? prismClient() : client;
    const { data, error, response } = await send(
      op,
      { ...example, headers: { Prefer: `code=${status}` } },
      via,
    );
    expect(data).toBeUndefined();
    expect(String(response.status)).toBe(status);
    const schema = deref(declared).content["application/json"].schema.$ref as string;
    expect(validateAt(schema, error).errors).toEqual([]);
    if (schema === "#/components/schemas/P1Error") {
      expect(P1_ERROR_CODES[status]).toContain((error as unknown as PingOneError).code);
    }
    if (status === "429" || status === "503") expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("a request without credentials is refused where they are required", () => {
  const secured = operations.filter((op) => !allowsAnonymous(op));
  it.each(secured.map((op) => ({ op, label: op.operationId })))(
    "$label gets 401 ACCESS_FAILED",
    async ({ op }) => {
      const { error, response } = await send(op, firstRequestExample(op), anonymousClient);
      expect(response.status).toBe(401);
      expect((error as unknown as PingOneError).code).toBe("ACCESS_FAILED");
    },
  );

  it("leaves the authorization server's flow endpoints open (the session cookie carries the user)", () => {
    expect(
      operations
        .filter(allowsAnonymous)
        .map((op) => op.operationId)
        .sort(),
    ).toEqual([
      "authorize",
      "authorizeWithForm",
      "createToken",
      "getFlow",
      "resumeAuthorization",
      "updateFlow",
    ]);
  });
});
