export { createPingOneClient } from "./client.js";
export type {
  CallMethod,
  CallOptions,
  PingOneClient,
  PingOneClientOptions,
  RequestMethod,
} from "./client.js";
export type { AccessTokenProvider, AuthOptions, ClientCredentials } from "./auth.js";
export {
  PingOneAbortError,
  PingOneApiError,
  PingOneAuthError,
  PingOneClientError,
  PingOneConfigError,
  PingOneConnectionError,
  PingOneInvalidResponseError,
  PingOneRequestError,
  PingOneSecurityError,
  PingOneTimeoutError,
} from "./errors.js";
export type { PingOneErrorKind, PingOneRequestErrorContext } from "./errors.js";
export type { CollectionPath, ItemOf, Paginate } from "./pagination.js";
export { redactHeaders, REDACTED } from "./redact.js";
export { apiBaseUrl, authBaseUrl, isPingOneRegion, PINGONE_REGIONS } from "./regions.js";
export type { PingOneRegion } from "./regions.js";
export type { RetryOptions } from "./retry.js";
export type { AttemptEvent, AttemptListener, Logger } from "./observe.js";
export { unwrap } from "./unwrap.js";
export type * from "./types.js";
