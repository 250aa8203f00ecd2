/**
 * Prism in proxy mode in front of PingOne's two hosts: one proxy per upstream, since Prism forwards to a
 * single one, and the token, authorize and flow paths live on the authorization server. Each proxy serves
 * the spec's paths at its root and prefixes the upstream's path (`/v1` for the API host) when forwarding.
 */
import { startProxyServer, type PrismServer } from "./prism.js";

export interface Proxies {
  api: PrismServer;
  auth: PrismServer;
  /** Stops both; safe to call twice. */
  stop(): Promise<void>;
}

export async function startProxies(upstreams: { apiUrl: string; authUrl: string }): Promise<Proxies> {
  const started = await Promise.allSettled([
    startProxyServer(upstreams.apiUrl),
    startProxyServer(upstreams.authUrl),
  ]);
  const servers = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => void (await Promise.all(servers.map((server) => server.stop())));
  const failed = started.find((result) => result.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [api, auth] = servers as [PrismServer, PrismServer];
  return { api, auth, stop };
}

/**
 * Prism hands the upstream's `Set-Cookie` headers on joined into one, comma-separated, so a cookie jar would
 * keep only the first cookie. This splits them again: at each comma that starts a new `name=` (the commas in
 * an `Expires` date do not).
 */
export function splitJoinedCookies(
  fetch: typeof globalThis.fetch = globalThis.fetch,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const joined = response.headers.getSetCookie();
    const cookies = joined.flatMap((line) => line.split(/,\s*(?=[^;,=\s]+=)/));
    if (cookies.length === joined.length) return response;
    const headers = new Headers(response.headers);
    headers.delete("set-cookie");
    for (const cookie of cookies) headers.append("set-cookie", cookie);
    const { status, statusText } = response;
    return new Response(response.body, { status, statusText, headers });
  };
}
