/** Headers whose values are secrets: never printed, logged or put in an error. */
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

export const REDACTED = "[REDACTED]";

/**
 * What `new Headers()` accepts. Spelt through the constructor so the declaration needs no DOM library: under
 * Node it is undici's `HeadersInit` (from @types/node), in a browser build the DOM's.
 */
export type HeadersLike = ConstructorParameters<typeof Headers>[0];

/** A plain copy of `headers` that is safe to print: secret values are replaced by `[REDACTED]`. */
export function redactHeaders(headers: HeadersLike): Record<string, string> {
  const safe: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    safe[name] = SECRET_HEADERS.has(name) ? REDACTED : value;
  });
  return safe;
}
