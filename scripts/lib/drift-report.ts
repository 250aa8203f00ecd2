/**
 * Drift between the spec and what is on the wire, as Prism's proxy (`--errors`) reports it, gathered from the
 * answers themselves: Prism logs no details of a violation it turns into an error response.
 *
 * - a request that breaks the spec is answered 422 `#UNPROCESSABLE_ENTITY` (and never forwarded), or 401
 *   `#UNAUTHORIZED` (security), or 404/405 `#NO_PATH_MATCHED_ERROR`/`#NO_METHOD_MATCHED_ERROR`;
 * - a response that breaks it is replaced by a 500 `#VIOLATIONS`;
 * - the `sl-violations` header lists every violation, warnings included (cut short beyond 8 KB).
 */
import { SpecOperations, type SpecOperation } from "./spec-operations.js";

const PRISM_ERRORS = "https://stoplight.io/prism/errors#";

export interface Violation {
  /** `request` or `response`, then where: `["response", "body", "attributes", "0", "required"]`. */
  location: string[];
  severity: string;
  code: string;
  message: string;
}

export interface Finding {
  /** The request as sent, `METHOD /path`. */
  request: string;
  operation: SpecOperation | undefined;
  violations: Violation[];
  /** Per place, what was left out as the other variants of a discriminated oneOf (`withoutOtherVariants`). */
  otherVariants: string[];
  /**
   * Who answered: the upstream (its answer passed, with warnings), or Prism, which `refused` to forward the
   * request or `withheld` the upstream's answer (so what the request did upstream, created, went unseen).
   */
  answer: "upstream" | "refused" | "withheld";
}

/** Prism's failures that are not violations (the upstream unreachable, ...): they explain a failed step. */
export interface ProxyError {
  request: string;
  problem: string;
}

/** A fetch to put between the client and the proxies, which notes every violation their answers carry. */
export function watchForDrift(
  fetch: typeof globalThis.fetch = globalThis.fetch,
  spec = new SpecOperations(),
) {
  const findings: Finding[] = [];
  const proxyErrors: ProxyError[] = [];
  let exchanges = 0;
  const watched: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    exchanges++;
    const { pathname } = new URL(request.url);
    const sent = `${request.method} ${pathname}`;
    const problem = await prismProblem(response);
    const violations = dedupe([...(problem?.violations ?? []), ...headerViolations(response)]);
    if (violations.length > 0) {
      const operation = spec.find(request.method, pathname);
      const contentType = request.headers.get("content-type") ?? "";
      const { kept, otherVariants } = withoutOtherVariants(violations, operation, contentType, spec);
      const answer = !problem?.violations.length
        ? "upstream"
        : problem.type === "VIOLATIONS"
          ? "withheld"
          : "refused";
      findings.push({ request: sent, operation, violations: kept, otherVariants, answer });
    } else if (problem) {
      proxyErrors.push({ request: sent, problem: `${problem.type}: ${problem.title}` });
    }
    return response;
  };
  return { fetch: watched, findings, proxyErrors, exchanges: () => exchanges };
}

interface PrismProblem {
  type: string;
  title: string;
  violations: Violation[];
}

/** Prism's problem+json answer, if this is one, with the violations it stands for. */
async function prismProblem(response: Response): Promise<PrismProblem | undefined> {
  if (!response.headers.get("content-type")?.includes("application/problem+json")) return undefined;
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as Record<string, any>;
  // Prism's own problems, or an error it caught (`FetchError` when the upstream cannot be reached).
  const type = String(body.type ?? "").replace(PRISM_ERRORS, "");
  if (!/^\w+$/.test(type)) return undefined;
  const title = String(body.title ?? "");
  const found = (violations: Violation[]) => ({ type, title, violations });
  const one = (location: string[], message: string) =>
    found([{ location, severity: "Error", code: type, message }]);
  switch (type) {
    case "VIOLATIONS": // the locations start with request or response
      return found(listed(body.validation, []));
    case "UNPROCESSABLE_ENTITY":
      return found(listed(body.validation, ["request"]));
    case "UNAUTHORIZED": {
      const expected = body.headers?.["WWW-Authenticate"] ?? "none";
      return one(
        ["request", "header", "authorization"],
        `does not meet the security requirements (${expected})`,
      );
    }
    case "NO_PATH_MATCHED_ERROR":
    case "NO_METHOD_MATCHED_ERROR":
      return one(["request", "path"], `${title}: ${body.detail ?? ""}`);
    default:
      return found([]);
  }
}

function listed(validation: unknown, prefix: string[]): Violation[] {
  if (!Array.isArray(validation)) return [];
  return validation.map((v: Record<string, any>) => ({
    location: [...prefix, ...(Array.isArray(v.location) ? v.location.map(String) : [])],
    severity: String(v.severity ?? "Error"),
    code: String(v.code ?? ""),
    message: String(v.message ?? ""),
  }));
}

/** The `sl-violations` header; when Prism cut it short, the whole entries before the cut. */
function headerViolations(response: Response): Violation[] {
  const header = response.headers.get("sl-violations")?.replace(/^Too many violations! /, "");
  if (!header) return [];
  try {
    return listed(JSON.parse(header), []);
  } catch {
    const whole = header.match(
      /\{"location":\[[^\]]*\],"severity":"[^"]*","code":[^,]*,"message":"(?:[^"\\]|\\.)*"\}/g,
    );
    return listed(
      (whole ?? []).map((entry) => JSON.parse(entry) as unknown),
      [],
    );
  }
}

