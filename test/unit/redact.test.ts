import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { REDACTED, redactHeaders } from "../../src/index.js";

describe("redactHeaders", () => {
  it("hides credentials and keeps everything else", () => {
    const safe = redactHeaders(
      new Headers({
        Authorization: "Bearer s3cret",
        Cookie: "sid=s3cret",
        "Content-Type": "application/json",
      }),
    );
    expect(safe).toEqual({ authorization: REDACTED, cookie: REDACTED, "content-type": "application/json" });
    expect(inspect(safe)).not.toContain("s3cret");
  });

  it("accepts a plain object or entries", () => {
    expect(redactHeaders({ authorization: "Basic czNjcmV0" })).toEqual({ authorization: REDACTED });
    expect(redactHeaders([["Proxy-Authorization", "x"]])).toEqual({ "proxy-authorization": REDACTED });
  });
});
