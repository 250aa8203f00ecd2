/**
 * The response as the layers above may rely on it: its body read once and checked (JSON where JSON is due,
 * never empty where a body is due), and the method and path of the request behind it kept for error messages.
 */
import { PingOneInvalidResponseError } from "./errors.js";

/** Method and path of the request behind each response the transport returns, for error messages. */
const origins = new WeakMap<Response, { method: string; path: string }>();
export function requestOf(response: Response): { method: string; path: string } {
  return origins.get(response) ?? { method: "?", path: new URL(response.url || "http://unknown/").pathname };
}

/**
 * Reads the body once and checks it: JSON where JSON is due, never empty where a body is due. The checked
 * response is handed on as it is, its body readers answering from what was read: a copy of the response
 * (a second read, a second parse) would cost a fast request a fifth of its time.
 */
export async function finish(
  response: Response,
  method: string,
  path: string,
  maxBytes: number,
): Promise<Response> {
  origins.set(response, { method, path });
  if (response.status === 204 || method === "HEAD") return response;
  const contentType = response.headers.get("content-type");
  const invalid = (problem: string) =>
    new PingOneInvalidResponseError({ method, path, status: response.status, contentType, problem });
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
  return answeringFrom(response, text, parsed);
}

/**
 * The body as text, counted as it is read (decompressed, as fetch hands it over): a small body that inflates
 * to gigabytes is cut off at `maxBytes`, not read whole.
 */
async function readText(response: Response, maxBytes: number, tooLarge: () => Error): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let bytes = 0; ;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * `response`, whose body has been read as `text` (and parsed, when not empty), readable again by whoever reads
 * it next: openapi-fetch, or a caller reading a stream, bytes or a blob. The first `text()` or `json()` answers
 * from what was read; anything else, and any read after that, goes to a copy of the body, which keeps the
 * rules of a real Response (a body reads once; a used body cannot be cloned).
 */
function answeringFrom(response: Response, text: string, parsed: unknown): Response {
  let read = false;
  let copy: Response | undefined;
  const real = (): Response => {
    if (!copy) {
      copy = new Response(text === "" ? null : text, response);
      if (read) void copy.text(); // the body was read already: the copy is a used body too
    }
    return copy;
  };
  const reader =
    <T>(readCopy: (body: Response) => Promise<T>, first?: () => T) =>
    (): Promise<T> => {
      if (first && !read && !copy) {
        read = true;
        return Promise.resolve(first());
      }
      return readCopy(real());
    };
  const property = (value: unknown) => ({ value, configurable: true });
  return Object.defineProperties(response, {
    text: property(
      reader(
        (body) => body.text(),
        () => text,
      ),
    ),
    json: property(reader((body) => body.json(), text === "" ? undefined : () => parsed)),
    arrayBuffer: property(reader((body) => body.arrayBuffer())),
    bytes: property(reader((body) => body.bytes())),
    blob: property(reader((body) => body.blob())),
    formData: property(reader((body) => body.formData())),
    clone: property(() => real().clone()),
    body: { get: () => real().body, configurable: true },
    bodyUsed: { get: () => read || (copy?.bodyUsed ?? false), configurable: true },
  });
}
