/**
 * Step 8 of PingOne's progressive profiling use case: add a PROGRESSIVE_PROFILING action to a sign-on policy,
 * so that after signing on, users are asked for their mobile phone number.
 */
import type { PingOneClient, ProgressiveProfilingAction } from "../../src/index.js";
import { FailedCall } from "./failed-call.js";

export async function createProgressiveProfilingAction(
  client: PingOneClient,
  ids: { environmentID: string; policyID: string },
): Promise<ProgressiveProfilingAction> {
  const { data, error, response } = await client.POST(
    "/environments/{environmentID}/signOnPolicies/{policyID}/actions",
    {
      params: { path: ids },
      body: {
        priority: 50, // after the LOGIN action, which has a lower number
        type: "PROGRESSIVE_PROFILING",
        promptText: "Please provide the following information.",
        promptIntervalSeconds: 3600,
        preventMultiplePromptsPerFlow: false,
        attributes: [{ name: "mobilePhone", required: false }],
      },
    },
  );
  if (error) throw new FailedCall("create the progressive profiling action", response.status, error);
  if (data.type !== "PROGRESSIVE_PROFILING") {
    throw new Error(`PingOne answered with a ${data.type} action, not PROGRESSIVE_PROFILING`);
  }
  return data; // narrowed by `type`: data.attributes, data.promptText, ... are typed
}

export async function deleteSignOnPolicyAction(
  client: PingOneClient,
  ids: { environmentID: string; policyID: string; actionID: string },
): Promise<void> {
  const { error, response } = await client.DELETE(
    "/environments/{environmentID}/signOnPolicies/{policyID}/actions/{actionID}",
    { params: { path: ids } },
  );
  if (error) throw new FailedCall("delete the sign-on policy action", response.status, error);
}
