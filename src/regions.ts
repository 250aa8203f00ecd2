/**
 * PingOne regions. Each region is a top-level domain; the API and auth hosts of an environment live under it.
 * Keep this list equal to the `tld` server variable of the spec (a test checks it).
 */
export const PINGONE_REGIONS = {
  com: "North America",
  eu: "Europe",
  ca: "Canada",
  "com.au": "Australia",
  sg: "Singapore",
  asia: "Asia-Pacific",
} as const;

export type PingOneRegion = keyof typeof PINGONE_REGIONS;

export function isPingOneRegion(value: unknown): value is PingOneRegion {
  return typeof value === "string" && Object.hasOwn(PINGONE_REGIONS, value);
}

/** `https://api.pingone.{tld}/v1`: the base URL of the management API in a region. */
export function apiBaseUrl(region: PingOneRegion): string {
  return `https://api.pingone.${region}/v1`;
}

/** `https://auth.pingone.{tld}`: the authorization server host of a region. */
export function authBaseUrl(region: PingOneRegion): string {
  return `https://auth.pingone.${region}`;
}
