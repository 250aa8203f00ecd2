/**
 * Errors this library throws itself. Errors PingOne answers with are not thrown: each call returns them,
 * typed by the spec, as `{ error }` (see `PingOneError` in ./types.ts).
 */

/** The options given to `createPingOneClient` are unusable; `option` names the one at fault. */
export class PingOneConfigError extends Error {
  override readonly name = "PingOneConfigError";
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** The access-token provider failed or gave no usable token; the request was not sent. */
export class PingOneAuthError extends Error {
  override readonly name = "PingOneAuthError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
