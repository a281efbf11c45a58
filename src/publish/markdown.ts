import MarkdownIt, { type MarkdownIt as MarkdownItInstance, type RendererRule } from "markdown-it";
import anchor from "markdown-it-anchor";
import footnote from "markdown-it-footnote";
import toc from "markdown-it-toc-done-right";
import katexModule from "@vscode/markdown-it-katex";
import { createHighlighter, type Highlighter } from "shiki";
import { escapeHtml } from "./html";

/**
 * The KaTeX plugin is CommonJS with `exports.default`; depending on the loader
 * the default import is the function or the exports object holding it.
 */
const katexPlugin: typeof katexModule =
  (katexModule as unknown as { default?: typeof katexModule }).default ?? katexModule;

/** Languages highlighted at build time; fences in other languages stay plain. */
const LANGUAGES = ["typescript", "javascript", "json", "shellscript", "shellsession", "c", "python", "yaml", "diff"] as const;

/** Light and dark themes; the stylesheet switches with `prefers-color-scheme`. */
const CODE_THEMES = { light: "github-light", dark: "github-dark" } as const;

/** The placeholder a document uses to ask for a table of contents. */
export const TOC_PLACEHOLDER = "[[toc]]";

/** Per-render settings passed to {@link MarkdownRenderer.render}. */
export interface RenderEnv {
  /**
   * Maps a relative link (e.g. `../notebooks/02-os-scheduler.ipynb`) to its
   * place in the site, or returns undefined to keep it unchanged.
   */
  readonly resolveLink?: (href: string) => string | undefined;
}

/** Markdown to HTML with the site's plugins, and code highlighting. */
export interface MarkdownRenderer {
  /** Renders a Markdown document (headings get anchors; `[[toc]]` becomes a table of contents). */
  render(markdown: string, env?: RenderEnv): string;
  /** Highlights code in a language ("ts", "json", "sh", …); unknown languages are escaped only. */
  highlight(code: string, lang: string): string;
}

/**
 * Creates the renderer: markdown-it (raw HTML allowed, since notebooks are our
 * own), heading anchors, a table of contents, footnotes, KaTeX math and Shiki
 * highlighting with light and dark colours.
 */
export async function createMarkdownRenderer(): Promise<MarkdownRenderer> {
  const highlighter = await createHighlighter({ themes: [CODE_THEMES.light, CODE_THEMES.dark], langs: [...LANGUAGES] });
  const highlight = (code: string, lang: string): string => highlightWith(highlighter, code, lang);
  const md = new MarkdownIt({ html: true, linkify: true, typographer: true, highlight });
  md.use(anchor, {
    level: [2, 3, 4],
    slugify,
    permalink: anchor.permalink.linkInsideHeader({ symbol: "#", placement: "after", class: "anchor" }),
  });
  md.use(toc, { slugify, level: [2, 3], containerClass: "toc", listType: "ul", format: (s: string) => escapeHtml(s.trim()) });
  md.use(footnote);
  md.use(katexPlugin, { throwOnError: false });
  rewriteLinks(md);
  return {
    render: (markdown, env = {}) => md.render(markdown, { ...env }),
    highlight,
  };
}

/**
 * Heading ids: lowercase letters, digits, "_" and "-" only, so fragments
 * need no percent-encoding.
 *
 * @example
 * slugify("3. Nagle’s algorithm vs `TCP_NODELAY`"); //=> "3-nagles-algorithm-vs-tcp_nodelay"
 */
export function slugify(heading: string): string {
  return heading
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/[\s-]+/g, "-");
}

function highlightWith(highlighter: Highlighter, code: string, lang: string): string {
  const name = lang.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  const loaded = highlighter.getLoadedLanguages();
  const text = code.replace(/\n$/, "");
  if (name === "" || !loaded.includes(name)) {
    return `<pre class="shiki plain"><code>${escapeHtml(text)}</code></pre>`;
  }
  return highlighter.codeToHtml(text, { lang: name, themes: CODE_THEMES });
}

/** Lets each render map relative links (to notes and notebooks) onto site pages. */
function rewriteLinks(md: MarkdownItInstance): void {
  const fallback: RendererRule = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const href = token.attrGet("href");
    const resolveLink = (env as RenderEnv).resolveLink;
    if (typeof href === "string" && resolveLink) {
      const resolved = resolveLink(href);
      if (resolved !== undefined) token.attrSet("href", resolved);
    }
    return fallback(tokens, idx, options, env, self);
  };
}
