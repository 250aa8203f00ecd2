/**
 * `npm run check:breaking`: compares the bundled spec with the last released one (`openapi/released/`), prints
 * every change as breaking or not, and fails when the bundle's `info.version` does not allow its breaking
 * changes, when the version went backwards, or when CHANGELOG.md has no section for it.
 *
 * The diff is Redocly's (`redocly diff`, from the pinned @redocly/cli): it follows `$ref`s, and judges a schema
 * shared by requests and responses in both roles. The versioning policy below is ours, in pure functions that the
 * tests call with in-memory specs.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { pointerSegments } from "./lib/json-pointer.js";
import { BUNDLED_SPEC_PATH, REPO_ROOT } from "./lib/paths.js";
import { readSpec } from "./lib/spec-model.js";
import { redocly } from "./lib/redocly.js";

export const RELEASED_SPEC_PATH = join(REPO_ROOT, "openapi/released/openapi.yaml");
export const CHANGELOG_PATH = join(REPO_ROOT, "CHANGELOG.md");

/** Redocly's rating of a change: `major` is a breaking change. */
export type Impact = "major" | "minor" | "patch";

export interface SpecChange {
  breaking: boolean;
  impact: Impact;
  kind: "added" | "removed" | "modified";
  /** The operation that reaches the change (`PUT /environments/{environmentID}/users/{userID}/password`), or the
   * top-level section (`info`, `components`). A schema shared by several operations is reported once. */
  operation: string;
  /** Where inside it, and the changed keyword: `requestBody/content/application/json/schema · required`. */
  where: string;
  /** The changed node in the spec that has it: a component's pointer for a `$ref`d schema. */
  pointer: string;
  /** Redocly's explanation with its rule ids; just the kind of change when no rule fired (not breaking). */
  what: string;
}

export interface SpecDiff {
  /** `info.version` of the released spec and of the bundle. */
  released: string;
  current: string;
  changes: SpecChange[];
}