function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.location.join("/")}\n${v.message}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

/**
 * Prism checks a oneOf without its discriminator, so a body that breaks one variant also gets the complaints
 * of every other variant ("type must be equal to one of the allowed values: LOGIN", "must have required
 * property 'form'", ...). Where the spec's discriminator names the variant (the one mapping value no
 * complaint about the discriminator property rules out), only what concerns that variant is kept.
 */
function withoutOtherVariants(
  violations: Violation[],
  operation: SpecOperation | undefined,
  contentType: string,
  spec: SpecOperations,
): { kept: Violation[]; otherVariants: string[] } {
  let kept = violations;
  const otherVariants: string[] = [];
  if (!operation) return { kept, otherVariants };
  const enumComplaints = violations.filter((v) => v.code === "enum" && v.location[1] === "body");
  const bases = new Map(
    enumComplaints.map((v) => [v.location.slice(0, -1).join("/"), v.location.slice(0, -1)]),
  );
  for (const base of bases.values()) {
    const side = base[0] === "request" ? "request" : "response";
    const node = spec.schemaAt(spec.bodySchema(operation, side, contentType), base.slice(2));
    const property: unknown = node?.discriminator?.propertyName;
    const mapping: Record<string, string> = node?.discriminator?.mapping ?? {};
    if (!node?.oneOf || typeof property !== "string") continue;
    const at = (v: Violation, extra: number) =>
      v.location.length === base.length + extra && base.every((part, i) => v.location[i] === part);
    const ruledOut = new Set(
      kept
        .filter((v) => v.code === "enum" && at(v, 1) && v.location[base.length] === property)
        .flatMap((v) => v.message.slice(v.message.lastIndexOf(": ") + 2).split(", ")),
    );
    const candidates = Object.keys(mapping).filter((value) => !ruledOut.has(value));
    if (candidates.length !== 1) continue; // the discriminator itself is off: every complaint stays
    const chosen = spec.shape({ $ref: mapping[candidates[0]!] });
    const concernsChosen = (v: Violation): boolean => {
      if (!base.every((part, i) => v.location[i] === part)) return true;
      if (at(v, 0)) {
        const named = /property '([^']+)'|found '([^']+)'/.exec(v.message);
        const name = named?.[1] ?? named?.[2];
        if (v.code === "oneOf") return false; // "must match exactly one schema": what is kept says why
        if (v.code === "required") return !name || chosen.required.has(name);
        if (v.code === "additionalProperties") return !name || !chosen.properties.has(name);
        return true;
      }
      const next = v.location[base.length]!;
      return next !== property && chosen.properties.has(next);
    };
    const before = kept.length;
    kept = kept.filter(concernsChosen);
    if (kept.length < before) {
      otherVariants.push(
        `${before - kept.length} more not shown: about the other variants of the oneOf at ` +
          `${formatLocation(base)}, whose ${property} ${candidates[0]} picks this one`,
      );
    }
  }
  return { kept, otherVariants };
}

/** `["response", "body", "attributes", "0", "required"]` -> `response.body.attributes[0].required`. */
function formatLocation(location: readonly string[]): string {
  return location.map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

/** Prism's message without the place it repeats ("Response body property attributes.0.required must ..."). */
function shortMessage({ location, message }: Violation): string {
  const [side = "", where = "", ...path] = location;
  const subject = `${side.charAt(0).toUpperCase()}${side.slice(1)} ${where} `;
  const prefixes = [
    `${subject}property ${path.join(".")} `,
    `${subject}parameter ${path.join(".")} `,
    subject,
  ];
  const prefix = prefixes.find((p) => message.startsWith(p));
  return prefix ? message.slice(prefix.length) : message;
}

/** The name of an operation in a report: `createUser (POST /environments/{environmentID}/users)`. */
function operationName(finding: Pick<Finding, "operation" | "request">): string {
  const { operation } = finding;
  return operation
    ? `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`
    : `${finding.request} (not in the spec)`;
}

/** One line per violation: the operation, then the place and what is wrong there. */
export function driftReport(findings: readonly Finding[], exchanges: number, specName: string): string {
  const count = findings.reduce((sum, finding) => sum + finding.violations.length, 0);
  const lines = [
    `Drift from ${specName}: ${count} violation${count === 1 ? "" : "s"} in ${findings.length} of ${exchanges} exchanges`,
  ];
  for (const finding of findings) {
    for (const violation of finding.violations) {
      const severity = violation.severity === "Error" ? "" : ` (${violation.severity.toLowerCase()})`;
      lines.push(
        `  - ${operationName(finding)} ${formatLocation(violation.location)}: ${shortMessage(violation)}${severity}`,
      );
    }
    for (const note of finding.otherVariants) lines.push(`      (${note})`);
    if (finding.answer === "withheld" && finding.operation?.method === "post") {
      lines.push(
        `      (Prism withheld this answer: if the POST created something, the replay could not delete it)`,
      );
    }
  }
  return lines.join("\n");
}
