/**
 * A small HTTP server on 127.0.0.1 in front of Prism: it reads each request, asks `choose` which response
 * example fits it, and forwards it with `Prefer: example=<name>` unless the caller already said which (a
 * `Prefer` header of the caller's own always wins). Everything else passes through as it is.
 */
import {
  createServer,
  request as forwardRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { ExampleChooser } from "./examples.js";

export interface Front {
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Connection-level headers: they describe one hop, not the message, so they are not passed on. */
const HOP_HEADERS = ["connection", "keep-alive", "transfer-encoding"];

export async function startFront(upstream: string, choose: ExampleChooser): Promise<Front> {
  const target = new URL(upstream);
  const server = createServer((request, response) => {
    forward(request, response, target, choose).catch((error: unknown) => fail(response, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function forward(
  request: IncomingMessage,
  response: ServerResponse,
  target: URL,
  choose: ExampleChooser,
) {
  const body = Buffer.concat(await request.toArray());
  // The body is sent whole, so its length is known; Host is the upstream's.
  const headers = withoutHopHeaders(request.headers, ["content-length", "host"]);
  if (body.length > 0) headers["content-length"] = String(body.length);
  if (headers.prefer === undefined) {
    const example = choose({
      method: request.method ?? "GET",
      pathname: new URL(request.url ?? "/", target).pathname,
      contentType: request.headers["content-type"] ?? "",
      body: body.toString("utf8"),
    });
    if (example) headers.prefer = `example=${example}`;
  }
  const upstream = forwardRequest(target, {
    method: request.method,
    path: request.url,
    headers,
    agent: false,
  });
  upstream.once("response", (answer) => {
    response.writeHead(answer.statusCode ?? 502, withoutHopHeaders(answer.headers));
    answer.pipe(response);
  });
  upstream.once("error", (error) => fail(response, error));
  upstream.end(body);
}

function withoutHopHeaders(
  headers: IncomingMessage["headers"],
  more: string[] = [],
): IncomingMessage["headers"] {
  const copy = { ...headers };
  for (const name of [...HOP_HEADERS, ...more]) delete copy[name];
  return copy;
}

/** Prism could not be reached (it was stopped, or died): a 502 that says so, never a hung request. */
function fail(response: ServerResponse, error: unknown) {
  if (response.headersSent) return void response.destroy();
  const reason = error instanceof Error ? error.message : String(error);
  response.writeHead(502, { "content-type": "text/plain" }).end(`The Prism mock did not answer: ${reason}\n`);
}
