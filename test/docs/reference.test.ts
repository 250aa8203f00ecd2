/**
 * `npm run docs` in a real browser: builds the HTML reference into a scratch directory, opens it from disk in
 * headless Chromium with every network request refused, and checks what a reader sees against the bundled spec.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocs } from "../../scripts/docs.js";
import { launchChromium } from "../../scripts/lib/chromium.js";
import { deref, operation, operations, spec, type Operation } from "../support/spec.js";

/** Markup that makes a browser fetch from the network while it loads the page. Plain `<a href>` links are fine. */
const NETWORK_ASSETS: RegExp[] = [
  /<(?:script|img|iframe|source)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//i,
  /<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\//i,
  /@import\s+(?:url\()?\s*["']?(?:https?:)?\/\//i,
  /url\(\s*["']?(?:https?:)?\/\//i,
  /\bimport\b[^;\n]{0,200}?\bfrom\s*["'](?:https?:)?\/\//, // Redoc's non-inlined build imports from its CDN
  /fonts\.(?:googleapis|gstatic)\.com|cdn\.redoc\.ly|cdn\.jsdelivr\.net|unpkg\.com/,
];

/** Redoc 3 routes each operation to `#/<tag slug>/<operationId in lower case>`, the id of its section too. */
function routeOf({ op, operationId }: Operation): string {
  const tag: unknown = op.tags?.[0];
  if (typeof tag !== "string") throw new Error(`${operationId} has no tag, so no place in the reference`);
  const slug = tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug}/${operationId.toLowerCase()}`;
}

/**
 * The sign-on policy action unions that creating an action sends and returns, and the id Redoc gives the
 * discriminator field of each (`…/t=request&path=type`, `…/t=response&c=201&path=type`).
 */
const createAction = operation("createSignOnPolicyAction");
const created = Object.keys(createAction.op.responses).find((status) => status.startsWith("2"));
const actionUnions = [
  { body: "request", content: deref(createAction.op.requestBody).content, field: "t=request" },
  {
    body: `${created} response`,
    content: deref(createAction.op.responses[created ?? ""]).content,
    field: `t=response&c=${created}`,
  },
].map(({ body, content, field }) => {
  const schema = content?.["application/json"]?.schema ?? {};
  const union = deref(schema);
  const property = String(union.discriminator?.propertyName).toLowerCase();
  return {
    body,
    name: schema.$ref?.split("/").pop(),
    union,
    fieldId: `${routeOf(createAction)}/${field}&path=${property}`,
  };
});

describe("the HTML API reference (npm run docs)", { timeout: 60_000 }, () => {
  let workDir: string;
  let html: string;
  let pageUrl: string;
  let browser: Browser | undefined;
  let page: Page;
  const externalRequests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "pingone-docs-"));
    const htmlFile = join(workDir, "index.html");
    await buildDocs(htmlFile);
    html = await readFile(htmlFile, "utf8");
    pageUrl = pathToFileURL(htmlFile).href;

    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console error: ${message.text()}`);
    });
    // Two nets: the page's CSP should stop any fetch before it starts (reported here); whatever gets past it
    // reaches the router, which refuses everything but the page itself. The CSP also refuses `eval`, which
    // Redoc's search only probes for (it then indexes without a worker): not a fetch, so not reported.
    await page.exposeFunction("reportBlocked", (url: string) =>
      externalRequests.push(`blocked by CSP: ${url}`),
    );
    await page.addInitScript({
      content: `document.addEventListener("securitypolicyviolation", (e) => {
        if (/^[a-z][a-z0-9+.-]*:/i.test(e.blockedURI)) reportBlocked(e.blockedURI);
      });`,
    });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (/^(?:file|data|blob):/.test(url)) return route.continue();
      externalRequests.push(url);
      return route.abort();
    });
    await page.goto(pageUrl, { waitUntil: "load" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** Opens a route of the single-page reference and waits for Redoc to render its section. */
  async function show(route: string): Promise<Locator> {
    await page.goto(`${pageUrl}#/${route}`);
    const section = page.locator(`[id="${route}"]`);
    await section.waitFor({ timeout: 15_000 });
    return section;
  }

  it("is self-contained: no CDN script, stylesheet or web font, and a CSP that forbids fetching", () => {
    const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src 'none';/);
    // The offending markup, not the 2.7 MB page, if this fails.
    expect(NETWORK_ASSETS.map((pattern) => pattern.exec(html)?.[0]).filter(Boolean)).toEqual([]);
  });

  it("renders the spec's title and every tag", async () => {
    const text = await page.locator("#redoc").innerText();
    expect(text).toContain(spec.info.title);
    for (const tag of spec.tags) expect(text).toContain(tag.name);
  });

  it.each(operations)("shows $method $path ($operationId)", async (op) => {
    const section = await show(routeOf(op));
    // Redoc renders a section in steps: wait for each part rather than read it once.
    for (const part of [op.op.summary, op.method.toUpperCase(), op.path]) {
      await expect.poll(() => section.innerText()).toContain(part);
    }
  });

  it.each(actionUnions)(
    "offers every variant of the action union in the create $body ($name) and shows each",
    async ({ union, fieldId }) => {
      const variants = Object.keys(union.discriminator?.mapping ?? {});
      expect(variants, "one discriminator value per oneOf variant").toHaveLength(union.oneOf?.length ?? -1);

      await show(routeOf(createAction));
      const field = page.locator(`[id="${fieldId}"]`);
      const picker = field.locator('[data-section-id="switcher"]').getByRole("button");
      await picker.click();
      const offered = await page.getByRole("menu").getByRole("menuitem").allInnerTexts();
      await picker.click();
      expect(
        offered
          .map((item) => item.trim())
          .filter(Boolean)
          .sort(),
      ).toEqual([...variants].sort());

      for (const variant of variants) {
        await picker.click();
        await page.getByRole("menu").getByText(variant, { exact: true }).click();
        await expect
          .poll(() => field.locator('[data-testid="schema-enum-values"]').innerText())
          .toContain(`"${variant}"`);
      }
    },
  );

  // Last, so it covers every page the tests above opened.
  it("fetched nothing from the network and logged no errors", () => {
    expect(externalRequests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
