/** The tarball `npm publish` would upload: exactly the files the package needs, and a README that works there. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/paths.js";
import { readme } from "./readme-code.js";

const { files } = inject("packed");
const manifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as Record<string, any>;
const REPOSITORY = "https://github.com/pingone-sdk/pingone-platform-client";

describe("the packed package", () => {
  it("holds the build, the bundled spec and the documents, and nothing else", () => {
    const unexpected = files.filter(
      (file) =>
        !/^dist\/.+\.(js|mjs|d\.ts|d\.mts|js\.map|mjs\.map)$/.test(file) &&
        !["openapi/bundled/openapi.yaml", "openapi/bundled/openapi.json"].includes(file) &&
        !["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(file),
    );
    expect(unexpected).toEqual([]);
    for (const needed of ["CHANGELOG.md", "LICENSE", "README.md", "dist/testing/prism-supervisor.mjs"]) {
      expect(files).toContain(needed);
    }
  });

  it("contains every file its exports map names", () => {
    const targets = Object.values(
      manifest.exports as Record<string, string | Record<string, string>>,
    ).flatMap((target) => (typeof target === "string" ? [target] : Object.values(target)));
    for (const target of targets) expect(files).toContain(target.replace(/^\.\//, ""));
  });

  it("is ready to publish, and to install from git", () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.repository.url).toBe(`git+${REPOSITORY}.git`);
    expect(manifest.homepage).toMatch(new RegExp(`^${REPOSITORY}`));
    expect(manifest.bugs.url).toBe(`${REPOSITORY}/issues`);
    expect(manifest.keywords).toContain("pingone");
    expect(manifest.scripts.prepare).toBe("npm run build"); // `npm install <git url>` builds dist/
    // The mock's Prism is installed only by those who use it.
    expect(manifest.peerDependencies["@stoplight/prism-cli"]).toBeDefined();
    expect(manifest.peerDependenciesMeta["@stoplight/prism-cli"]).toEqual({ optional: true });
    expect(Object.keys(manifest.dependencies)).toEqual(["openapi-fetch"]);
  });
});

/** GitHub's anchors for a Markdown document's headings. */
const headingSlugs = (markdown: string) =>
  [...markdown.matchAll(/^#+ (.+)$/gm)].map((match) =>
    match[1]!
      .toLowerCase()
      .replace(/[^\w\- ]/g, "")
      .replace(/ /g, "-"),
  );

describe("the README, as the registry shows it", () => {
  const text = readme();
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);

  it("links only to absolute URLs or to its own headings", () => {
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((link) => !/^(https?:\/\/|#)/.test(link))).toEqual([]);
  });

  it("links to files of the repository that exist, and to headings they have", async () => {
    const targets = links.flatMap((link) => {
      const match = new RegExp(`^${REPOSITORY}/(?:blob|tree)/main/([^#]+)(?:#(.+))?$`).exec(link);
      return match ? [{ path: match[1]!, anchor: match[2] }] : [];
    });
    expect(targets.length).toBeGreaterThan(3);
    expect(targets.filter(({ path }) => !existsSync(join(REPO_ROOT, path)))).toEqual([]);
    for (const { path, anchor } of targets.filter((target) => target.anchor)) {
      expect(headingSlugs(await readFile(join(REPO_ROOT, path), "utf8"))).toContain(anchor);
    }
  });

  it("links to headings it has", () => {
    const anchors = links.filter((link) => link.startsWith("#")).map((link) => link.slice(1));
    expect(anchors.length).toBeGreaterThan(0);
    expect(anchors.filter((anchor) => !headingSlugs(text).includes(anchor))).toEqual([]);
  });
});
