/**
 * An openapi-fetch middleware that prints each request and response readably, for the runnable examples.
 * Secrets never reach the output: headers go through `redactHeaders`.
 */
import type { Middleware } from "openapi-fetch";
import { redactHeaders } from "../../src/index.js";

export function printExchanges(baseUrl: string, print: (line: string) => void): Middleware {
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
  return {
    async onRequest({ request }) {
      print(`→ ${request.method} ${request.url.replace(baseUrl, "")}`);
      for (const [name, value] of Object.entries(redactHeaders(request.headers)))
        print(`    ${name}: ${value}`);
      await show(request);
      return request;
    },
    async onResponse({ response }) {
      print(`← ${response.status} ${response.statusText}`);
      await show(response);
      return response;
    },
  };
}

function indent(text: string): string {
  return text.replace(/^/gm, "    ");
}
