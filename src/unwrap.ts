import { PingOneApiError } from "./errors.js";
import { retryAfterMs } from "./retry.js";
import { correlationOf, requestOf, withFacts } from "./checked-response.js";
import type { PingOneError } from "./types.js";

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The throwing style: the call's data, or a `PingOneApiError` for any error status (also one whose error body
 * is empty, which openapi-fetch reports as `error: undefined`).
 *
 *   const action = unwrap(await client.POST("/environments/{environmentID}/...", { ... }));
 */
export function unwrap<T>(result: Result<T>): T {
  const { response } = result;
  if (response.ok) return result.data as T;
  throw apiError(response, result.error);
}

export function apiError(response: Response, body: unknown): PingOneApiError {
  const facts = requestOf(response);
  const error = new PingOneApiError({
    method: facts.method,
    path: facts.path,
    status: response.status,
    body: body && typeof body === "object" ? (body as Partial<PingOneError>) : undefined,
    retryAfterMs: retryAfterMs(response.headers),
  });
  return withFacts(error, { ...facts, correlationId: correlationOf(response) });
}
