/**
 * What openapi-fetch builds a call into when no middleware will see it (its `Request` option): the URL, method,
 * headers, body and signal as given, read directly by the transport. A full `Request` costs a fast GET 9-16 µs
 * and turns a POST's body into a stream that the transport must read back (38-46 µs). A middleware may read
 * the request or build a new one from it, so while any is registered the client passes real Requests instead.
 */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  /** openapi-fetch's merged headers: a Headers object of this request's own, never shared. */
  readonly headers: Headers;
  readonly body: RequestInit["body"];
  readonly signal: AbortSignal | undefined;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body;
    this.signal = init.signal ?? undefined;
  }

  /** A real Request, for a body the transport does not send as it is (a stream, a Blob, FormData). */
  toRequest(): Request {
    return new Request(this.url, {
      method: this.method,
      headers: this.headers,
      body: this.body,
      signal: this.signal,
      duplex: "half",
    } as RequestInit);
  }
}

/** What the transport is handed: a real Request, or the light one. */
export type OutgoingRequest = Request | LightRequest;
