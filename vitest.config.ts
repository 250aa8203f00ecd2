import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "test/spec/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "contract",
          include: ["test/contract/**/*.test.ts"],
          // Prism serves the bundled spec on 127.0.0.1 for the whole run and is stopped afterwards.
          globalSetup: ["test/contract/global-setup.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // pingone-platform-client/testing and npm run mock: each test starts and stops its own Prism.
          name: "testing",
          include: ["test/testing/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The packed tarball, installed into throwaway consumer projects (packed once per run).
          name: "package",
          include: ["test/package/**/*.test.ts"],
          globalSetup: ["test/package/global-setup.ts"],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          // The offline API reference (npm run docs), rendered in headless Chromium.
          name: "docs",
          include: ["test/docs/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "types",
          include: [],
          typecheck: { enabled: true, only: true, include: ["test/types/**/*.test-d.ts"] },
        },
      },
    ],
  },
});
