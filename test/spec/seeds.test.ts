import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { examplesOf, jsonContent, operation } from "../support/spec.js";

const seed = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/seeds/${name}.json`, import.meta.url), "utf8"));

describe("the seed documents are named examples of the spec, verbatim", () => {
  it.each([
    ["createSignOnPolicyAction", "progressiveProfiling", "signOnPolicyAction.progressiveProfiling"],
    ["createApplicationAttributeMapping", "email", "applicationAttributeMapping.email"],
  ])("%s example %s", (operationId, example, fixture) => {
    const op = operation(operationId).op;
    expect(examplesOf(jsonContent(op.requestBody))[example]).toEqual(seed(`${fixture}.request`));
    expect(examplesOf(jsonContent(op.responses["201"]))[example]).toEqual(seed(`${fixture}.201`));
  });
});
