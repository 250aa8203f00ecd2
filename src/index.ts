export { createPingOneClient, resolveBaseUrl } from "./client.js";
export type { PingOneClient, PingOneClientOptions } from "./client.js";
export { bearerAuth, resolveAccessToken } from "./auth.js";
export type { AccessTokenProvider } from "./auth.js";
export { PingOneAuthError, PingOneConfigError } from "./errors.js";
export { redactHeaders, REDACTED } from "./redact.js";
export { apiBaseUrl, authBaseUrl, isPingOneRegion, PINGONE_REGIONS } from "./regions.js";
export type { PingOneRegion } from "./regions.js";
export type * from "./types.js";
