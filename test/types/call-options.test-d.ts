/** Per-call options are typed on every method: the right ones compile, a misspelled one does not. */
import { describe, expectTypeOf, it } from "vitest";
import {
  createPingOneClient,
  type AttemptEvent,
  type CallOptions,
  type components,
  type RetryOptions,
} from "../../src/index.js";

type Mapping = components["schemas"]["ApplicationAttributeMapping"];

const client = createPingOneClient({ accessToken: "t" });
const ATTRIBUTES = "/environments/{environmentID}/applications/{applicationID}/attributes";
const params = { path: { environmentID: "e", applicationID: "a" } };

describe("per-call options", () => {
  it("compile on every method, beside openapi-fetch's own", () => {
    void client.GET(ATTRIBUTES, { params, timeoutMs: 100, totalTimeoutMs: 1_000, retry: false });
    void client.POST(ATTRIBUTES, {
      params,
      body: { name: "email", value: "${user.email}" },
      retry: { maxRetries: 5, eventualConsistencyMs: 0 },
      signal: AbortSignal.timeout(1_000),
    });
    void client.DELETE(`${ATTRIBUTES}/{attributeMappingID}`, {
      params: { path: { ...params.path, attributeMappingID: "m" } },
      timeoutMs: 100,
    });
    void client.request("get", ATTRIBUTES, { params, totalTimeoutMs: 500 });
    void client.paginate("/environments/{environmentID}/users", {
      params: { path: { environmentID: "e" } },
      retry: { maxRetries: 1 },
    });
    expectTypeOf<CallOptions["retry"]>().toEqualTypeOf<RetryOptions | false | undefined>();
  });

  it("a misspelled option does not compile", () => {
    // @ts-expect-error the option is `timeoutMs`
    void client.GET(ATTRIBUTES, { params, timeoutMS: 100 });
    // @ts-expect-error the option is `totalTimeoutMs`
    void client.POST(ATTRIBUTES, { params, body: { name: "n", value: "v" }, totalTimeout: 100 });
    // @ts-expect-error the option is `retry`
    void client.request("get", ATTRIBUTES, { params, retries: false });
    void client.paginate("/environments/{environmentID}/users", {
      params: { path: { environmentID: "e" } },
      // @ts-expect-error the option is `timeoutMs`
      timeout: 5,
    });
  });

  it("a value of the wrong type does not compile", () => {
    // @ts-expect-error a number of ms
    void client.GET(ATTRIBUTES, { params, timeoutMs: "100" });
    // @ts-expect-error options or false, not true
    void client.GET(ATTRIBUTES, { params, retry: true });
    // @ts-expect-error maxRetries, not maxRetry
    void client.GET(ATTRIBUTES, { params, retry: { maxRetry: 1 } });
  });

  it("leave the response types as they were", async () => {
    const { data } = await client.GET(`${ATTRIBUTES}/{attributeMappingID}`, {
      params: { path: { ...params.path, attributeMappingID: "m" } },
      timeoutMs: 100,
    });
    expectTypeOf(data).toExtend<Mapping | undefined>();
    expectTypeOf(data!.id).toEqualTypeOf<string>();
    const text = await client.GET(ATTRIBUTES, { params, parseAs: "text", retry: false });
    expectTypeOf(text.data).toEqualTypeOf<string | undefined>();
  });

  it("a required parameter is still required", () => {
    // @ts-expect-error params is required for this path
    void client.GET(ATTRIBUTES, { timeoutMs: 100 });
    // @ts-expect-error the init itself is required for this path
    void client.GET(ATTRIBUTES);
  });
});

describe("attempt events", () => {
  it("carry what a log line or a metric needs, typed", () => {
    createPingOneClient({
      accessToken: "t",
      onAttempt(event) {
        expectTypeOf(event).toEqualTypeOf<AttemptEvent>();
        expectTypeOf(event.attempt).toEqualTypeOf<number>();
        expectTypeOf(event.status).toEqualTypeOf<number | undefined>();
        expectTypeOf(event.next).toEqualTypeOf<"deliver" | "fail" | "retry" | "redirect" | "refresh-token">();
      },
    });
  });
});
