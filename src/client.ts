import createClient, { type Client } from "openapi-fetch";
import { bearerAuth, type AccessTokenProvider } from "./auth.js";
import { PingOneConfigError } from "./errors.js";
import { apiBaseUrl, isPingOneRegion, PINGONE_REGIONS, type PingOneRegion } from "./regions.js";
import type { paths } from "./generated/openapi.js";

export interface PingOneClientOptions {
  /** The environment's region (`com`, `eu`, `ca`, `com.au`, `sg`, `asia`). Default `com`. */
  region?: PingOneRegion;
  /** Overrides the API base URL that `region` implies, e.g. a mock server. https, or http on loopback only. */
  baseUrl?: string;
  /** The bearer token, or a function returning it (called before every request). */
  accessToken: AccessTokenProvider;
  /** The fetch implementation to use. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request, e.g. `X-Ping-External-Transaction-ID`. */
  headers?: Record<string, string>;
}

/** The openapi-fetch client, typed by the spec: `client.POST("/environments/{environmentID}/...", ...)`. */
export type PingOneClient = Client<paths>;

export function createPingOneClient(options: PingOneClientOptions): PingOneClient {
  if (options === null || typeof options !== "object") {
    throw new PingOneConfigError("options", "pass an object such as { region, accessToken }");
  }
  const { accessToken, fetch, headers } = options;
  if (typeof accessToken !== "string" && typeof accessToken !== "function") {
    throw new PingOneConfigError("accessToken", "pass the token as a string or a function that returns it");
  }
  if (typeof accessToken === "string" && accessToken.trim() === "") {
    throw new PingOneConfigError("accessToken", "the token is empty");
  }
  if (fetch !== undefined && typeof fetch !== "function") {
    throw new PingOneConfigError("fetch", "pass a fetch-compatible function");
  }
  const client = createClient<paths>({
    baseUrl: resolveBaseUrl(options),
    ...(fetch ? { fetch } : {}),
    ...(headers ? { headers } : {}),
  });
  client.use(bearerAuth(accessToken));
  return client;
}

/** The API base URL from `baseUrl` or `region`, checked: the bearer token must not travel in clear text. */
export function resolveBaseUrl({
  region,
  baseUrl,
}: Pick<PingOneClientOptions, "region" | "baseUrl">): string {
  if (region !== undefined && !isPingOneRegion(region)) {
    throw new PingOneConfigError(
      "region",
      `unknown region ${JSON.stringify(region)}; use one of ${Object.keys(PINGONE_REGIONS).join(", ")}`,
    );
  }
  if (baseUrl === undefined) return apiBaseUrl(region ?? "com");

  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new PingOneConfigError("baseUrl", `not an absolute URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.username || url.password) {
    throw new PingOneConfigError("baseUrl", "must not carry credentials");
  }
  if (url.search || url.hash) {
    throw new PingOneConfigError("baseUrl", "must not have a query or fragment");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new PingOneConfigError(
      "baseUrl",
      `must use https (http is allowed on loopback only): ${url.origin}`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}
