/**
 * On the embedded mock, picks which of the spec's named examples Prism answers with, so the replay walks the
 * use case: Prism otherwise answers every call with the first example of its response (the LOGIN action
 * would come back as the progressive profiling one, the profile update as the credentials check).
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

async function exampleFor(request: Request): Promise<string | undefined> {
  const { pathname } = new URL(request.url);
  const contentType = request.headers.get("content-type") ?? "";
  if (request.method === "POST" && pathname.endsWith("/actions")) {
    const { type } = (await request.json()) as { type?: string };
    return type === "LOGIN" ? "login" : type === "PROGRESSIVE_PROFILING" ? "progressiveProfiling" : undefined;
  }
  if (request.method === "POST" && /\/flows\/[^/]+$/.test(pathname)) {
    return contentType.includes("user.update") ? "profile" : "credentials";
  }
  if (request.method === "GET" && /\/users\/[^/]+$/.test(pathname)) return "afterProfiling";
  return undefined;
}
