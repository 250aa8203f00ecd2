/**
 * One request on the wire, and the credential policy from hop to hop: each hop's headers are derived anew, so
 * a caller's own credentials stay on the origin (and the host's paths) they were set for, and a request a
 * redirect turns into a GET leaves its body and the headers that described it behind (the Fetch standard).
 */
import { PingOneConfigError, PingOneInvalidResponseError } from "./errors.js";
import type { Decision } from "./decision.js";

/** One request on the wire: the first, or one a redirect led to. */
export class Hop {
  private parsed: URL | undefined;

  constructor(
    readonly method: string,
    /** The URL as given (openapi-fetch joins the base URL and the path): parsed only when something needs it. */
    readonly href: string,
    /** The URL's origin, told without parsing where the URL starts with a known one. */
    readonly origin: string,
    /**
     * The caller's headers, less what this hop may not carry. The hop owns them: the bearer token is set on
     * them for an attempt that carries it (`bearer` says so), and taken off before a redirect derives the next.
     */
    readonly headers: Headers,
    readonly body: string | ArrayBuffer | undefined,
    url?: URL,
  ) {
    this.parsed = url;
  }

  /** Whether `headers` holds our bearer token now, rather than the caller's own Authorization or none. */
  bearer = false;

  get url(): URL {
    return (this.parsed ??= urlOf(this.href));
  }
}

/** Headers that describe a body: gone with the body when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
];
/** Credentials a caller may set itself: they go to the origin they were set for, never further. */
const CALLER_CREDENTIALS = ["authorization", "cookie", "proxy-authorization"];

/** Our bearer token on the hop's own headers, for this attempt (one the caller set is never replaced). */
export function setBearer(hop: Hop, token: string): void {
  hop.headers.set("authorization", `Bearer ${token}`);
  hop.bearer = true;
}

export function urlOf(href: string): URL {
  try {
    return new URL(href);
  } catch {
    throw new PingOneConfigError({ option: "path", message: "is not a URL once joined to the base URL" });
  }
}

/**
 * The next hop after a redirect, its headers derived anew: the method and body as the Fetch standard says (a
 * request turned into a GET loses its body and the headers that described it), and the caller's own
 * credentials only while the hop stays on the origin, and the host's paths, they were set for.
 */
export async function redirected(
  hop: Hop,
  response: Response,
  decision: Extract<Decision, { action: "redirect" }>,
  isAuthServerUrl: (url: URL) => boolean,
): Promise<Hop> {
  await discard(response);
  let url: URL; // checkOrigin refuses other origins
  try {
    url = new URL(response.headers.get("location")!, hop.url);
  } catch {
    throw new PingOneInvalidResponseError({
      method: hop.method,
      path: hop.url.pathname,
      status: response.status,
      contentType: response.headers.get("content-type"),
      problem: "redirects to a Location that is not a URL",
    });
  }
  const headers = new Headers(hop.headers);
  if (hop.bearer) headers.delete("authorization"); // ours: set anew per attempt, where it may go
  if (decision.dropBody) for (const name of BODY_HEADERS) headers.delete(name);
  // Another origin, or (where both hosts share one, as on a mock) the other host's paths: not where they were set.
  const elsewhere = url.origin !== hop.origin || isAuthServerUrl(url) !== isAuthServerUrl(hop.url);
  if (elsewhere) for (const name of CALLER_CREDENTIALS) headers.delete(name);
  return new Hop(
    decision.method,
    url.href,
    url.origin,
    headers,
    decision.dropBody ? undefined : hop.body,
    url,
  );
}

/** A body nobody will read: cancelled, and a body that already failed is no failure of the call. */
export async function discard(response: Response | undefined): Promise<void> {
  await response?.body?.cancel().catch(() => {});
}
