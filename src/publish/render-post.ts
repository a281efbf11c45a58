import { parseCellOptions } from "./cell-options";
import { notebookFrontMatter, splitFrontMatter } from "./front-matter";
import { TOC_PLACEHOLDER, type MarkdownRenderer } from "./markdown";
import { cellSource, parseNotebook } from "./notebook-json";
import { fence, mergeStreams, renderOutput, type Block } from "./outputs";
import type { FrontMatter, NotebookCell, PostKind, RenderedPost } from "./types";

/** How links between posts are rewritten while rendering. */
export interface LinkMaps {
  /** For the HTML page: a relative link as written → its href in the site, or undefined to keep it. */
  readonly html: (href: string) => string | undefined;
  /** For the `.md` export, which sits next to the other `.md` files. */
  readonly markdown: (href: string) => string | undefined;
}

/** Everything rendering needs besides the file. */
export interface RenderContext {
  readonly renderer: MarkdownRenderer;
  readonly links: LinkMaps;
}

/** Headings (h2, h3) a post needs before it gets a table of contents. */
const TOC_MIN_HEADINGS = 3;

/**
 * Renders a notebook (with its outputs, as executed) into a post.
 *
 * @param file Path named in errors.
 * @param text The `.ipynb` contents.
 * @param slug The post's slug.
 */
export function renderNotebook(file: string, text: string, slug: string, ctx: RenderContext): RenderedPost {
  const notebook = parseNotebook(text, file);
  const { frontMatter, cells } = notebookFrontMatter(notebook, file);
  let plots = 0;
  const outputCtx = { nextPlotId: () => `plot-${++plots}` };
  const blocks: Block[] = [];
  cells.forEach((cell, i) => blocks.push(...cellBlocks(cell, `${file} cell ${i + 1}`, ctx, outputCtx)));
  return assemble("notebook", file, slug, frontMatter, dropTitleHeading(blocks), ctx);
}

/**
 * Renders a Markdown note with YAML front matter into a post.
 */
export function renderNote(file: string, text: string, slug: string, ctx: RenderContext): RenderedPost {
  const { frontMatter, body } = splitFrontMatter(text, file);
  return assemble("note", file, slug, frontMatter, dropTitleHeading([{ kind: "markdown", markdown: body }]), ctx);
}

function cellBlocks(
  cell: NotebookCell,
  where: string,
  ctx: RenderContext,
  outputCtx: { nextPlotId(): string },
): Block[] {
  if (cell.cell_type === "markdown") return [{ kind: "markdown", markdown: cellSource(cell) }];
  if (cell.cell_type !== "code") return [];
  const { options, code } = parseCellOptions(cellSource(cell), where);
  if (!options.include) return [];
  const blocks: Block[] = [];
  if (options.echo && code.trim() !== "") {
    const highlighted = ctx.renderer.highlight(code, "typescript");
    const fenced = fence(code.replace(/\n$/, ""), "ts");
    blocks.push(
      options.codeFold
        ? {
            kind: "html",
            html: `<details class="code-fold"><summary>Show code</summary>\n${highlighted}\n</details>`,
            markdown: `<details>\n<summary>Show code</summary>\n\n${fenced}\n\n</details>`,
          }
        : { kind: "html", html: `<div class="code">${highlighted}</div>`, markdown: fenced },
    );
  }
  if (options.output) {
    for (const output of mergeStreams(cell.outputs ?? [])) {
      const block = renderOutput(output, outputCtx);
      if (block?.kind === "markdown") {
        blocks.push({ kind: "markdown", markdown: `<div class="output markdown">\n\n${block.markdown.trim()}\n\n</div>` });
      } else if (block) {
        blocks.push(block);
      }
    }
  }
  return blocks;
}

/** The page shows the title from the front matter, so a leading `# Title` would repeat it. */
function dropTitleHeading(blocks: Block[]): Block[] {
  const first = blocks[0];
  if (first?.kind !== "markdown") return blocks;
  const stripped = first.markdown.replace(/^\s*#[ \t]+[^\n]*\n?/, "");
  if (stripped === first.markdown) return blocks;
  return [{ kind: "markdown", markdown: stripped }, ...blocks.slice(1)];
}

function assemble(
  kind: PostKind,
  file: string,
  slug: string,
  frontMatter: FrontMatter,
  blocks: readonly Block[],
  ctx: RenderContext,
): RenderedPost {
  const source = blocks.map((b, i) => (b.kind === "markdown" ? b.markdown : `<!--csl-block-${i}-->`)).join("\n\n");
  const headings = blocks
    .filter((b) => b.kind === "markdown")
    .reduce((n, b) => n + (stripFences(b.markdown).match(/^#{2,3}[ \t]/gm)?.length ?? 0), 0);
  const withToc = headings >= TOC_MIN_HEADINGS ? `${TOC_PLACEHOLDER}\n\n${source}` : source;
  const rendered = ctx.renderer.render(withToc, { resolveLink: ctx.links.html });
  const html = rendered.replace(/<!--csl-block-(\d+)-->\n?/g, (_, i: string) => {
    const block = blocks[Number(i)];
    return block?.kind === "html" ? `${block.html}\n` : "";
  });
  const markdown = blocks
    .map((b) => (b.kind === "markdown" ? rewriteMarkdownLinks(b.markdown, ctx.links.markdown) : b.markdown))
    .join("\n\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return {
    kind,
    file,
    slug,
    frontMatter,
    html,
    markdown: `${markdown}\n`,
    hasPlots: blocks.some((b) => b.kind === "html" && b.plot === true),
    hasMath: html.includes('class="katex'),
  };
}

/** Code fences may contain `#` comments that are not headings. */
function stripFences(markdown: string): string {
  return markdown.replace(/^(```+|~~~+)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "");
}

/** Rewrites inline link targets `](href)` and `](href "title")` in Markdown text. */
function rewriteMarkdownLinks(markdown: string, map: (href: string) => string | undefined): string {
  return markdown.replace(/\]\(([^)\s]+)((?:\s+"[^"]*")?)\)/g, (whole, href: string, title: string) => {
    const mapped = map(href);
    return mapped === undefined ? whole : `](${mapped}${title})`;
  });
}
