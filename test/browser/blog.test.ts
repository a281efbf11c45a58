import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeNotebooks } from "../../src/notebook";
import { buildSite, type BuildResult } from "../../src/publish";
import { CHROMIUM, CHROMIUM_FLAGS, requireChromium } from "../helpers/chromium";

// Builds the blog once, executing every notebook fresh with the project kernel
// (the one expensive step, a minute or two per notebook), then opens the
// index, every tag page and every post from file:// in Debian's chromium.
// CSL_BLOG_SOURCES=DIR builds DIR/notebooks and DIR/notes as they are, without
// executing (e.g. test/publish/fixtures/site, to work on the checks quickly).

const SCREENSHOTS = resolve("test-results", "blog");
const sources = process.env.CSL_BLOG_SOURCES;

let site: BuildResult;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  requireChromium();
  const outDir = join(mkdtempSync(join(tmpdir(), "csl-blog-")), "blog");
  site = await buildSite({
    outDir,
    drafts: true,
    log: (line) => process.stderr.write(`${line}\n`),
    ...(sources
      ? { notebooksDir: join(sources, "notebooks"), notesDir: join(sources, "notes") }
      : { execute: (paths, options) => executeNotebooks(paths, { outDir: options.outDir }) }),
  });
  profile = mkdtempSync(join(tmpdir(), "csl-chromium-"));
  // playwright takes the profile folder as an argument rather than the --user-data-dir flag.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1100, height: 900 },
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 30 * 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Every HTML page of the site, relative to its root. */
function pages(): string[] {
  const tagPages = readdirSync(join(site.outDir, "tags")).map((t) => `tags/${t}/index.html`);
  return ["index.html", ...tagPages, ...site.posts.map((p) => `${p.slug}/index.html`)];
}

/** Opens a page and checks what a reader would notice: errors, missing files, blank charts, dead links. */
async function checkPage(path: string, colorScheme: "light" | "dark" = "light"): Promise<void> {
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed to load ${r.url()}: ${r.failure()?.errorText}`));
  try {
    await page.goto(pathToFileURL(join(site.outDir, path)).href, { waitUntil: "load" });
    const plots = await page.locator("div.plotly-figure").count();
    if (plots > 0) {
      // A string, as our tsconfig has no DOM types; it runs in the page.
      await page.waitForFunction(
        '[...document.querySelectorAll("div.plotly-figure")].every((d) => d.querySelector("svg.main-svg"))',
        undefined,
        { timeout: 60_000 },
      );
    }
    const drawn = await page.locator("div.plotly-figure svg.main-svg").evaluateAll(
      (svgs) => new Set(svgs.map((s) => s.closest("div.plotly-figure"))).size,
    );
    expect(drawn, `${path}: charts drawn`).toBe(plots);

    const links = await page.locator("a[href]").evaluateAll((as) =>
      as.map((a) => ({ raw: a.getAttribute("href") ?? "", url: (a as unknown as { href: string }).href })),
    );
    const ids = new Set(await page.locator("[id]").evaluateAll((els) => els.map((e) => e.id)));
    for (const { raw, url } of links) {
      if (!url.startsWith("file:")) continue;
      expect(raw, `${path}: link ${raw} must be relative`).not.toMatch(/^(\/|file:)/);
      const target = new URL(url);
      const file = fileURLToPath(`${target.origin === "null" ? "file://" : target.origin}${target.pathname}`);
      expect(existsSync(file), `${path}: link ${raw} resolves to ${file}`).toBe(true);
      const fragment = raw.startsWith("#") ? raw.slice(1) : undefined;
      if (fragment) expect(ids.has(fragment) || ids.has(decodeURIComponent(fragment)), `${path}: anchor ${raw}`).toBe(true);
    }
    const name = path.replace(/(^|\/)index\.html$/, "").replace(/[/.]/g, "_") || "index";
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
    expect(problems, path).toEqual([]);
  } finally {
    await page.close();
  }
}

describe("the exported blog in chromium", () => {
  it("has a post for every notebook and note", () => {
    const notebooks = readdirSync(sources ? join(sources, "notebooks") : "notebooks").filter((f) => f.endsWith(".ipynb"));
    const notes = readdirSync(sources ? join(sources, "notes") : "notes").filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(site.posts.length).toBe(notebooks.length + notes.length);
  });

  it("opens the index, tag pages and every post with charts drawn, no errors and working links", async () => {
    for (const path of pages()) await checkPage(path);
  });

  it("fits a phone screen: nothing wider than the viewport but code, tables and charts scrolling inside", async () => {
    const page = await context.newPage();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of ["index.html", ...site.posts.map((p) => `${p.slug}/index.html`)]) {
        await page.goto(pathToFileURL(join(site.outDir, path)).href, { waitUntil: "load" });
        const width = await page.evaluate("document.documentElement.scrollWidth");
        expect(width, `${path}: page width on a 390 px screen`).toBeLessThanOrEqual(390);
      }
      await page.goto(pathToFileURL(join(site.outDir, "index.html")).href);
      await page.screenshot({ path: join(SCREENSHOTS, "index-phone.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("draws the index and the posts with charts in dark mode too", async () => {
    const withPlots = site.posts.filter((p) => p.hasPlots).map((p) => `${p.slug}/index.html`);
    for (const path of ["index.html", ...withPlots]) await checkPage(path, "dark");
  });
});
