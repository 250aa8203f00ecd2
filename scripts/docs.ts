/**
 * `npm run docs [-- --out <file>]`: renders the bundled spec as one static HTML page (docs/index.html by default)
 * that works offline, straight from disk.
 *
 * Redoc's script is inlined (`--inlineBundle`) instead of loaded from Redocly's CDN, and the page template sets a
 * Content-Security-Policy under which the browser fetches nothing at all.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BUNDLED_SPEC_PATH, REPO_ROOT } from "./lib/paths.js";
import { redocly } from "./lib/redocly.js";

const DOCS_HTML = join(REPO_ROOT, "docs/index.html");
/** A Handlebars template, named .html so Prettier formats it as HTML (its Handlebars printer drops the doctype). */
const TEMPLATE = join(REPO_ROOT, "scripts/lib/docs-template.html");

/**
 * Redoc's sidebar footer ("API docs by <logo>") loads Redocly's logo from their CDN once the page runs. The CSP
 * would block it, with a console error each time, so the two logo URLs point at inline wordmarks instead.
 */
const REDOCLY_LOGOS: Record<string, string> = {
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg": svgDataUrl(56, "Redocly"),
  "https://cdn.redoc.ly/redoc/logo-mini.svg": svgDataUrl(14, "R"),
};

function svgDataUrl(width: number, text: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="14" viewBox="0 0 ${width} 14">` +
    `<text x="0" y="12" font-family="sans-serif" font-size="13" font-weight="600" fill="#0044d4">${text}</text></svg>`;
  // Percent-encoded, so it is safe inside the JavaScript string literal it replaces.
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Writes the HTML reference to `outFile` and returns its size in bytes. */
export async function buildDocs(outFile: string = DOCS_HTML): Promise<number> {
  const out = resolve(outFile); // redocly runs from the repository root, not from the caller's directory
  const args = ["build-docs", BUNDLED_SPEC_PATH, "--inlineBundle", "--template", TEMPLATE, "--output", out];
  const result = await redocly(args);
  if (result.code !== 0) throw new Error(`redocly build-docs failed:\n${result.output}`);

  let html = await readFile(out, "utf8");
  for (const [cdnUrl, inline] of Object.entries(REDOCLY_LOGOS)) html = html.replaceAll(cdnUrl, inline);
  await writeFile(out, html);
  return Buffer.byteLength(html);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { out: { type: "string", default: relative(".", DOCS_HTML) } } });
  const kib = Math.round((await buildDocs(values.out)) / 1024);
  console.log(`wrote ${values.out} (${kib} KiB): open it in a browser, no server needed`);
}
