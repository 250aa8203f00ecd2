import { describe, expect, it } from "vitest";

describe("the published package", () => {
  it("resolves through its exports map to the built entry point", async () => {
    // Self-reference by package name: what a user's `import` sees after `npm run build`.
    const entry = await import("pingone-platform-client");
    expect(typeof entry.createPingOneClient).toBe("function");
    expect(Object.keys(entry.PINGONE_REGIONS)).toContain("com");
    expect(import.meta.resolve("pingone-platform-client")).toMatch(/\/dist\/index\.js$/);
  });
});
