/**
 * `npm run mock`: serves the bundled spec with Prism on 127.0.0.1 until Ctrl-C, for trying requests by hand:
 *   curl -H 'Authorization: Bearer any' $URL/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/signOnPolicies/551e6ddc-7f2d-4934-98a5-ddc50037246a/actions
 */
import { startMockServer, stopOnSignals } from "./lib/prism.js";

const mock = await startMockServer();
console.log(`PingOne mock (Prism) listening on ${mock.url}  (Ctrl-C stops it)`);
stopOnSignals(mock);
