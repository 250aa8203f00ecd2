/** Map the user's email address into the tokens an application receives. */
import { unwrap, type ApplicationAttributeMapping, type PingOneClient } from "../../src/index.js";

export async function createEmailAttributeMapping(
  client: PingOneClient,
  ids: { environmentID: string; applicationID: string },
): Promise<ApplicationAttributeMapping> {
  return unwrap(
    await client.POST("/environments/{environmentID}/applications/{applicationID}/attributes", {
      params: { path: ids },
      body: { name: "email", value: "${user.email}", required: false },
    }),
  );
}

export async function deleteAttributeMapping(
  client: PingOneClient,
  ids: { environmentID: string; applicationID: string; attributeMappingID: string },
): Promise<void> {
  unwrap(
    await client.DELETE(
      "/environments/{environmentID}/applications/{applicationID}/attributes/{attributeMappingID}",
      { params: { path: ids } },
    ),
  );
}
