/** The typed errors: one `kind` each, fields callers branch on, and messages that read well in a log. */
import { inspect } from "node:util";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  PingOneAbortError,
  PingOneApiError,
  PingOneAuthError,
  PingOneClientError,
  PingOneConfigError,
  PingOneConnectionError,
  PingOneInvalidResponseError,
  PingOneRequestError,
  PingOneSecurityError,
  PingOneTimeoutError,
  unwrap,
} from "../../src/index.js";
import { sendJson } from "../support/local-server.js";
import { APP, ATTRIBUTES, ENV, appParams, attributesUrl, mappingInput, serve } from "../support/scenario.js";
import { clientFor } from "../support/client.js";

const PATH = `/v1/environments/${ENV}/applications/${APP}/attributes`;
const INVALID_DATA = {
  id: "7a3b5c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d",
  code: "INVALID_DATA",
  message: "The request could not be completed. One or more validation errors were in the request.",
  details: [
    { code: "UNIQUENESS_VIOLATION", target: "name", message: "name must be unique" },
    { code: "INVALID_VALUE", target: "value", message: "value is not an expression" },
  ],
};

describe("PingOneApiError", () => {
  it("reads: method, path, status, code, message, first detail", () => {
    const error = new PingOneApiError({ method: "POST", path: PATH, status: 400, body: INVALID_DATA });
    expect(error.message).toBe(
      `POST ${PATH} failed: 400 INVALID_DATA: The request could not be completed. ` +
        "One or more validation errors were in the request. (name: UNIQUENESS_VIOLATION: name must be unique)",
    );
    expect(error).toMatchObject({
      name: "PingOneApiError",
      kind: "api",
      status: 400,
      code: "INVALID_DATA",
      id: INVALID_DATA.id,
      details: INVALID_DATA.details,
      method: "POST",
      path: PATH,
      retryAfterMs: undefined,
    });
  });

  it.each<[string, ConstructorParameters<typeof PingOneApiError>[0]["body"], string]>([
    [
      "a detail without a target",
      {
        id: "e",
        code: "INVALID_DATA",
        message: "Bad",
        details: [{ code: "INVALID_VALUE", message: "x is bad" }],
      },
      "400 INVALID_DATA: Bad (INVALID_VALUE: x is bad)",
    ],
    [
      "no details",
      { id: "e", code: "NOT_FOUND", message: "Unable to find resource" },
      "400 NOT_FOUND: Unable to find resource",
    ],
    ["no body", undefined, "400 HTTP_400: no error message"],
  ])("with %s", (_, body, reads) => {
    expect(new PingOneApiError({ method: "GET", path: "/p", status: 400, body }).message).toBe(
      `GET /p failed: ${reads}`,
    );
  });

  it("from unwrap carries PingOne's body, the call and the Retry-After it saw", async () => {
    const server = await serve((request, response) =>
      sendJson(
        response,
        429,
        { id: "r1", code: "REQUEST_LIMITED", message: "Too many requests" },
        { "retry-after": "90" },
      ),
    );
    const result = await clientFor(server, { retry: false }).POST(ATTRIBUTES, {
      ...appParams,
      body: mappingInput,
    });
    expect(() => unwrap(result)).toThrow(
      new PingOneApiError({
        method: "POST",
        path: attributesUrl,
        status: 429,
        body: { code: "REQUEST_LIMITED", message: "Too many requests" },
      }).message,
    );
    let error: unknown;
    try {
      unwrap(result);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      status: 429,
      code: "REQUEST_LIMITED",
      id: "r1",
      method: "POST",
      path: attributesUrl,
      retryAfterMs: 90_000,
    });
  });

  it("unwrap returns the data of a success", async () => {
    const server = await serve((request, response) => sendJson(response, 201, { id: "m1", ...mappingInput }));
    const created = unwrap(await clientFor(server).POST(ATTRIBUTES, { ...appParams, body: mappingInput }));
    expect(created).toEqual({ id: "m1", ...mappingInput });
  });
});

