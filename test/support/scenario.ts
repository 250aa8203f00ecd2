/** What the client tests share: IDs, a server that lives exactly as long as one test, and PingOne bodies. */
import { onTestFinished } from "vitest";
import { startLocalServer, type Handler, type LocalServer } from "./local-server.js";

export const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
export const APP = "fe36bb1a-3983-4d6c-af02-e7d50b0ab99a";
export const MAPPING = "18d4b06c-f8f3-4064-a2c4-0db80250fb5f";
export const POLICY = "551e6ddc-7f2d-4934-98a5-ddc50037246a";

export const ATTRIBUTES = "/environments/{environmentID}/applications/{applicationID}/attributes";
export const ATTRIBUTE =
  "/environments/{environmentID}/applications/{applicationID}/attributes/{attributeMappingID}";
export const attributesUrl = `/environments/${ENV}/applications/${APP}/attributes`;
export const attributeUrl = `${attributesUrl}/${MAPPING}`;

export const appParams = { params: { path: { environmentID: ENV, applicationID: APP } } };
export const mappingParams = {
  params: { path: { environmentID: ENV, applicationID: APP, attributeMappingID: MAPPING } },
};
export const mappingInput = { name: "email", value: "${user.email}" };

/**
 * `setTimeout` may fire up to a millisecond before `Date.now()` says the delay has passed, and each of the
 * two timestamps of a gap is rounded to the millisecond: lower bounds on gaps allow for that, nothing more.
 */
export const CLOCK_SLACK_MS = 2;

/** A local server for the current test only: closed when the test ends, whatever its outcome. */
export async function serve(handle: Handler): Promise<LocalServer> {
  const server = await startLocalServer(handle);
  onTestFinished(() => server.close());
  return server;
}

export function p1Error(code: string, message: string, details?: unknown[]) {
  return { id: "0b0b3c9d-2ab9-4b87-9b8c-7e0a5f3b1c2d", code, message, ...(details ? { details } : {}) };
}

export function mapping(name: string) {
  return {
    id: MAPPING,
    name,
    value: `\${user.${name}}`,
    required: false,
    mappingType: "CUSTOM",
    createdAt: "2024-05-01T12:00:00.000Z",
    updatedAt: "2024-05-01T12:00:00.000Z",
  };
}

/** A HAL page of attribute mappings, with a next link when `next` is given. */
export function page(names: string[], next?: string) {
  return {
    _links: { self: { href: "self" }, ...(next ? { next: { href: next } } : {}) },
    _embedded: { attributes: names.map(mapping) },
    size: names.length,
  };
}

/** Resolves after `ms`, for scripts that answer late. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
