/**
 * A fetch that keeps the authorization server's cookies between calls, as a browser would: a sign-on flow
 * lives in its session cookies (no bearer token). Cookies are kept per origin and never printed.
 */
export function withCookies(fetch: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
  const jar = new Map<string, Map<string, string>>();
  return async (input, init) => {
    const request = new Request(input, init);
    const origin = new URL(request.url).origin;
    const cookies = jar.get(origin);
    if (cookies?.size && !request.headers.has("cookie")) {
      request.headers.set("Cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    const response = await fetch(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) {
        if (!jar.has(origin)) jar.set(origin, new Map());
        jar.get(origin)!.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      }
    }
    return response;
  };
}
