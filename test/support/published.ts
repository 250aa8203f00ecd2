import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";

export interface PublishedBody {
  operationId: string;
  source: string;
  body: unknown;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/published-request-bodies.json", import.meta.url), "utf8"),
) as { bodies: PublishedBody[] };

/** Fills Postman variables (`{{popID}}`) with a stable UUID per name: the values a real request would carry. */
export function fillPlaceholders(value: unknown): unknown {
  if (typeof value === "string") {
    const match = /^\{\{(\w+)\}\}$/.exec(value);
    return match ? uuidFor(match[1]!) : value;
  }
  if (Array.isArray(value)) return value.map(fillPlaceholders);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v)]));
  }
  return value;
}

function uuidFor(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const publishedBodies: PublishedBody[] = fixture.bodies.map((entry) => ({
  ...entry,
  body: fillPlaceholders(entry.body),
}));
