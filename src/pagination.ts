/**
 * Async iteration over a HAL collection: the items of `_embedded`, page after page, following
 * `_links.next.href`. Next links are absolute URLs; the transport refuses any that leaves the API origin.
 */
import type { Client, FetchOptions } from "openapi-fetch";
import { PingOneInvalidResponseError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import type { Transport } from "./transport.js";
import { apiError, unwrap } from "./unwrap.js";

type CollectionOf<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": infer C } } } };
}
  ? C extends { _embedded: Record<string, unknown[]> }
    ? C
    : never
  : never;

/** The paths whose GET returns a HAL collection. */
export type CollectionPath = {
  [P in keyof paths]: CollectionOf<P> extends never ? never : P;
}[keyof paths];

export type ItemOf<P extends CollectionPath> =
  CollectionOf<P>["_embedded"][keyof CollectionOf<P>["_embedded"]][number];

type Init<P extends CollectionPath> = paths[P] extends { get: infer Op } ? FetchOptions<Op> : never;

export type Paginate = <P extends CollectionPath>(
  path: P,
  init: Init<P>,
) => AsyncGenerator<ItemOf<P>, void, undefined>;

interface Page {
  _embedded?: Record<string, unknown[]>;
  _links?: { next?: { href?: string } };
}

export function paginator(
  client: Client<paths>,
  transport: Transport,
  defaultHeaders: Record<string, string> = {},
): Paginate {
  return async function* paginate(path, init) {
    // openapi-fetch cannot be handed an absolute URL, so later pages go straight through the transport,
    // which applies the same origin pinning, auth, retries and body checks.
    const get = client.GET as (
      path: string,
      init: unknown,
    ) => Promise<{ data?: unknown; response: Response }>;
    const first = await get(path, init);
    let page = unwrap(first) as Page;
    let pageUrl = first.response.url;
    const seen = new Set<string>([pageUrl]);
    for (;;) {
      for (const items of Object.values(page._embedded ?? {})) yield* items as ItemOf<typeof path>[];
      const next = page._links?.next?.href;
      if (!next) return;
      const url = resolveLink(next, pageUrl); // a relative link is relative to the page it came from
      pageUrl = url;
      if (seen.has(url)) {
        throw new PingOneInvalidResponseError({
          method: "GET",
          path: new URL(url).pathname,
          status: 200,
          contentType: "application/json",
          problem: "links back to a page already read (_links.next repeats)",
        });
      }
      seen.add(url);
      const { headers, signal } = (init ?? {}) as { headers?: HeadersInit; signal?: AbortSignal };
      const response = await transport(
        new Request(url, {
          headers: { ...defaultHeaders, ...Object.fromEntries(new Headers(headers)) },
          signal: signal ?? null,
        }),
      );
      // The transport has checked the body: valid JSON, or empty (which only an error status may have).
      const text = response.status === 204 ? "" : await response.text();
      const body: unknown = text === "" ? undefined : JSON.parse(text);
      if (!response.ok) throw apiError(response, body);
      page = body as Page;
    }
  };
}

function resolveLink(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    throw new PingOneInvalidResponseError({
      method: "GET",
      path: new URL(base).pathname,
      status: 200,
      contentType: "application/json",
      problem: `has a _links.next that is not a URL (${JSON.stringify(href.slice(0, 100))})`,
    });
  }
}