export interface Verdict {
  errors: string[];
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// The diff: Redocly's JSON report, reduced to what the report and the policy need.

// Our own config on purpose: the diff rules come from `extends`, and the repository's lint config
// (`recommended-strict`) turns none on, which makes Redocly rate every breaking change "patch".
const DIFF_CONFIG = "extends:\n  - diff-recommended\n";

interface RedoclyLocation {
  pointer: string;
}

interface RedoclyChange {
  path: string;
  kind: SpecChange["kind"];
  impact: Impact;
  property?: string;
  verdicts: { ruleId: string; message: string; location: RedoclyLocation }[];
  base?: RedoclyLocation;
  revision?: RedoclyLocation;
}

interface RedoclyReport {
  infoVersions: { base: string; revision: string };
  changes: RedoclyChange[];
}

/** Runs `redocly diff` on two parsed specs (written to a scratch directory, since the CLI reads files). */
export async function diffSpecs(released: object, current: object): Promise<SpecDiff> {
  const dir = await mkdtemp(join(tmpdir(), "pingone-breaking-"));
  try {
    const base = join(dir, "released.json");
    const revision = join(dir, "current.json");
    const config = join(dir, "redocly.yaml");
    const report = join(dir, "report.json");
    await Promise.all([
      writeFile(base, JSON.stringify(released)),
      writeFile(revision, JSON.stringify(current)),
      writeFile(config, DIFF_CONFIG),
    ]);
    const { code, output } = await redocly([
      ...["diff", base, revision, "--config", config, "--lint-config", "off"],
      // The exit code only tells whether the diff ran; the policy decides what fails.
      ...["--fail-on", "none", "--format", "json", "--output", report],
    ]);
    if (code !== 0) throw new Error(`redocly diff failed (exit ${code}):\n${output}`);
    return fromRedocly(JSON.parse(await readFile(report, "utf8")) as RedoclyReport);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function fromRedocly(report: RedoclyReport): SpecDiff {
  return {
    released: report.infoVersions.base,
    current: report.infoVersions.revision,
    changes: report.changes.map((change) => {
      const { operation, rest } = locate(change.path);
      return {
        breaking: change.impact === "major",
        impact: change.impact,
        kind: change.kind,
        operation,
        where: [rest, change.property].filter(Boolean).join(" · "),
        pointer: (change.verdicts[0]?.location ?? change.revision ?? change.base)?.pointer ?? change.path,
        what:
          change.verdicts.map((v) => `${v.message} (${v.ruleId})`).join(" ") ||
          [change.kind, change.property].filter(Boolean).join(" "),
      };
    }),
  };
}

/** `#/paths/~1users/get/responses/200` -> `GET /users` and `responses/200`; `#/info` -> `info`. */
function locate(pointer: string): { operation: string; rest: string } {
  const segments = pointerSegments(pointer);
  const [section = "", path, method, ...rest] = segments;
  if (section !== "paths" || path === undefined)
    return { operation: section, rest: segments.slice(1).join("/") };
  if (method === undefined || method === "parameters")
    return { operation: path, rest: segments.slice(2).join("/") };
  return { operation: `${method.toUpperCase()} ${path}`, rest: rest.join("/") };
}

// ---------------------------------------------------------------------------------------------------------------
// The policy: semver on `info.version`.

type Semver = [major: number, minor: number, patch: number];

function parseVersion(version: string): Semver | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

const compareVersions = (a: Semver, b: Semver) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The bump a change of this impact needs. Below 1.0, semver's convention shifts it down one level. */
export function requiredBump(impact: Impact, released: string): Impact {
  if (parseVersion(released)?.[0] !== 0) return impact;
  return impact === "major" ? "minor" : "patch";
}

function bump([major, minor, patch]: Semver, level: Impact): Semver {
  if (level === "major") return [major + 1, 0, 0];
  if (level === "minor") return [major, minor + 1, 0];
  return [major, minor, patch + 1];
}

const IMPACTS: Impact[] = ["major", "minor", "patch"];

/**
 * Breaking changes fail unless the version was bumped enough; so does a version that went backwards. Other
 * changes that semver would want a bump for only warn: the bundle changes many times between releases, and the
 * version is settled at release, when the bundle is copied to `openapi/released/`.
 */
export function checkVersion(diff: SpecDiff): Verdict {
  const verdict: Verdict = { errors: [], warnings: [] };
  const released = parseVersion(diff.released);
  const current = parseVersion(diff.current);
  if (!released || !current) {
    verdict.errors.push(
      `info.version must be MAJOR.MINOR.PATCH: released ${diff.released}, bundle ${diff.current}.`,
    );
    return verdict;
  }
  if (compareVersions(current, released) < 0) {
    verdict.errors.push(
      `info.version went backwards: ${diff.released} was released, the bundle says ${diff.current}.`,
    );
  }
  const impact = IMPACTS.find((level) => diff.changes.some((change) => change.impact === level));
  if (impact === undefined) return verdict;
  const level = requiredBump(impact, diff.released);
  const needed = bump(released, level);
  if (compareVersions(current, needed) >= 0) return verdict;
  const breaking = diff.changes.filter((change) => change.breaking).length;
  const what = breaking > 0 ? `${breaking} breaking change(s)` : `${diff.changes.length} change(s)`;
  const message =
    `${what} since ${diff.released} need a ${level} bump: info.version ${needed.join(".")} or later ` +
    `(the bundle says ${diff.current}).`;
  (breaking > 0 ? verdict.errors : verdict.warnings).push(message);
  return verdict;
}

/** Accepts `## 0.2.0`, `## 0.2.0 — 2026-11-22`, `## [0.2.0] - 2026-11-22`, `## v0.2.0 (unreleased)`. */
export function checkChangelog(version: string, changelog: string | undefined): string | undefined {
  if (changelog === undefined) return "CHANGELOG.md is missing.";
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const heading = new RegExp(`^#{1,6}\\s+\\[?v?${escaped}\\]?(?![\\w.-])`, "m");
  return heading.test(changelog)
    ? undefined
    : `CHANGELOG.md has no section for ${version} (e.g. "## ${version}").`;
}

export function judge(diff: SpecDiff, changelog: string | undefined): Verdict {
  const verdict = checkVersion(diff);
  const changelogProblem = checkChangelog(diff.current, changelog);
  return changelogProblem ? { ...verdict, errors: [...verdict.errors, changelogProblem] } : verdict;
}

// ---------------------------------------------------------------------------------------------------------------
// The report.

export function formatReport(diff: SpecDiff, verdict: Verdict): string {
  const changes = [...diff.changes].sort(
    (a, b) => Number(b.breaking) - Number(a.breaking) || a.operation.localeCompare(b.operation),
  );
  const breaking = changes.filter((change) => change.breaking).length;
  const lines = [`Spec changes since the released ${diff.released} (bundle: ${diff.current}):`, ""];
  for (const change of changes) {
    const label = change.breaking ? "BREAKING    " : "non-breaking";
    lines.push(`${label}  ${change.operation}${change.where ? `  ${change.where}` : ""}`);
    lines.push(`              ${change.what}  [${change.pointer}]`);
  }
  if (changes.length === 0) lines.push("(none)");
  lines.push("", `${breaking} breaking, ${changes.length - breaking} non-breaking.`);
  lines.push(...verdict.warnings.map((w) => `warning: ${w}`), ...verdict.errors.map((e) => `error: ${e}`));
  if (verdict.errors.length === 0)
    lines.push(`OK: info.version ${diff.current} allows these changes and has a CHANGELOG.md section.`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const [released, current] = [readSpec(RELEASED_SPEC_PATH), readSpec(BUNDLED_SPEC_PATH)];
  const changelog = await readFile(CHANGELOG_PATH, "utf8").catch(() => undefined);
  const diff = await diffSpecs(released, current);
  const verdict = judge(diff, changelog);
  console.log(formatReport(diff, verdict));
  if (verdict.errors.length > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