describe("the other errors", () => {
  const socketClosed = Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
  });

  it.each<[PingOneClientError, string, string, string]>([
    [
      new PingOneConfigError({ option: "retry.maxRetries", message: "must be a whole number >= 0, got -1" }),
      "PingOneConfigError",
      "config",
      "retry.maxRetries: must be a whole number >= 0, got -1",
    ],
    [
      new PingOneAuthError({
        message: "token request failed: 401 invalid_client",
        status: 401,
        oauthError: "invalid_client",
      }),
      "PingOneAuthError",
      "auth",
      "token request failed: 401 invalid_client",
    ],
    [
      new PingOneSecurityError({
        message: "refused to send a request to https://evil.example",
        origin: "https://evil.example",
      }),
      "PingOneSecurityError",
      "security",
      "refused to send a request to https://evil.example",
    ],
    [
      new PingOneApiError({ method: "GET", path: "/p", status: 404, body: undefined }),
      "PingOneApiError",
      "api",
      "GET /p failed: 404 HTTP_404: no error message",
    ],
    [
      new PingOneInvalidResponseError({
        method: "GET",
        path: "/p",
        status: 502,
        contentType: "text/html",
        problem: "is not JSON",
      }),
      "PingOneInvalidResponseError",
      "invalid-response",
      "GET /p: 502 response is not JSON (content-type text/html)",
    ],
    [
      new PingOneConnectionError({ method: "PUT", path: "/p", cause: socketClosed }),
      "PingOneConnectionError",
      "connection",
      "PUT /p: connection failed (fetch failed: other side closed: UND_ERR_SOCKET)",
    ],
    [
      new PingOneTimeoutError({ method: "GET", path: "/p", timeoutMs: 30_000, scope: "attempt" }),
      "PingOneTimeoutError",
      "timeout",
      "GET /p: no response within 30000 ms (per attempt)",
    ],
    [
      new PingOneTimeoutError({ method: "GET", path: "/p", timeoutMs: 120_000, scope: "total" }),
      "PingOneTimeoutError",
      "timeout",
      "GET /p: no response within 120000 ms (overall deadline)",
    ],
    [
      new PingOneAbortError({ method: "DELETE", path: "/p", cause: new Error("user left") }),
      "PingOneAbortError",
      "aborted",
      "DELETE /p: aborted by the caller",
    ],
  ])("%#: %s is kind %s", (error, name, kind, message) => {
    expect(error).toBeInstanceOf(PingOneClientError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error.name).toBe(name);
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(message);
    expect(String(error)).toBe(`${name}: ${message}`);
  });

  it("JSON.stringify shows the fields, never the stack or the cause", () => {
    const error = new PingOneConnectionError({
      method: "GET",
      path: "/p",
      cause: Object.assign(new Error("boom"), { secret: "in the cause" }),
    });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toEqual({
      name: "PingOneConnectionError",
      message: "GET /p: connection failed (boom)",
      kind: "connection",
      method: "GET",
      path: "/p",
    });
  });

  it("a timeout and an abort keep their scope and cause for callers to branch on", () => {
    const reason = new Error("user left");
    expect(
      new PingOneTimeoutError({ method: "GET", path: "/p", timeoutMs: 100, scope: "total" }),
    ).toMatchObject({
      scope: "total",
      timeoutMs: 100,
    });
    expect(new PingOneAbortError({ method: "GET", path: "/p", cause: reason }).cause).toBe(reason);
  });
});

describe("errors that belong to a request", () => {
  const call = { method: "PATCH", path: "/p" };
  const requestErrors: PingOneRequestError[] = [
    new PingOneApiError({ ...call, status: 409, body: undefined }),
    new PingOneInvalidResponseError({
      ...call,
      status: 200,
      contentType: null,
      problem: "had an empty body",
    }),
    new PingOneConnectionError({ ...call, cause: new Error("reset") }),
    new PingOneTimeoutError({ ...call, timeoutMs: 5, scope: "attempt" }),
    new PingOneAbortError({ ...call }),
  ];

  it.each(requestErrors.map((error) => [error.name, error] as const))(
    "%s is a PingOneRequestError carrying the call's method and path",
    (_, error) => {
      expect(error).toBeInstanceOf(PingOneRequestError);
      expect(error).toBeInstanceOf(PingOneClientError);
      expect(error).toMatchObject(call);
      expect(error.message).toMatch(/^PATCH \/p/);
    },
  );

  it("the errors raised before any request exists are not", () => {
    for (const error of [
      new PingOneConfigError({ option: "fetch", message: "pass a fetch-compatible function" }),
      new PingOneAuthError({ message: "token request failed: 401" }),
      new PingOneSecurityError({ message: "refused", origin: "https://evil.example" }),
    ]) {
      expect(error, error.name).not.toBeInstanceOf(PingOneRequestError);
      expect(error, error.name).not.toHaveProperty("method");
    }
  });

  it("carries attempts and the transaction ID when given, and shows neither when not", () => {
    const told = new PingOneTimeoutError({
      ...call,
      timeoutMs: 5,
      scope: "total",
      attempts: 3,
      transactionId: "tx-42",
    });
    expect(told).toMatchObject({ attempts: 3, transactionId: "tx-42" });
    expect(JSON.parse(JSON.stringify(told))).toMatchObject({ attempts: 3, transactionId: "tx-42" });
    const untold = new PingOneTimeoutError({ ...call, timeoutMs: 5, scope: "total" });
    expect(Object.keys(untold)).not.toContain("attempts");
    expect(Object.keys(untold)).not.toContain("transactionId");
    expect(inspect(untold)).not.toMatch(/attempts|transactionId/);
  });

  it("narrows on kind to the request failures only", () => {
    const error: PingOneClientError = requestErrors[0]!;
    if (!(error instanceof PingOneRequestError)) throw new Error("not a request error");
    expectTypeOf(error.kind).toEqualTypeOf<
      "api" | "invalid-response" | "connection" | "timeout" | "aborted"
    >();
    expect(requestErrors.map((e) => e.kind)).toEqual([
      "api",
      "invalid-response",
      "connection",
      "timeout",
      "aborted",
    ]);
  });

  it("an auth error keeps its cause out of JSON, like every other error", () => {
    const cause = Object.assign(new Error("socket hang up"), { secret: "in the cause" });
    const error = new PingOneAuthError({ message: "token request could not connect", cause });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error)).not.toContain("in the cause");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "PingOneAuthError",
      message: "token request could not connect",
      kind: "auth",
    });
  });
});
