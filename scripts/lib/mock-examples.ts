/**
 * On the embedded mock, picks which of the spec's named examples Prism answers with, so the replay walks the
 * use case: Prism otherwise answers every call with the first example of its response (the LOGIN action would
 * come back as the progressive profiling one, the profile update as the credentials check).
 */
export function preferMockExamples(
  fetch: typeof globalThis.fetch = globalThis.fetch,
): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const example = await exampleFor(request.clone());
    if (example) request.headers.set("Prefer", `example=${example}`);
    return fetch(request);
  };
}

/** The flow ID of the spec's identifier-first flow examples: its flow's answers are that use case's. */
const IDENTIFIER_FIRST_FLOW = "5a1f8c2e-7d3b-4e9a-b6c1-2f0e9d8a7b6c";

/** The spec's example of each action type the use cases create. */
const ACTION_EXAMPLES: Record<string, string> = {
  LOGIN: "login",
  PROGRESSIVE_PROFILING: "progressiveProfiling",
  IDENTIFIER_FIRST: "identifierFirst",
  AGREEMENT: "agreement",
  MULTI_FACTOR_AUTHENTICATION: "multiFactorAuthentication",
};

async function exampleFor(request: Request): Promise<string | undefined> {
  const { pathname, searchParams } = new URL(request.url);
  if (request.method === "POST" && pathname.endsWith("/actions")) {
    const { type } = (await request.json()) as { type?: string };
    return type ? ACTION_EXAMPLES[type] : undefined;
  }
  // Each use case's application has its own callback; the identifier-first one's starts with SIGN_ON_REQUIRED.
  if (pathname.endsWith("/as/authorize")) {
    return searchParams.get("redirect_uri")?.endsWith("/identifier-first") ? "identifierFirst" : undefined;
  }
  const flow = /\/flows\/([^/]+)$/.exec(pathname)?.[1];
  if (request.method === "POST" && flow) return flowExample(request, flow);
  if (request.method === "GET" && /\/users\/[^/]+$/.test(pathname)) return "afterProfiling";
  return undefined;
}

async function flowExample(request: Request, flowID: string): Promise<string> {
  const action = /vnd\.pingidentity\.([\w.]+)\+json/.exec(request.headers.get("content-type") ?? "")?.[1];
  if (flowID !== IDENTIFIER_FIRST_FLOW) return action === "user.update" ? "profile" : "credentials";
  if (action === "user.lookup") {
    const { username = "" } = (await request.json()) as { username?: string };
    return username.includes("@") ? "partner" : "identified"; // a discovery rule matches the partner's domain
  }
  return action === "user.consent" ? "accept" : "password";
}
