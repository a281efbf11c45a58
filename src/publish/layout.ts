import { escapeHtml } from "./html";
import type { RenderedPost } from "./types";

/** The site's name, shown in the header, titles and the feed. */
export const SITE_TITLE = "core-systems-lab";

/** One line about the site, for the index page's description. */
export const SITE_DESCRIPTION =
  "Runnable, measured, plotted notebooks and study notes on core systems: scheduling, networking, concurrency.";

/** What a page's `<head>` needs besides the title. */
interface Head {
  readonly title: string;
  readonly description: string;
  /** Relative path from the page to the site root: "", "../" or "../../". */
  readonly root: string;
  readonly type: "website" | "article";
  readonly extra?: string;
}

/**
 * Formats a "YYYY-MM-DD" date for readers, e.g. "28 November 2026".
 *
 * @example
 * displayDate("2026-11-28"); //=> "28 November 2026"
 */
export function displayDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** Tag links relative to the page at `root`. */
function tagLinks(tags: readonly string[], root: string): string {
  return tags.map((t) => `<a class="tag" href="${root}tags/${t}/index.html">#${escapeHtml(t)}</a>`).join(" ");
}

function page(head: Head, main: string): string {
  const r = head.root;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(head.title)}</title>
<meta name="description" content="${escapeHtml(head.description)}">
<meta property="og:title" content="${escapeHtml(head.title)}">
<meta property="og:description" content="${escapeHtml(head.description)}">
<meta property="og:type" content="${head.type}">
<meta property="og:site_name" content="${SITE_TITLE}">
<meta name="twitter:card" content="summary">
<link rel="stylesheet" href="${r}assets/style.css">
<link rel="alternate" type="application/atom+xml" title="${SITE_TITLE}" href="${r}feed.xml">
${head.extra ?? ""}</head>
<body>
<header class="site"><a href="${r}index.html">${SITE_TITLE}</a> <nav><a href="${r}index.html">Posts</a> <a href="${r}feed.xml">Feed</a></nav></header>
<main>
${main}
</main>
<footer class="site">Exported from the notebooks and notes of ${SITE_TITLE}.</footer>
</body>
</html>
`;
}

/** The page of one post, written to `<slug>/index.html`. */
export function postPage(post: RenderedPost): string {
  const fm = post.frontMatter;
  const r = "../";
  const extra = [
    `<meta property="article:published_time" content="${fm.date}">`,
    ...fm.tags.map((t) => `<meta property="article:tag" content="${escapeHtml(t)}">`),
    post.hasMath ? `<link rel="stylesheet" href="${r}assets/katex/katex.min.css">` : "",
    post.hasPlots ? `<script src="${r}assets/plotly.js" defer></script>\n<script src="${r}assets/plots.js" defer></script>` : "",
  ]
    .filter(Boolean)
    .join("\n");
  const source =
    post.kind === "notebook"
      ? `<p class="source">Run it yourself: <a href="${basename(post.file)}" download>${escapeHtml(basename(post.file))}</a> (open in JupyterLab with the project kernel).</p>`
      : "";
  const main = `<article>
<header>
<h1>${escapeHtml(fm.title)}</h1>
<p class="meta"><time datetime="${fm.date}">${displayDate(fm.date)}</time>${fm.draft ? ' <span class="draft">draft</span>' : ""} ${tagLinks(fm.tags, r)}</p>
${fm.description ? `<p class="description">${escapeHtml(fm.description)}</p>` : ""}
</header>
${post.html}
${source}
</article>`;
  return page({ title: `${fm.title} · ${SITE_TITLE}`, description: fm.description, root: r, type: "article", extra: `${extra}\n` }, main);
}

function postList(posts: readonly RenderedPost[], root: string): string {
  const items = posts.map((p) => {
    const fm = p.frontMatter;
    return `<li>
<a class="title" href="${root}${p.slug}/index.html">${escapeHtml(fm.title)}</a>
<p class="meta"><time datetime="${fm.date}">${displayDate(fm.date)}</time> ${tagLinks(fm.tags, root)}</p>
${fm.description ? `<p>${escapeHtml(fm.description)}</p>` : ""}
</li>`;
  });
  return `<ul class="posts">\n${items.join("\n")}\n</ul>`;
}

/** The index page: every post, newest first (pass them sorted). */
export function indexPage(posts: readonly RenderedPost[], tags: readonly string[]): string {
  const main = `<h1>${SITE_TITLE}</h1>
<p class="description">${escapeHtml(SITE_DESCRIPTION)}</p>
<p class="tags">Tags: ${tagLinks(tags, "")}</p>
${postList(posts, "")}`;
  return page({ title: SITE_TITLE, description: SITE_DESCRIPTION, root: "", type: "website" }, main);
}

/** The page of one tag, written to `tags/<tag>/index.html`. */
export function tagPage(tag: string, posts: readonly RenderedPost[]): string {
  const description = `Posts tagged ${tag} on ${SITE_TITLE}.`;
  const main = `<h1>Tagged <span class="tag">#${escapeHtml(tag)}</span></h1>
<p><a href="../../index.html">All posts</a></p>
${postList(posts, "../../")}`;
  return page({ title: `#${tag} · ${SITE_TITLE}`, description, root: "../../", type: "website" }, main);
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
