/** Why the mock could not be had. */
export type MockServerFailure = "missing-dependency" | "start-failed";

/** The mock server could not be started: Prism is not installed, or it did not come up. */
export class MockServerError extends Error {
  override readonly name = "MockServerError";
  constructor(
    readonly reason: MockServerFailure,
    message: string,
  ) {
    super(message);
  }
}
