/**
 * A scripted HTTP server on 127.0.0.1 and a free port, recording what it was sent and when. The handler gets
 * the raw `ServerResponse`, so a script can also leave a request unanswered (slow headers), reset the
 * connection before the headers, or cut it in the middle of the body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** `Date.now()` when the request's headers arrived. */
  at: number;
  /** Set once the connection closed before the response was complete (the client gave up, or a reset). */
  cut: boolean;
}

/** How a script answers one request. */
export type Handler = (request: Seen, response: ServerResponse) => void;

export interface LocalServer {
  url: string;
  seen: Seen[];
  /** Resolves once at least `count` requests have arrived. */
  arrived(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalServer(handle: Handler): Promise<LocalServer> {
  const seen: Seen[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    const at = Date.now();
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const entry: Seen = {
        method: request.method!,
        url: request.url!,
        headers: request.headers,
        body,
        at,
        cut: false,
      };
      response.on("close", () => (entry.cut ||= !response.writableFinished));
      seen.push(entry);
      for (const waiter of waiting.filter((w) => seen.length >= w.count)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      handle(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    arrived: (count) =>
      seen.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

/** Resets the connection (TCP RST) before any response header is sent. */
export const resetConnection: Handler = (_request, response) => {
  response.socket?.resetAndDestroy();
};

/** Leaves the request unanswered: only the client's timeout or abort ends it. */
export const neverAnswer: Handler = () => {};

/** Sends the headers and the start of a JSON body, then closes the connection in the middle of the body. */
export const cutMidBody: Handler = (_request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  // Close only once the first bytes are on their way, so the client has the headers when the body breaks.
  response.write('{"_embedded": {"attributes": [', () => setTimeout(() => response.socket?.destroy(), 20));
};

/** Milliseconds between the arrivals of consecutive requests. */
export function gaps(seen: Seen[]): number[] {
  return seen.slice(1).map((entry, i) => entry.at - seen[i]!.at);
}
