/**
 * `pingone-platform-client/testing`: the PingOne mock for your own tests. Prism serves the spec this package
 * ships, on 127.0.0.1 and a free port, and answers each request with the example that fits it.
 *
 * Needs the optional peer dependency `@stoplight/prism-cli` (a dev dependency of your project).
 */
import { launchMock } from "./mock.js";

export { MockServerError, type MockServerFailure } from "./errors.js";

export interface MockServer {
  /** For `createPingOneClient({ baseUrl })`: the spec's paths hang off it directly, with no `/v1`. */
  readonly baseUrl: string;
  /** For `createPingOneClient({ authBaseUrl })`: the same server, which also serves the token and flow paths. */
  readonly authBaseUrl: string;
  /** Stops the mock and every process it started, and waits until they are gone. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartMockOptions {
  /** Give up (with a `MockServerError`) if Prism has not started by then. Default 30 s. */
  startTimeoutMs?: number;
}

/**
 * Starts the mock. Any bearer token and any client credentials are accepted; request bodies and parameters
 * are validated against the spec (a request that breaks it gets the operation's 400, with Prism's diagnosis in
 * the `sl-violations` header). The answer is the response example that fits the request: the one named like the request example
 * whose discriminator values (`type`, `protocol`, `grant_type`, ...) match the body's, or the one named for
 * a vendor media type. Pin another with the header `Prefer: example=<name>` (the example names are the spec's).
 * Throws a `MockServerError` if `@stoplight/prism-cli` is not installed or Prism does not start.
 */
export async function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  const mock = await launchMock(options);
  return { baseUrl: mock.url, authBaseUrl: mock.url, close: mock.close };
}
