import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createMarkdownRenderer, linkMaps, renderNote, renderNotebook, slugify, type RenderContext } from "../../src/publish";

const fixtures = join(__dirname, "fixtures", "site");
const notebookFile = join(fixtures, "notebooks", "01-fixture.ipynb");
const noteFile = join(fixtures, "notes", "fixture-note.md");

let ctx: RenderContext;
beforeAll(async () => {
  ctx = { renderer: await createMarkdownRenderer(), links: linkMaps(new Set(["01-fixture", "fixture-note"])) };
});

describe("renderNotebook", () => {
  const render = () => renderNotebook("nb.ipynb", readFileSync(notebookFile, "utf8"), "01-fixture", ctx);

  it("takes the front matter from the notebook metadata", () => {
    expect(render().frontMatter).toMatchObject({ title: "Fixture notebook", date: "2026-11-20", tags: ["os", "fixture"] });
  });

  it("drops the leading title heading, which the page shows from the front matter", () => {
    expect(render().html).not.toContain("<h1");
  });

  it("gives headings anchors and a table of contents", () => {
    const { html } = render();
    expect(html).toContain('<h2 id="setup" tabindex="-1">Setup <a class="anchor" href="#setup">#</a></h2>');
    expect(html).toContain('<nav class="toc"><ul><li><a href="#setup">Setup</a></li>');
  });

  it("highlights code at build time", () => {
    expect(render().html).toMatch(/<div class="code"><pre class="shiki shiki-themes github-light github-dark"/);
  });

  it("honours echo: false by showing the output without the code", () => {
    const { html } = render();
    expect(html).not.toContain("lineChart</span><span");
    expect(html).toContain('data-plot-for="plot-1"');
  });

  it("honours code-fold, output: false and include: false", () => {
    const { html } = render();
    expect(html).toContain('<details class="code-fold"><summary>Show code</summary>');
    expect(html).toContain("'hidden output'</span>");
    expect(html).not.toContain('<pre class="output stream stdout">hidden output');
    expect(html).not.toContain("secret");
  });

  it("renders showMarkdown output as Markdown", () => {
    expect(render().html).toContain('<div class="output markdown">\n<p>Measured <strong>42 ms</strong>.</p>\n</div>');
  });

  it("merges stream chunks and shows stderr and the error", () => {
    const { html } = render();
    expect(html).toContain('<pre class="output stream stdout">hello</pre>');
    expect(html).toContain('<pre class="output stream stderr">Error: boom\n    at &lt;anonymous&gt;</pre>');
    expect(html).toContain('<pre class="output error">Error</pre>');
  });

  it("reports plots and no math", () => {
    expect(render()).toMatchObject({ hasPlots: true, hasMath: false, kind: "notebook", slug: "01-fixture" });
  });

  it("rewrites links to exported notes for the page and for the Markdown export", () => {
    const post = render();
    expect(post.html).toContain('<a href="../fixture-note/index.html">link to the note</a>');
    expect(post.markdown).toContain("[link to the note](fixture-note.md)");
  });

  it("exports Markdown with fenced code and text outputs", () => {
    const { markdown } = render();
    expect(markdown).toContain('```ts\nimport { lineChart, show } from "./src/plot";\nconsole.log("hello");\n```\n\n```text\nhello\n```');
    expect(markdown).not.toContain("secret");
  });

  it("names the cell whose options are wrong", () => {
    const nb = JSON.stringify({
      nbformat: 4,
      metadata: { title: "T", date: "2026-11-28" },
      cells: [{ cell_type: "markdown", source: "x" }, { cell_type: "code", source: "//| echo: maybe\n1", outputs: [] }],
    });
    expect(() => renderNotebook("notebooks/bad.ipynb", nb, "bad", ctx)).toThrow(
      new TypeError('notebooks/bad.ipynb cell 2: expected cell option "echo" to be true or false but found "maybe"'),
    );
  });

  it("rejects a file that is not a notebook", () => {
    expect(() => renderNotebook("notebooks/x.ipynb", "{}", "x", ctx)).toThrow(
      new TypeError('notebooks/x.ipynb: expected an nbformat 4 notebook with a "cells" array'),
    );
  });
});

describe("renderNote", () => {
  const render = () => renderNote("note.md", readFileSync(noteFile, "utf8"), "fixture-note", ctx);

  it("renders math with KaTeX and says so", () => {
    const post = render();
    expect(post.hasMath).toBe(true);
    expect(post.html).toContain('<span class="katex">');
  });

  it("renders footnotes", () => {
    expect(render().html).toContain('<section class="footnotes">');
  });

  it("highlights TypeScript and shell fences and keeps them in the Markdown export", () => {
    const post = render();
    expect(post.html.match(/<pre class="shiki shiki-themes/g)).toHaveLength(2);
    expect(post.markdown).toContain("```sh\nnpm run export -- --no-execute\n```");
  });

  it("points a notebook link with a fragment at the notebook's post", () => {
    expect(render().html).toContain('<a href="../01-fixture/index.html#setup">the notebook</a>');
  });

  it("leaves links to posts outside the build alone and reports them", () => {
    const missing: string[] = [];
    const only = { ...ctx, links: linkMaps(new Set(["fixture-note"]), (href) => missing.push(href)) };
    const post = renderNote("note.md", readFileSync(noteFile, "utf8"), "fixture-note", only);
    expect(post.html).toContain('<a href="../notebooks/01-fixture.ipynb#setup">');
    expect(missing).toContain("../notebooks/01-fixture.ipynb#setup");
  });
});

describe("slugify", () => {
  it("keeps letters, digits, _ and - so fragments need no encoding", () => {
    expect(slugify("3. Nagle’s algorithm vs `TCP_NODELAY` for small writes")).toBe("3-nagles-algorithm-vs-tcp_nodelay-for-small-writes");
    expect(slugify("  Café — déjà vu ")).toBe("cafe-deja-vu");
  });
});
