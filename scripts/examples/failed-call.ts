import type { PingOneError } from "../../src/index.js";

/** A call PingOne refused, with its error body. (The client's own throwing style will replace this.) */
export class FailedCall extends Error {
  override readonly name = "FailedCall";
  constructor(
    readonly step: string,
    readonly status: number,
    readonly error: PingOneError,
  ) {
    const detail = error.details?.[0];
    super(
      `could not ${step}: ${status} ${error.code}: ${error.message}` +
        (detail ? ` (${detail.target ? `${detail.target}: ` : ""}${detail.code}: ${detail.message})` : ""),
    );
  }
}
