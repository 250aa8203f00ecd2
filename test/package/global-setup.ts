/** Packs the package once per run, as `npm publish` would, for every test of the "package" project. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { packPackage, type PackedPackage } from "../../scripts/lib/pack.js";

declare module "vitest" {
  export interface ProvidedContext {
    packed: PackedPackage & { scratch: string };
  }
}

export default async function setup(project: TestProject) {
  const scratch = await mkdtemp(join(tmpdir(), "pingone-consumers-"));
  project.provide("packed", { ...(await packPackage(scratch)), scratch });
  return () => rm(scratch, { recursive: true, force: true });
}
