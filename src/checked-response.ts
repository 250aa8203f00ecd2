/**
 * The response as the layers above may rely on it: its body read once and checked (JSON where JSON is due,
 * never empty where a body is due), and what is known of the call behind it kept for error messages.
 */
import { PingOneClientError, PingOneInvalidResponseError } from "./errors.js";

/** What is known of the call behind a response, or behind an error: for messages and for support. */
export interface CallFacts {
  method: string;
  path: string;
  /** Attempts the call made, this one included (redirects and retries each count). */
  attempts?: number;
  /** The `X-Ping-External-Transaction-ID` the call was sent with, when the caller set one. */
  transactionId?: string;
  /** PingOne's `Correlation-Id` for the request that answered: what Ping support and the audit log know it by. */
  correlationId?: string;
}

/** A checked body: the text read, its parsed value, and whether (or into what copy) it was read again. */
interface Body {
  facts: CallFacts;
  text: string;
  parsed: unknown;
  read: boolean;
  copy: Response | undefined;
}

const BODY = Symbol("pingone.body");
type Checked = Response & { [BODY]?: Body };

export function requestOf(response: Response): CallFacts {
  return (
    (response as Checked)[BODY]?.facts ?? {
      method: "?",
      path: new URL(response.url || "http://unknown/").pathname,
    }
  );
}

/** One of our errors, with what is known of its call (what an inner layer told it first stays). */
export function withFacts<E>(error: E, facts: Omit<CallFacts, "method" | "path">): E {
  if (!(error instanceof PingOneClientError)) return error;
  const known = error as { attempts?: number; transactionId?: string; correlationId?: string };
  if (known.attempts === undefined && facts.attempts !== undefined) known.attempts = facts.attempts;
  if (known.transactionId === undefined && facts.transactionId !== undefined)
    known.transactionId = facts.transactionId;
  if (known.correlationId === undefined && facts.correlationId !== undefined)
    known.correlationId = facts.correlationId;
  return error;
}

/** PingOne's id for the request behind a response (its `Correlation-Id` header), when it sent one. */
export function correlationOf(response: Response): string | undefined {
  return response.headers.get("correlation-id") ?? undefined;
}

/**
 * Reads the body once and checks it: JSON where JSON is due, never empty where a body is due. The checked
 * response is handed on as it is, its body readers answering from what was read: a copy of the response
 * (a second read, a second parse) would cost a fast request a fifth of its time.
 */
export async function finish(response: Response, facts: CallFacts, maxBytes: number): Promise<Response> {
  if (response.status === 204 || facts.method === "HEAD") {
    (response as Checked)[BODY] = { facts, text: "", parsed: undefined, read: true, copy: undefined };
    return response;
  }
  const contentType = response.headers.get("content-type");
  const invalid = (problem: string) =>
    withFacts(new PingOneInvalidResponseError({ ...facts, status: response.status, contentType, problem }), {
      correlationId: correlationOf(response),
    });
  // A failure here (reset, abort, timeout mid-body) is classified by the caller, which knows the signals.
  const text = await readText(response, maxBytes, () =>
    invalid(`is larger than maxResponseBytes (${maxBytes} bytes, counted after decompression)`),
  );
  let parsed: unknown;
  if (text === "") {
    // An error status with no body is still reported as what it is, a PingOne error with no details.
    if (response.ok) throw invalid("had an empty body");
  } else if (!contentType || !/[/+]json\b/i.test(contentType)) {
    throw invalid("is not JSON");
  } else {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid("is not valid JSON");
    }
  }
  (response as Checked)[BODY] = { facts, text, parsed, read: false, copy: undefined };
  return Object.setPrototypeOf(response, CHECKED) as Response;
}

/** The parsed body of a checked response (undefined when it had none). */
export function parsedBody(response: Response): unknown {
  return (response as Checked)[BODY]?.parsed;
}

/**
 * The body as text, counted as it is read (decompressed, as fetch hands it over): a small body that inflates
 * to gigabytes is cut off at `maxBytes`, not read whole. Decoded once at the end: a streaming decoder costs a
 * fast request more than the copy of a body that came in several chunks.
 */
async function readText(response: Response, maxBytes: number, tooLarge: () => Error): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  for (let bytes = 0; ;) {
    const { done, value } = await reader.read();
    if (done) return UTF8.decode(chunks.length === 1 ? chunks[0] : joined(chunks, bytes));
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
}

const UTF8 = new TextDecoder();

function joined(chunks: Uint8Array[], bytes: number): Uint8Array {
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/**
 * A copy of the body, which keeps the rules of a real Response (a body reads once; a used body cannot be
 * cloned): made when something other than the first `text()` or `json()` reads the body.
 */
function copyOf(response: Checked): Response {
  const body = response[BODY]!;
  if (!body.copy) {
    // The response's own getters (status, headers), read through Response.prototype.
    body.copy = new Response(body.text === "" ? null : body.text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    if (body.read) void body.copy.text(); // the body was read already: the copy is a used body too
  }
  return body.copy;
}

/** The first `text()` or `json()` answers from what was read; any other read goes to the copy. */
function firstRead<T>(response: Checked, value: (body: Body) => T, read: (copy: Response) => Promise<T>) {
  const body = response[BODY]!;
  if (!body.read && !body.copy) {
    body.read = true;
    return Promise.resolve(value(body));
  }
  return read(copyOf(response));
}

const byCopy = <K extends "arrayBuffer" | "bytes" | "blob" | "formData">(name: K) =>
  function (this: Checked) {
    return copyOf(this)[name]();
  };

/**
 * One prototype for every checked response, between it and Response.prototype: the readers below answer from
 * the body read by `finish` (kept on the response itself), everything else is the Response's own. Defining
 * these per response cost a fast request 5-10 µs.
 */
const CHECKED: object = Object.create(Response.prototype, {
  text: {
    value(this: Checked) {
      return firstRead(
        this,
        (body) => body.text,
        (copy) => copy.text(),
      );
    },
  },
  json: {
    value(this: Checked) {
      if (this[BODY]!.text === "") return copyOf(this).json(); // rejects, as an empty body's json() does
      return firstRead(
        this,
        (body) => body.parsed,
        (copy) => copy.json(),
      );
    },
  },
  arrayBuffer: { value: byCopy("arrayBuffer") },
  bytes: { value: byCopy("bytes") },
  blob: { value: byCopy("blob") },
  formData: { value: byCopy("formData") },
  clone: {
    value(this: Checked) {
      return copyOf(this).clone();
    },
  },
  body: {
    get(this: Checked) {
      return copyOf(this).body;
    },
  },
  bodyUsed: {
    get(this: Checked) {
      const body = this[BODY]!;
      return body.read || (body.copy?.bodyUsed ?? false);
    },
  },
});
