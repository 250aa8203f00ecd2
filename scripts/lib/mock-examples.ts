/**
 * On the embedded mock, picks which of the spec's named examples Prism answers with, so the replay walks the
 * use case. The request decides, as in `pingone-platform-client/testing` (src/testing/examples.ts): a LOGIN
 * action created gets the LOGIN example, the profile update (`…user.update+json`) the completed flow. One
 * thing no request says is the replay's state: the user read back after the profile step has the phone number.
 */
import { exampleChooser } from "../../src/testing/examples.js";
import { bundledSpecJson } from "../../src/testing/spec.js";

export function preferMockExamples(
  fetch: typeof globalThis.fetch = globalThis.fetch,
): typeof globalThis.fetch {
  const choose = exampleChooser(bundledSpecJson());
  return async (input, init) => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    const example =
      request.method === "GET" && /\/users\/[^/]+$/.test(pathname)
        ? "afterProfiling"
        : choose({
            method: request.method,
            pathname,
            contentType: request.headers.get("content-type") ?? "",
            body: await request.clone().text(),
          });
    if (example && !request.headers.has("prefer")) request.headers.set("Prefer", `example=${example}`);
    return fetch(request);
  };
}
