/**
 * The breaking-change check (`scripts/check-breaking.ts`): the committed bundle passes it against the released
 * spec, and changes planted on a copy of the bundle are classified and judged as a client would need them to be.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CHANGELOG_PATH,
  RELEASED_SPEC_PATH,
  checkChangelog,
  checkVersion,
  diffSpecs,
  judge,
  type SpecChange,
  type SpecDiff,
} from "../../scripts/check-breaking.js";
import { bundledSpec, readSpec, type Json } from "../../scripts/lib/spec-model.js";

const bundle = bundledSpec();
const version: string = bundle.info.version;

// Each run of `redocly diff` starts a Node process: about 2 s alone, several times that beside other test files.
const DIFF_TIMEOUT = 60_000;

describe("the committed bundle against the released spec", () => {
  it(
    "passes the check: its version allows its changes, and CHANGELOG.md has a section for it",
    async () => {
      const diff = await diffSpecs(readSpec(RELEASED_SPEC_PATH), bundle);
      const changelog = readFileSync(CHANGELOG_PATH, "utf8");
      expect(judge(diff, changelog).errors).toEqual([]);
    },
    DIFF_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Planted changes: each edits a copy of the bundle, which is then compared with the bundle itself.

function schema(spec: Json, name: string): Json {
  const found = spec.components.schemas[name];
  if (!found) throw new Error(`the bundle has no schema ${name}: update this plant`);
  return found;
}

const planted = (plant: (spec: Json) => void) => {
  const copy = structuredClone(bundle);
  plant(copy);
  return diffSpecs(bundle, copy);
};

interface Plant {
  change: string;
  plant: (spec: Json) => void;
  /** The operation the report must name. */
  operation: string;
  /** What the report must mention (its location or explanation): the field or value that changed. */
  mentions: string;
}

const breakingPlants: Plant[] = [
  {
    change: "removing an operation",
    plant: (s) => delete s.paths["/environments/{environmentID}/populations/{populationID}"].delete,
    operation: "DELETE /environments/{environmentID}/populations/{populationID}",
    mentions: "removed",
  },
  {
    change: "removing a response property",
    plant: (s) => delete schema(s, "TokenResponse").properties.scope,
    operation: "POST /{environmentID}/as/token",
    mentions: "scope",
  },
  {
    change: "adding a required request property",
    plant: (s) => {
      const body = schema(s, "UserPasswordSet");
      body.properties.reason = { type: "string" };
      body.required.push("reason");
    },
    operation: "PUT /environments/{environmentID}/users/{userID}/password",
    mentions: "reason",
  },
  {
    change: "narrowing an enum in a request (inside oneOf + discriminator + allOf)",
    plant: (s) => {
      const type = schema(s, "ApplicationOIDCInputType");
      type.enum = type.enum.filter((value: string) => value !== "SERVICE");
    },
    operation: "POST /environments/{environmentID}/applications",
    mentions: "SERVICE",
  },
  {
    change: "changing a property's type",
    plant: (s) => (schema(s, "TokenResponse").properties.expires_in = { type: "string" }),
    operation: "POST /{environmentID}/as/token",
    mentions: "expires_in",
  },
  {
    // A schema that requests and responses share is reported once, at the first operation that reaches it (a
    // GET response here); the verdict comes from its request role, where accepting fewer values breaks clients.
    change: "narrowing an enum that requests and responses share",
    plant: (s) => (schema(s, "ApplicationCorsBehavior").enum = ["ALLOW_NO_ORIGINS"]),
    operation: "GET /environments/{environmentID}/applications",
    mentions: "ALLOW_SPECIFIC_ORIGINS",
  },
  {
    // In a request, accepting fewer values breaks clients.
    change: "removing 'null' from a type list (3.1) of a request schema",
    plant: (s) => (schema(s, "ApplicationAttributeMappingInput").properties.oidcScopes.type = "array"),
    operation:
      "PUT /environments/{environmentID}/applications/{applicationID}/attributes/{attributeMappingID}",
    mentions: "oidcScopes",
  },
  {
    // Generated clients (ours included) turn enums into closed unions: a new value in a response breaks them.
    change: "adding an enum value to a response",
    plant: (s) => schema(s, "FlowStatus").enum.push("STEP_UP_REQUIRED"),
    operation: "GET /{environmentID}/as/authorize",
    mentions: "STEP_UP_REQUIRED",
  },
];

const nonBreakingPlants: Omit<Plant, "mentions">[] = [
  {
    change: "adding an optional request property",
    plant: (s) => (schema(s, "UserPasswordSet").properties.notify = { type: "boolean" }),
    operation: "PUT /environments/{environmentID}/users/{userID}/password",
  },
  {
    change: "adding an operation",
    plant: (s) => {
      // PingOne has no PUT on the users collection (the spec now lists users, so GET is no longer new).
      const create = s.paths["/environments/{environmentID}/users"].post;
      s.paths["/environments/{environmentID}/users"].put = {
        ...create,
        operationId: "replaceUsers",
        summary: "Replace users",
      };
    },
    operation: "PUT /environments/{environmentID}/users",
  },
  {
    change: "narrowing an enum in a response",
    plant: (s) => {
      const status = schema(s, "FlowStatus");
      status.enum = status.enum.filter((value: string) => value !== "FAILED");
    },
    operation: "GET /{environmentID}/as/authorize",
  },
];

