/**
 * `npm run mock`: the mock of `pingone-platform-client/testing` (Prism serving the bundled spec on
 * 127.0.0.1, answering each request with the example that fits it) until Ctrl-C or SIGTERM, for trying
 * requests by hand or pointing an application at it. It prints the two base URLs to use.
 */
import { launchMock } from "../src/testing/mock.js";
import { stopOnSignals } from "./lib/prism.js";

const mock = await launchMock();
let stopping = false;
stopOnSignals({ close: () => ((stopping = true), mock.close()) });
const environmentID = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
console.log(`PingOne mock (Prism serving the bundled spec), until Ctrl-C:

  baseUrl:     ${mock.url}
  authBaseUrl: ${mock.url}

No /v1: the spec's paths hang off the base URL directly, and the same server answers the authorization
server's paths (token, authorize, flows). Any bearer token and any client credentials are accepted.

  createPingOneClient({ baseUrl: "${mock.url}", authBaseUrl: "${mock.url}", auth: { accessToken: "any" } })
  curl -H 'Authorization: Bearer any' ${mock.url}/environments/${environmentID}/populations
`);
// Prism stopped on its own (or was killed): the mock is gone, so is this script.
await mock.exited;
if (!stopping) {
  console.error("The Prism mock exited.");
  await mock.close();
  process.exit(1);
}
