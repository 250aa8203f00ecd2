/**
 * Which of its named examples the mock answers a request with. Prism alone answers every call with the first
 * example of the response, whatever was sent: a LOGIN action created comes back as PROGRESSIVE_PROFILING. The
 * spec names each response example like the request example it answers (`login` -> `login`), so the request
 * is matched to a request example, and the response example of that name is chosen:
 *
 * - of the request examples under the request's media type (a vendor media type such as
 *   `…user.update+json` narrows them to its own),
 * - the one whose discriminator values (`type`, `protocol`, `grant_type`: every `discriminator.propertyName`
 *   of the spec) agree most with the body's; one that contradicts the body is never chosen,
 * - the first on a tie. No match at all leaves the choice to Prism.
 */
import { routeFinder } from "./routes.js";
import { deref, isObject, type Json } from "./spec.js";

export interface MockRequest {
  method: string;
  /** The URL's path, no query. */
  pathname: string;
  /** The `Content-Type` header, or "" without one. */
  contentType: string;
  /** The body as text, "" without one. */
  body: string;
}

/** The name of the response example to answer with, or `undefined` for Prism's own choice. */
export type ExampleChooser = (request: MockRequest) => string | undefined;

interface Operation {
  method: string;
  path: string;
  op: Json;
}

const METHODS = ["get", "put", "post", "delete", "patch"];

export function exampleChooser(spec: Json): ExampleChooser {
  const operations = Object.entries(asObject(spec.paths)).flatMap(([path, item]) =>
    METHODS.filter((method) => isObject(asObject(item)[method])).map((method) => ({
      method,
      path,
      op: asObject(asObject(item)[method]),
    })),
  );
  const find = routeFinder<Operation>(operations);
  const discriminators = discriminatorProperties(spec);
  return (request) => {
    const operation = find(request.method, request.pathname);
    if (!operation) return undefined;
    const answers = new Set(Object.keys(successExamples(spec, operation.op)));
    const candidates = requestExamples(spec, operation.op, mediaType(request.contentType)).filter(([name]) =>
      answers.has(name),
    );
    return bestMatch(candidates, parseBody(request), discriminators);
  };
}

function bestMatch(
  candidates: [string, unknown][],
  body: Json | undefined,
  keys: string[],
): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const [name, example] of candidates) {
    const score = agreement(body, isObject(example) ? example : {}, keys);
    if (score !== undefined && (best === undefined || score > best.score)) best = { name, score };
  }
  return best?.name;
}

/** How many discriminator values the body and the example share; `undefined` if any differs. */
function agreement(body: Json | undefined, example: Json, keys: string[]): number | undefined {
  let score = 0;
  for (const key of keys) {
    if (body?.[key] === undefined || example[key] === undefined) continue;
    if (body[key] !== example[key]) return undefined;
    score += 1;
  }
  return score;
}

/** The named request examples under `mediaType`: [name, value]. */
function requestExamples(spec: Json, op: Json, mediaType: string): [string, unknown][] {
  const content = asObject(asObject(deref(spec, op.requestBody)).content);
  const media = Object.entries(content).find(([type]) => type.toLowerCase() === mediaType)?.[1];
  return Object.entries(asObject(asObject(media).examples)).map(([name, example]) => [
    name,
    asObject(deref(spec, example)).value,
  ]);
}

/** The named examples of the response Prism answers with: the lowest 2xx status that has a body. */
function successExamples(spec: Json, op: Json): Json {
  const statuses = Object.keys(asObject(op.responses))
    .filter((status) => /^2\d\d$/.test(status))
    .sort();
  for (const status of statuses) {
    const content = Object.values(asObject(asObject(deref(spec, asObject(op.responses)[status])).content));
    const examples = content
      .map((media) => asObject(asObject(media).examples))
      .find((e) => Object.keys(e).length);
    if (examples) return examples;
  }
  return {};
}

/** Every `discriminator.propertyName` in the spec. */
function discriminatorProperties(spec: Json): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    const name = isObject(node.discriminator) ? node.discriminator.propertyName : undefined;
    if (typeof name === "string") names.add(name);
    Object.values(node).forEach(visit);
  };
  visit(spec.components);
  return [...names];
}

function parseBody({ contentType, body }: MockRequest): Json | undefined {
  const type = mediaType(contentType);
  try {
    if (type === "application/json" || type.endsWith("+json")) {
      const parsed: unknown = JSON.parse(body);
      return isObject(parsed) ? parsed : undefined;
    }
  } catch {
    return undefined; // Prism answers a malformed body itself.
  }
  return type === "application/x-www-form-urlencoded"
    ? Object.fromEntries(new URLSearchParams(body))
    : undefined;
}

const mediaType = (contentType: string) => contentType.split(";")[0]!.trim().toLowerCase();

const asObject = (value: unknown): Json => (isObject(value) ? value : {});
