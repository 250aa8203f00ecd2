/**
 * The client's methods: openapi-fetch's, each wrapped once. Before openapi-fetch builds anything, a call's path
 * parameters are checked (each path template's names found once and cached), its per-call options read, and
 * an authorization-server path pointed at that host; openapi-fetch's own failures come back typed. Doing this
 * around the methods, not as middleware, costs a fast request nothing measurable; and while no middleware is
 * registered, openapi-fetch builds a light request (light-request.ts) instead of a full `Request`.
 */
import type { Client, FetchResponse, MaybeOptionalInit, Middleware } from "openapi-fetch";
import { PingOneClientError, PingOneConfigError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import { AUTH_SERVER_PATHS } from "./generated/servers.js";
import { LightRequest } from "./light-request.js";
import type { Paginate } from "./pagination.js";
import { checkDuration, retryPolicy } from "./options.js";
import type { RetryOptions, RetryPolicy } from "./retry.js";
import type { Call, Transport } from "./transport.js";

/** Options of one call, beside openapi-fetch's: each overrides the client's option of the same name. */
export interface CallOptions {
  /** Per attempt, for this call. */
  timeoutMs?: number;
  /** For this whole call, retries and waits included. */
  totalTimeoutMs?: number;
  /** This call's retry policy (merged over the client's), or `false` for none. */
  retry?: RetryOptions | false;
}

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream";
type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends { [K in M]: unknown } ? P : never;
}[keyof paths];
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/**
 * A call's options: openapi-fetch's for the operation, and ours. Not generic in the options themselves (as
 * openapi-fetch's are, which lets any key through): an option TypeScript does not know is an error, with a
 * "did you mean"; only `parseAs` is inferred, for the type of `data`.
 */
type Init<P extends keyof paths, M extends HttpMethod, As extends ParseAs> = NonNullable<
  MaybeOptionalInit<paths[P], M>
> &
  CallOptions & { parseAs?: As };
type InitArgs<P extends keyof paths, M extends HttpMethod, As extends ParseAs> =
  RequiredKeys<Init<P, M, As>> extends never ? [init?: Init<P, M, As>] : [init: Init<P, M, As>];
type Result<P extends keyof paths, M extends HttpMethod, As extends ParseAs> = Promise<
  FetchResponse<paths[P][M] & Record<string | number, unknown>, { parseAs: As }, `${string}/${string}`>
>;

/** A method of the client: openapi-fetch's, with the per-call options, and no option it does not know. */
export type CallMethod<M extends HttpMethod> = <P extends PathsWith<M>, As extends ParseAs = "json">(
  url: P,
  ...init: InitArgs<P, M, As>
) => Result<P, M, As>;

export type RequestMethod = <M extends HttpMethod, P extends PathsWith<M>, As extends ParseAs = "json">(
  method: M,
  url: P,
  ...init: InitArgs<P, M, As>
) => Result<P, M, As>;

/** The openapi-fetch client, typed by the spec, with per-call options, plus `paginate` over HAL collections. */
export type PingOneClient = Omit<Client<paths>, Uppercase<HttpMethod> | "request"> & {
  GET: CallMethod<"get">;
  PUT: CallMethod<"put">;
  POST: CallMethod<"post">;
  DELETE: CallMethod<"delete">;
  OPTIONS: CallMethod<"options">;
  HEAD: CallMethod<"head">;
  PATCH: CallMethod<"patch">;
  TRACE: CallMethod<"trace">;
  request: RequestMethod;
  paginate: Paginate;
};

/** What every call of one client shares. */
export interface CallDefaults {
  authBaseUrl: string;
  transport: Transport;
  timeoutMs: number;
  totalTimeoutMs: number;
  retry: RetryPolicy;
}

type AnyInit = Record<string, unknown> & CallOptions & { params?: { path?: unknown } };
type Send = (path: string, init: AnyInit) => Promise<unknown>;
/** The client's GET for pagination.ts: `template`, the collection's path template, names every page's events. */
export type PageGet = (path: string, init: AnyInit, template: string) => Promise<never>;
const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * The client's surface over openapi-fetch's `base`: every method wrapped, `use`/`eject` counted (the light
 * request only while none is registered); and the GET that pagination uses.
 */
export function callSurface(
  base: Client<paths>,
  defaults: CallDefaults,
): { surface: Omit<PingOneClient, "paginate">; pageGet: PageGet } {
  const middleware: Middleware[] = [];
  const methods = base as unknown as Record<(typeof METHODS)[number], Send>;
  const call = (method: string, path: string, init: AnyInit | undefined, send: Send, template = path) => {
    let next: AnyInit;
    try {
      next = prepare({ method, path, template, init: init ?? {}, idle: middleware.length === 0 }, defaults);
    } catch (failure) {
      return Promise.reject(failure);
    }
    return send(path, next).then(emptyErrorUndefined, rethrowTyped);
  };
  const surface = Object.fromEntries(
    METHODS.map((name) => [name, (path: string, init?: AnyInit) => call(name, path, init, methods[name])]),
  );
  const request = base.request as unknown as (
    method: string,
    path: string,
    init: AnyInit,
  ) => Promise<unknown>;
  const pageGet = ((path, init, template) => call("GET", path, init, methods.GET, template)) as PageGet;
  return {
    surface: {
      ...surface,
      request: (method: string, path: string, init?: AnyInit) =>
        call(String(method).toUpperCase(), path, init, (p, i) => request(method, p, i)),
      use(...added: Middleware[]) {
        for (const m of added) {
          base.use(m); // openapi-fetch checks it, and ignores an empty entry
          if (m) middleware.push(m);
        }
      },
      eject(...removed: Middleware[]) {
        base.eject(...removed);
        for (const m of removed) if (middleware.includes(m)) middleware.splice(middleware.indexOf(m), 1);
      },
    } as unknown as Omit<PingOneClient, "paginate">,
    pageGet,
  };
}