const describeChange = (c: SpecChange) => `${c.operation} ${c.where} ${c.what} ${c.pointer}`;

/** The same diff as if the bundle had said `current`. */
const at = (diff: SpecDiff, current: string): SpecDiff => ({ ...diff, current });

describe.concurrent("planted breaking changes", () => {
  it.each(breakingPlants)(
    "$change: reported as breaking where it is, blocked without the right bump",
    async ({ plant, operation, mentions }) => {
      const diff = await planted(plant);

      const breaking = diff.changes.filter((c) => c.breaking);
      expect(breaking.map(describeChange)).toContainEqual(expect.stringContaining(mentions));
      expect(breaking.map((c) => c.operation)).toContain(operation);

      // Below 1.0 a breaking change needs a minor bump (semver's 0.x convention); a patch bump is not enough.
      const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
      expect(major, "these expectations assume a 0.x version").toBe(0);
      expect(checkVersion(diff).errors).toHaveLength(1);
      expect(checkVersion(at(diff, `0.${minor}.${patch + 1}`)).errors).toHaveLength(1);
      expect(checkVersion(at(diff, `0.${minor + 1}.0`))).toEqual({ errors: [], warnings: [] });
      expect(checkVersion(at(diff, "1.0.0"))).toEqual({ errors: [], warnings: [] });
    },
    DIFF_TIMEOUT,
  );

  it.each(nonBreakingPlants)(
    "$change: reported, not as breaking, and allowed at the same version with a warning",
    async ({ plant, operation }) => {
      const diff = await planted(plant);

      expect(diff.changes.map((c) => c.operation)).toContain(operation);
      expect(diff.changes.filter((c) => c.breaking).map(describeChange)).toEqual([]);
      const sameVersion = checkVersion(diff);
      expect(sameVersion.errors).toEqual([]);
      expect(sameVersion.warnings).toHaveLength(1);
    },
    DIFF_TIMEOUT,
  );

  it(
    "an identical copy has no changes",
    async () => {
      const diff = await planted(() => {});
      expect(diff.changes).toEqual([]);
      expect(checkVersion(diff)).toEqual({ errors: [], warnings: [] });
    },
    DIFF_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// The policy alone, on hand-made diffs.

const change = (impact: SpecChange["impact"]): SpecChange => ({
  breaking: impact === "major",
  impact,
  kind: "modified",
  operation: "GET /things",
  where: "responses/200",
  pointer: "#/components/schemas/Thing",
  what: "something",
});

const diffOf = (released: string, current: string, ...impacts: SpecChange["impact"][]): SpecDiff => ({
  released,
  current,
  changes: impacts.map(change),
});

describe("the version policy", () => {
  it("from 1.0 on, a breaking change needs a major bump", () => {
    expect(checkVersion(diffOf("1.4.2", "1.5.0", "major")).errors).toHaveLength(1);
    expect(checkVersion(diffOf("1.4.2", "2.0.0", "major")).errors).toEqual([]);
  });

  it("a version that went backwards fails, even with no change", () => {
    expect(checkVersion(diffOf("0.2.0", "0.1.9")).errors).toEqual([expect.stringContaining("backwards")]);
  });

  it("a version that is not MAJOR.MINOR.PATCH fails", () => {
    expect(checkVersion(diffOf("0.1.0", "0.2")).errors).toHaveLength(1);
  });

  it("non-breaking changes at an unchanged or too small version only warn", () => {
    expect(checkVersion(diffOf("0.2.0", "0.2.0", "patch"))).toMatchObject({
      errors: [],
      warnings: [/0\.2\.1/],
    });
    expect(checkVersion(diffOf("1.0.0", "1.0.1", "minor"))).toMatchObject({
      errors: [],
      warnings: [/1\.1\.0/],
    });
    expect(checkVersion(diffOf("1.0.0", "1.1.0", "minor", "patch"))).toEqual({ errors: [], warnings: [] });
  });
});

describe("the CHANGELOG check", () => {
  it.each(["## 0.2.0", "## 0.2.0 — 2026-11-22", "## [0.2.0] - 2026-11-22", "### v0.2.0 (unreleased)"])(
    "accepts the heading %j",
    (heading) => {
      expect(checkChangelog("0.2.0", `# Changelog\n\n${heading}\n\n- Things.\n`)).toBeUndefined();
    },
  );

  it.each(["## 0.2.01", "## 0.2.0-rc.1", "Released 0.2.0 today.", "## 0.1.0"])("rejects %j", (text) => {
    expect(checkChangelog("0.2.0", `# Changelog\n\n${text}\n`)).toMatch(/no section for 0\.2\.0/);
  });

  it("fails when CHANGELOG.md is missing", () => {
    expect(judge(diffOf("0.1.0", "0.2.0"), undefined).errors).toEqual(["CHANGELOG.md is missing."]);
  });
});
