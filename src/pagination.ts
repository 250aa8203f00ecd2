/**
 * Async iteration over a HAL collection: the items of `_embedded`, page after page, following
 * `_links.next.href`. Every page goes through the client itself (its headers, its middleware, the transport's
 * origin pinning, auth, retries and body checks): a next link is turned back into a path under the base URL.
 */
import type { FetchOptions } from "openapi-fetch";
import type { CallOptions, PageGet } from "./calls.js";
import { requestOf, withFacts } from "./checked-response.js";
import { PingOneInvalidResponseError, PingOneSecurityError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import { unwrap } from "./unwrap.js";

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

type Init<P extends CollectionPath> = paths[P] extends { get: infer Op }
  ? FetchOptions<Op> & CallOptions
  : never;

export type Paginate = <P extends CollectionPath>(
  path: P,
  init: Init<P>,
) => AsyncGenerator<ItemOf<P>, void, undefined>;

interface Page {
  items: unknown[];
  next: string | undefined;
}

type Answer = { data?: unknown; error?: unknown; response: Response };

export function paginator(pageGet: PageGet, baseUrl: string): Paginate {
  const get = pageGet as unknown as (
    path: string,
    init: Record<string, unknown>,
    template: string,
  ) => Promise<Answer>;
  return async function* paginate(path, init) {
    let result = await get(path, init as unknown as Record<string, unknown>, path);
    const seen = new Set<string>([result.response.url]);
    for (;;) {
      const page = pageOf(unwrap(result), result.response);
      yield* page.items as ItemOf<typeof path>[];
      if (page.next === undefined) return;
      const next = nextUrl(page.next, result.response);
      if (seen.has(next.href))
        throw invalid(result.response, "links back to a page already read (_links.next repeats)");
      seen.add(next.href);
      // The next link carries the page's query (PingOne's cursor included): the caller's query is not added again.
      const { params, ...rest } = (init ?? {}) as { params?: Record<string, unknown> };
      result = await get(
        relativeTo(baseUrl, next),
        { ...rest, params: { ...params, path: {}, query: {} } },
        path,
      );
    }
  };
}

/** The items of a page and its next link, checked: a page that is not a HAL collection is refused. */
function pageOf(body: unknown, response: Response): Page {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw invalid(response, "is not a HAL collection page (no object body)");
  const { _embedded: embedded, _links: links } = body as {
    _embedded?: unknown;
    _links?: { next?: { href?: unknown } };
  };
  if (
    embedded !== undefined &&
    (embedded === null || typeof embedded !== "object" || Array.isArray(embedded))
  )
    throw invalid(response, "has an _embedded that is not an object");
  const lists = Object.values(embedded ?? {});
  if (!lists.every(Array.isArray))
    throw invalid(response, "has an _embedded collection that is not an array");
  const href = links?.next?.href;
  if (href !== undefined && typeof href !== "string")
    throw invalid(response, "has a _links.next.href that is not a string");
  return { items: lists.flat(), next: href === "" ? undefined : href };
}

/** A next link, resolved against the page it came from (a relative link is relative to that page). */
function nextUrl(href: string, response: Response): URL {
  let url: URL;
  try {
    url = new URL(href, response.url || undefined); // a fetch that gives no url: absolute links only
  } catch {
    throw invalid(response, `has a _links.next that is not a URL (${JSON.stringify(href.slice(0, 100))})`);
  }
  if (url.username || url.password) throw invalid(response, "has a _links.next that carries credentials");
  return url;
}

/** The link as a path under the base URL: a link anywhere else is never followed. */
function relativeTo(baseUrl: string, url: URL): string {
  if (!url.href.startsWith(`${baseUrl}/`))
    throw new PingOneSecurityError({
      message: `refused to follow a _links.next to ${url.origin}${url.pathname}: only pages under ${baseUrl} are read`,
      origin: url.origin,
    });
  return url.href.slice(baseUrl.length);
}

/** The page's own call (its attempts and transaction id) behind the error. */
function invalid(response: Response, problem: string): PingOneInvalidResponseError {
  const facts = requestOf(response);
  const error = new PingOneInvalidResponseError({
    method: "GET",
    path: facts.path,
    status: response.status,
    contentType: response.headers.get("content-type"),
    problem,
  });
  return withFacts(error, facts);
}