/**
 * The init openapi-fetch gets for one call: checked, its per-call options taken out and turned into the call's
 * transport settings, the light request chosen when no middleware will see the request.
 */
function prepare(
  {
    method,
    path,
    template,
    init,
    idle,
  }: { method: string; path: string; template: string; init: AnyInit; idle: boolean },
  defaults: CallDefaults,
): AnyInit {
  checkPathParams(path, init.params?.path);
  if ((method === "GET" || method === "HEAD") && init.body !== undefined)
    throw new PingOneConfigError({ option: "body", message: `a ${method} request has no body` });
  const authServer = AUTH_SERVER_PATHS.has(path);
  const call: Call = {
    template,
    authServer,
    timeoutMs: init.timeoutMs === undefined ? defaults.timeoutMs : checkDuration("timeoutMs", init.timeoutMs),
    totalTimeoutMs:
      init.totalTimeoutMs === undefined
        ? defaults.totalTimeoutMs
        : checkDuration("totalTimeoutMs", init.totalTimeoutMs),
    retry: init.retry === undefined ? defaults.retry : retryPolicy(init.retry, defaults.retry),
    fetch: init.fetch as Call["fetch"],
  };
  // Our options travel on to openapi-fetch, which ignores them: a copy without them (object rest) costs a
  // fast call more than all the checks above. The copy is made by Object.assign and then added to, not as
  // `{ ...init, fetch }`, which V8 builds on a slow path (microseconds, a tenth of a fast call's overhead).
  const next: AnyInit = Object.assign({}, init);
  next.fetch = (request: Request) => defaults.transport(request, call);
  next.baseUrl = authServer ? defaults.authBaseUrl : init.baseUrl;
  next.Request =
    idle && init.Request === undefined && !(init.middleware as unknown[] | undefined)?.length
      ? LightRequest
      : init.Request;
  return next;
}

/** Each path template's parameter names, found once (a next page's path has its query cut off first). */
const paramNames = new Map<string, string[]>();
const MAX_CACHED_PATHS = 2_000;

function namesIn(path: string): string[] {
  let names = paramNames.get(path);
  if (names === undefined) {
    // Only the path: a next page's link (see pagination.ts) carries its query here too, which may hold braces.
    const [template = ""] = path.split("?");
    names = [...template.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name!);
    if (paramNames.size >= MAX_CACHED_PATHS) paramNames.clear(); // only typos and next links grow it
    paramNames.set(path, names);
  }
  return names;
}

/**
 * openapi-fetch would turn `..` in a path parameter into a request for the parent resource, and an empty or
 * missing one into a request for the collection: refuse them before anything is sent.
 */
function checkPathParams(path: string, given: unknown): void {
  const names = namesIn(path);
  if (names.length === 0) return;
  const values = (given ?? {}) as Record<string, unknown>;
  for (const name of names) {
    const value = values[name];
    if (value === undefined || value === null)
      throw new PingOneConfigError({
        option: `params.path.${name}`,
        message: `is missing (${path.split("?")[0]})`,
      });
    // openapi-fetch would turn an object, an array or a Date into an empty or garbled segment.
    if (typeof value !== "string" && typeof value !== "number")
      throw new PingOneConfigError({
        option: `params.path.${name}`,
        message: `must be a string or a number, got ${kindOf(value)}`,
      });
    const text = String(value);
    if (text.trim() === "" || text === "." || text === "..")
      throw new PingOneConfigError({
        option: `params.path.${name}`,
        message: `must not be empty, "." or ".." (got ${JSON.stringify(text)})`,
      });
  }
}

const kindOf = (value: unknown) =>
  Array.isArray(value) ? "an array" : value instanceof Date ? "a Date" : `a value of type ${typeof value}`;

/**
 * An error status with an empty body: openapi-fetch gives `error: undefined` when the response said so with
 * `Content-Length: 0`, and the empty string when it came chunked. The type promises the former; so does this.
 */
function emptyErrorUndefined(result: unknown): unknown {
  const settled = result as { error?: unknown };
  if (settled.error === "") settled.error = undefined;
  return result;
}

/**
 * What openapi-fetch throws while it builds a request (a lone surrogate in a parameter, a nested query object,
 * a line break in a header value) becomes a PingOneConfigError that names the part at fault and never quotes
 * the value; the transport's own failures are typed already. An error a caller's middleware throws is theirs,
 * and passes through unchanged.
 */
function rethrowTyped(failure: unknown): never {
  throw asClientError(failure);
}

function asClientError(failure: unknown): unknown {
  if (failure instanceof PingOneClientError) return failure;
  if (failure instanceof URIError)
    return new PingOneConfigError({
      option: "params",
      message: "a path or query value is not well-formed Unicode (a lone surrogate)",
    });
  const message = failure instanceof Error ? failure.message : "";
  if (/nested arrays\/objects/i.test(message))
    return new PingOneConfigError({
      option: "params.query",
      message:
        "a query value may be a string, a number, a boolean, or an array or object of them; nested deeper, serialize it yourself",
    });
  if (failure instanceof TypeError && /header/i.test(message))
    return new PingOneConfigError({
      option: "headers",
      message: "a header name or value has a character HTTP does not allow, such as a line break",
    });
  return failure;
}
