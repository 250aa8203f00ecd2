/**
 * Step 8 of PingOne's progressive profiling use case (the first seed document): add a PROGRESSIVE_PROFILING
 * action to a sign-on policy, so that after signing on, users are asked for their mobile phone number.
 */
import { unwrap, type PingOneClient, type ProgressiveProfilingAction } from "../../src/index.js";

export async function createProgressiveProfilingAction(
  client: PingOneClient,
  ids: { environmentID: string; policyID: string },
): Promise<ProgressiveProfilingAction> {
  const action = unwrap(
    await client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: {
        priority: 50, // after the LOGIN action, which has a lower number
        type: "PROGRESSIVE_PROFILING",
        promptText: "Please provide the following information.",
        promptIntervalSeconds: 3600,
        preventMultiplePromptsPerFlow: false,
        attributes: [{ name: "mobilePhone", required: false }],
      },
    }),
  );
  if (action.type !== "PROGRESSIVE_PROFILING") {
    throw new Error(`PingOne answered with a ${action.type} action, not PROGRESSIVE_PROFILING`);
  }
  return action; // narrowed by `type`: action.attributes, action.promptText, ... are typed
}
