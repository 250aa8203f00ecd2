import { describe, expect, it } from "vitest";
import { apiBaseUrl, authBaseUrl, isPingOneRegion, PINGONE_REGIONS } from "../../src/index.js";
import { spec } from "../support/spec.js";

describe("regions", () => {
  it("are exactly the spec's server tld variable", () => {
    expect(Object.keys(PINGONE_REGIONS).sort()).toEqual([...spec.servers[0].variables.tld.enum].sort());
    expect(spec.servers[0].url).toBe("https://api.pingone.{tld}/v1");
  });

  it("map to the API and auth hosts", () => {
    expect(apiBaseUrl("com.au")).toBe("https://api.pingone.com.au/v1");
    expect(authBaseUrl("eu")).toBe("https://auth.pingone.eu");
  });

  it("are recognised only by their exact name", () => {
    expect(isPingOneRegion("ca")).toBe(true);
    for (const value of ["CA", "us", "toString", "", undefined, 1])
      expect(isPingOneRegion(value)).toBe(false);
  });
});
