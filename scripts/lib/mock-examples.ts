/**
 * On the embedded mock, picks which of the spec's named examples Prism answers with, so the replay walks the
 * use case. Mostly the request decides, as in `pingone-platform-client/testing` (src/testing/examples.ts): a
 * LOGIN action created gets the LOGIN example, the profile update (`…user.update+json`) the completed flow.
 * What no request says is the replay's state, chosen here: the user read back after the profile step has the
 * phone number, the identifier-first application's sign-on starts with SIGN_ON_REQUIRED, and that flow's
 * answers follow its own steps.
 */
import { exampleChooser } from "../../src/testing/examples.js";
import { bundledSpecJson } from "../../src/testing/spec.js";

export function preferMockExamples(
  fetch: typeof globalThis.fetch = globalThis.fetch,
): typeof globalThis.fetch {
  const choose = exampleChooser(bundledSpecJson());
  return async (input, init) => {
    const request = new Request(input, init);
    const example =
      (await replayState(request.clone())) ??
      choose({
        method: request.method,
        pathname: new URL(request.url).pathname,
        contentType: request.headers.get("content-type") ?? "",
        body: await request.clone().text(),
      });
    if (example && !request.headers.has("prefer")) request.headers.set("Prefer", `example=${example}`);
    return fetch(request);
  };
}

/** The flow ID of the spec's identifier-first flow examples: its flow's answers are that use case's. */
const IDENTIFIER_FIRST_FLOW = "5a1f8c2e-7d3b-4e9a-b6c1-2f0e9d8a7b6c";

async function replayState(request: Request): Promise<string | undefined> {
  const { pathname, searchParams } = new URL(request.url);
  if (request.method === "GET" && /\/users\/[^/]+$/.test(pathname)) return "afterProfiling";
  // Each use case's application has its own callback; the identifier-first one's starts with SIGN_ON_REQUIRED.
  if (pathname.endsWith("/as/authorize")) {
    return searchParams.get("redirect_uri")?.endsWith("/identifier-first") ? "identifierFirst" : undefined;
  }
  const flow = /\/flows\/([^/]+)$/.exec(pathname)?.[1];
  if (request.method !== "POST" || flow !== IDENTIFIER_FIRST_FLOW) return undefined;
  const action = /vnd\.pingidentity\.([\w.]+)\+json/.exec(request.headers.get("content-type") ?? "")?.[1];
  if (action === "user.lookup") {
    const { username = "" } = (await request.json()) as { username?: string };
    return username.includes("@") ? "partner" : "identified"; // a discovery rule matches the partner's domain
  }
  return action === "user.consent" ? "accept" : "password";
}
