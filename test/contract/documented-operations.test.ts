/**
 * The two operations of the seed documents, called as a user would: typed call sites, typed results. The
 * responses must equal PingOne's documented 201 responses, byte for byte once parsed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type {
  ApplicationAttributeMappingInput,
  ProgressiveProfilingActionCreateInput,
} from "../../src/index.js";
import { client } from "./prism-client.js";

const seed = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/seeds/${name}.json`, import.meta.url), "utf8"));

const environmentID = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";

describe("create a PROGRESSIVE_PROFILING sign-on policy action", () => {
  it("returns the documented 201 response", async () => {
    const body: ProgressiveProfilingActionCreateInput = seed(
      "signOnPolicyAction.progressiveProfiling.request",
    );
    const { data, error, response } = await client.POST(
      "/environments/{environmentID}/signOnPolicies/{policyID}/actions",
      {
        params: { path: { environmentID, policyID: "551e6ddc-7f2d-4934-98a5-ddc50037246a" } },
        body,
        headers: { Prefer: "example=progressiveProfiling" },
      },
    );
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(seed("signOnPolicyAction.progressiveProfiling.201"));
    // The union narrows on `type`: inside the branch, the progressive profiling fields are typed.
    if (data?.type !== "PROGRESSIVE_PROFILING")
      throw new Error(`expected a PROGRESSIVE_PROFILING action, got ${data?.type}`);
    expect(data.attributes?.map((attribute) => attribute.name)).toEqual(["mobilePhone"]);
    expect(data.promptIntervalSeconds).toBe(3600);
  });
});

describe("create an application attribute mapping", () => {
  it("returns the documented 201 response", async () => {
    const body: ApplicationAttributeMappingInput = seed("applicationAttributeMapping.email.request");
    const { data, error, response } = await client.POST(
      "/environments/{environmentID}/applications/{applicationID}/attributes",
      {
        params: { path: { environmentID, applicationID: "fe36bb1a-3983-4d6c-af02-e7d50b0ab99a" } },
        body,
        headers: { Prefer: "example=email" },
      },
    );
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(seed("applicationAttributeMapping.email.201"));
    expect(data?.mappingType).toBe("CUSTOM");
  });
});
