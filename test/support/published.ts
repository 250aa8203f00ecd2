import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";

export interface PublishedBody {
  operationId: string;
  source: string;
  /** The media type sent, where it is not application/json. */
  contentType?: string;
  body: unknown;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/published-request-bodies.json", import.meta.url), "utf8"),
) as { bodies: PublishedBody[] };

/**
 * Fills Postman variables with what a real request would carry: `{{$timestamp}}` with a number, a variable
 * that is the whole value with a stable UUID (or an email address, password or PKCE verifier, by its name).
 */
export function fillPlaceholders(value: unknown): unknown {
  if (typeof value === "string") {
    const whole = /^\{\{(\w+)\}\}$/.exec(value);
    if (whole) return valueFor(whole[1]!);
    return value.replace(/\{\{\$timestamp\}\}/g, "1764000000");
  }
  if (Array.isArray(value)) return value.map(fillPlaceholders);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v)]));
  }
  return value;
}

function valueFor(name: string): string {
  if (/email$/i.test(name)) return "user@example.com";
  if (/password$/i.test(name)) return "2FederateM0re!";
  if (/username$/i.test(name)) return "pp_user";
  if (/verifier$/i.test(name)) return "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"; // PKCE: 43+ characters
  const hex = createHash("sha256").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const publishedBodies: PublishedBody[] = fixture.bodies.map((entry) => ({
  ...entry,
  body: fillPlaceholders(entry.body),
}));
