import { describe, expect, it } from "vitest";
import { atomFeed, displayDate, indexPage, markdownExport, postPage, tagPage, type RenderedPost } from "../../src/publish";

const post = (over: Partial<RenderedPost> = {}): RenderedPost => ({
  kind: "note",
  file: "notes/a.md",
  slug: "a",
  frontMatter: { title: 'Locks & "latches" <fast>', date: "2026-11-28", description: "D < E", tags: ["os"], draft: false },
  html: "<p>body</p>",
  markdown: "body\n",
  hasPlots: false,
  hasMath: false,
  ...over,
});

describe("pages", () => {
  it("formats dates for readers", () => {
    expect(displayDate("2026-02-01")).toBe("1 February 2026");
  });

  it("escapes the title and description in text and in meta tags", () => {
    const html = postPage(post());
    expect(html).toContain("<h1>Locks &amp; &quot;latches&quot; &lt;fast&gt;</h1>");
    expect(html).toContain('<meta property="og:description" content="D &lt; E">');
    expect(html).not.toContain("<fast>");
  });

  it("offers a notebook post's source for download, relative to the page", () => {
    expect(postPage(post({ kind: "notebook", file: "notebooks/a.ipynb" }))).toContain('<a href="a.ipynb" download>a.ipynb</a>');
  });

  it("links from the index and tag pages with paths relative to each page", () => {
    expect(indexPage([post()], ["os"])).toContain('<a class="title" href="a/index.html">');
    const tag = tagPage("os", [post()]);
    expect(tag).toContain('<a class="title" href="../../a/index.html">');
    expect(tag).toContain('<link rel="stylesheet" href="../../assets/style.css">');
  });

  it("marks drafts", () => {
    expect(postPage(post({ frontMatter: { ...post().frontMatter, draft: true } }))).toContain('<span class="draft">draft</span>');
  });
});

describe("atomFeed", () => {
  it("escapes titles and dates entries at midnight UTC", () => {
    const feed = atomFeed([post()]);
    expect(feed).toContain("<title>Locks &amp; &quot;latches&quot; &lt;fast&gt;</title>");
    expect(feed).toContain("<published>2026-11-28T00:00:00Z</published>");
    expect(feed).toContain('<category term="os"/>');
  });
});

describe("markdownExport", () => {
  it("puts the front matter in YAML above the body", () => {
    expect(markdownExport(post())).toBe(
      '---\ntitle: Locks & "latches" <fast>\ndate: 2026-11-28\ndescription: D < E\ntags:\n  - os\n---\n\nbody\n',
    );
  });

  it("reminds readers that charts need plotly.js", () => {
    expect(markdownExport(post({ hasPlots: true }))).toContain("load plotly.js (assets/plotly.js)");
  });
});
