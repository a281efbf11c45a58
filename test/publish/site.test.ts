import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite, type BuildOptions } from "../../src/publish";

const fixtures = join(__dirname, "fixtures", "site");
const dirs = { notebooksDir: join(fixtures, "notebooks"), notesDir: join(fixtures, "notes") };
const fresh = () => join(mkdtempSync(join(tmpdir(), "csl-site-")), "blog");
const build = (options: BuildOptions = {}) => buildSite({ ...dirs, outDir: fresh(), ...options });
const read = (...parts: string[]) => readFileSync(join(...parts), "utf8");

describe("buildSite", () => {
  it("writes every page, Markdown export, feed and asset the contract lists", async () => {
    const { outDir, posts, tags } = await build();
    expect(posts.map((p) => p.slug)).toEqual(["fixture-note", "01-fixture"]);
    expect(tags).toEqual(["fixture", "notes", "os"]);
    for (const path of [
      "index.html",
      "feed.xml",
      "01-fixture/index.html",
      "01-fixture/01-fixture.ipynb",
      "01-fixture.md",
      "fixture-note/index.html",
      "fixture-note.md",
      "tags/os/index.html",
      "tags/fixture/index.html",
      "assets/style.css",
      "assets/plots.js",
      "assets/plotly.js",
      "assets/katex/katex.min.css",
      ".nojekyll",
    ]) {
      expect(existsSync(join(outDir, path)), path).toBe(true);
    }
  });

  it("lists posts newest first on the index, with date, description and tags", async () => {
    const { outDir } = await build();
    const index = read(outDir, "index.html");
    expect(index.indexOf("fixture-note/index.html")).toBeLessThan(index.indexOf("01-fixture/index.html"));
    expect(index).toContain('<time datetime="2026-11-22">22 November 2026</time>');
    expect(index).toContain("A note with math, a footnote and code.");
    expect(index).toContain('<a class="tag" href="tags/os/index.html">#os</a>');
  });

  it("uses only relative links to pages and assets", async () => {
    const { outDir } = await build();
    for (const page of ["index.html", "01-fixture/index.html", "tags/os/index.html"]) {
      const html = read(outDir, page);
      const refs = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
      const local = refs.filter((r) => !r.startsWith("data:") && !r.startsWith("#") && !/^https?:/.test(r));
      expect(local.length).toBeGreaterThan(0);
      for (const ref of local) expect(ref, `${page}: ${ref}`).not.toMatch(/^\//);
    }
    expect(read(outDir, "tags/os/index.html")).toContain('href="../../assets/style.css"');
  });

  it("carries title, description and Open Graph meta on post pages", async () => {
    const { outDir } = await build();
    const page = read(outDir, "01-fixture", "index.html");
    expect(page).toContain("<title>Fixture notebook · core-systems-lab</title>");
    expect(page).toContain('<meta name="description" content="A notebook with one output of each kind.">');
    expect(page).toContain('<meta property="og:title" content="Fixture notebook · core-systems-lab">');
    expect(page).toContain('<meta property="article:published_time" content="2026-11-20">');
    expect(page).toContain('<script src="../assets/plotly.js" defer></script>');
  });

  it("loads plotly.js and KaTeX only where needed", async () => {
    const { outDir } = await build();
    expect(read(outDir, "fixture-note", "index.html")).not.toContain("plotly.js");
    expect(read(outDir, "fixture-note", "index.html")).toContain("assets/katex/katex.min.css");
    expect(read(outDir, "01-fixture", "index.html")).not.toContain("katex.min.css");
  });

  it("copies plotly.js from the installed package", async () => {
    const { outDir } = await build();
    const copied = read(outDir, "assets", "plotly.js");
    expect(copied).toBe(readFileSync(require.resolve("plotly.js-dist/plotly.js"), "utf8"));
  });

  it("writes Markdown exports with YAML front matter", async () => {
    const { outDir } = await build();
    expect(read(outDir, "fixture-note.md")).toMatch(
      /^---\ntitle: "Fixture note: math & footnotes"\ndate: 2026-11-22\ndescription: A note with math, a footnote and code.\ntags:\n  - os\n  - notes\n---\n\n/,
    );
  });

  it("writes an Atom feed with one entry per post", async () => {
    const { outDir } = await build();
    const feed = read(outDir, "feed.xml");
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed.match(/<entry>/g)).toHaveLength(2);
    expect(feed).toContain('<link rel="alternate" type="text/html" href="fixture-note/index.html"/>');
    expect(feed).toContain("<updated>2026-11-22T00:00:00Z</updated>");
  });

  it("leaves drafts out unless asked", async () => {
    const { posts } = await build({ drafts: true });
    expect(posts.map((p) => p.slug)).toContain("02-draft");
  });

  it("exports only the slugs asked for", async () => {
    const { outDir, posts } = await build({ only: ["fixture-note"] });
    expect(posts.map((p) => p.slug)).toEqual(["fixture-note"]);
    expect(existsSync(join(outDir, "01-fixture"))).toBe(false);
  });

  it("rejects an unknown slug in only", async () => {
    await expect(build({ only: ["nope"] })).rejects.toThrow(new RangeError('--only: no notebook or note has the slug "nope"'));
  });

  it("renders notebooks from a fresh execution when given an executor", async () => {
    const executed: string[] = [];
    const { posts } = await build({
      execute: async (paths, { outDir }) => {
        for (const p of paths) {
          executed.push(p);
          const nb = JSON.parse(readFileSync(p, "utf8"));
          nb.cells.push({ cell_type: "code", source: "1", outputs: [{ output_type: "stream", name: "stdout", text: "fresh run\n" }] });
          writeFileSync(join(outDir, p.split("/").pop()!), JSON.stringify(nb));
        }
      },
    });
    expect(executed).toEqual([join(dirs.notebooksDir, "01-fixture.ipynb")]);
    expect(posts.find((p) => p.slug === "01-fixture")!.html).toContain("fresh run");
  });

  it("refuses to replace a folder it did not write, and replaces its own", async () => {
    const outDir = fresh();
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, "precious.txt"), "x");
    await expect(buildSite({ ...dirs, outDir })).rejects.toThrow(
      new RangeError(`--out ${outDir} is not empty and was not written by the exporter; choose a new or empty folder`),
    );
    const own = fresh();
    await buildSite({ ...dirs, outDir: own, only: ["fixture-note"] });
    await buildSite({ ...dirs, outDir: own, only: ["01-fixture"] });
    expect(existsSync(join(own, "fixture-note"))).toBe(false);
  });

  it("names the file when two posts share a slug", async () => {
    const root = mkdtempSync(join(tmpdir(), "csl-dup-"));
    mkdirSync(join(root, "nb"));
    mkdirSync(join(root, "notes"));
    const nb = { nbformat: 4, metadata: { title: "A", date: "2026-11-28" }, cells: [] };
    writeFileSync(join(root, "nb", "paging.ipynb"), JSON.stringify(nb));
    writeFileSync(join(root, "notes", "paging.md"), "---\ntitle: B\ndate: 2026-11-28\n---\n");
    await expect(buildSite({ notebooksDir: join(root, "nb"), notesDir: join(root, "notes"), outDir: fresh() })).rejects.toThrow(
      new RangeError(`${join(root, "notes", "paging.md")}: slug "paging" is already used by ${join(root, "nb", "paging.ipynb")}`),
    );
  });
});
