/** Map the user's email address into the tokens an application receives. */
import type { ApplicationAttributeMapping, PingOneClient } from "../../src/index.js";
import { FailedCall } from "./failed-call.js";

export async function createEmailAttributeMapping(
  client: PingOneClient,
  ids: { environmentID: string; applicationID: string },
): Promise<ApplicationAttributeMapping> {
  const { data, error, response } = await client.POST(
    "/environments/{environmentID}/applications/{applicationID}/attributes",
    {
      params: { path: ids },
      body: { name: "email", value: "${user.email}", required: false },
    },
  );
  if (error) throw new FailedCall("create the attribute mapping", response.status, error);
  return data;
}

export async function deleteAttributeMapping(
  client: PingOneClient,
  ids: { environmentID: string; applicationID: string; attributeMappingID: string },
): Promise<void> {
  const { error, response } = await client.DELETE(
    "/environments/{environmentID}/applications/{applicationID}/attributes/{attributeMappingID}",
    { params: { path: ids } },
  );
  if (error) throw new FailedCall("delete the attribute mapping", response.status, error);
}
