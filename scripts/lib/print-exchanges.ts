/**
 * A fetch that prints each request and response readably before passing them on, for the runnable examples.
 * It sits where the client meets the network, so it shows what is really sent, retries included; secrets
 * never reach the output, as headers go through `redactHeaders`.
 */
import { redactHeaders } from "../../src/index.js";

export function printingFetch(
  baseUrl: string,
  print: (line: string) => void,
  fetch: typeof globalThis.fetch = globalThis.fetch,
): typeof globalThis.fetch {
  const show = async (message: Request | Response) => {
    const text = await message.clone().text();
    if (!text) return;
    let pretty = text;
    try {
      pretty = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON: print it as it came.
    }
    print(indent(pretty));
  };
  return async (input, init) => {
    const request = new Request(input, init);
    print(`→ ${request.method} ${request.url.replace(baseUrl, "")}`);
    for (const [name, value] of Object.entries(redactHeaders(request.headers)))
      print(`    ${name}: ${value}`);
    await show(request);
    const response = await fetch(request);
    print(`← ${response.status} ${response.statusText}`);
    await show(response);
    return response;
  };
}

function indent(text: string): string {
  return text.replace(/^/gm, "    ");
}
