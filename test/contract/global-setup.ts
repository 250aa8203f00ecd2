import type { TestProject } from "vitest/node";
import { startMockServer } from "../../scripts/lib/prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMockServer();
  project.provide("prismUrl", mock.url);
  return () => mock.stop();
}
