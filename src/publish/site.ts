import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { writeAssets } from "./assets";
import { atomFeed } from "./feed";
import { indexPage, postPage, tagPage } from "./layout";
import { linkMaps } from "./links";
import { createMarkdownRenderer } from "./markdown";
import { markdownExport } from "./markdown-export";
import { renderNote, renderNotebook, type RenderContext } from "./render-post";
import { findPosts, selectPosts } from "./sources";
import type { PostSource, RenderedPost } from "./types";

/** Runs notebooks and writes executed copies as `outDir/<basename>.ipynb`. */
export type NotebookExecutor = (paths: readonly string[], options: { readonly outDir: string }) => Promise<void>;

/** Options for {@link buildSite}. */
export interface BuildOptions {
  /** Site folder; replaced on every build (default "dist/blog"). */
  readonly outDir?: string;
  /** Folder of notebooks (default "notebooks"). */
  readonly notebooksDir?: string;
  /** Folder of notes (default "notes"). */
  readonly notesDir?: string;
  /** Runs notebooks fresh before rendering; without it the outputs stored in the files are used. */
  readonly execute?: NotebookExecutor;
  /** Include posts marked `draft: true` (default false). */
  readonly drafts?: boolean;
  /** Export only these slugs (default: all). */
  readonly only?: readonly string[];
  /** Receives progress lines and warnings (default: ignore). */
  readonly log?: (line: string) => void;
}

/** What {@link buildSite} produced. */
export interface BuildResult {
  readonly outDir: string;
  /** Posts newest first. */
  readonly posts: readonly RenderedPost[];
  readonly tags: readonly string[];
}

/** Marks a folder as written by the exporter, so a rebuild may replace it. */
const MARKER = ".csl-blog";

/**
 * Builds the static blog: one page and one `.md` per post, the index, a page
 * per tag, the Atom feed and the assets.
 *
 * @throws {TypeError | RangeError} Naming the file for bad front matter or slugs, or the folder when
 * `outDir` holds something the exporter did not write.
 */
export async function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = options.outDir ?? join("dist", "blog");
  const log = options.log ?? (() => {});
  const all = await findPosts(options.notebooksDir ?? "notebooks", options.notesDir ?? "notes");
  const selected = selectPosts(all, { drafts: options.drafts ?? false, ...(options.only ? { only: options.only } : {}) });
  await checkOutDir(outDir);

  const texts = await readSources(selected, options.execute, log);
  const slugs = new Set(selected.map((p) => p.slug));
  const warned = new Set<string>();
  const ctx: RenderContext = {
    renderer: await createMarkdownRenderer(),
    links: linkMaps(slugs, (href) => {
      if (warned.has(href)) return;
      warned.add(href);
      log(`warning: link to ${href} does not match an exported post`);
    }),
  };
  const posts = selected
    .map((p) => (p.kind === "notebook" ? renderNotebook : renderNote)(p.file, texts.get(p.file)!, p.slug, ctx))
    .sort(newestFirst);
  const tags = [...new Set(posts.flatMap((p) => p.frontMatter.tags))].sort();

  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, MARKER), "Written by `npm run export`; rebuilt from scratch each time.\n");
  // GitHub Pages would otherwise run Jekyll over the .md exports.
  await writeFile(join(outDir, ".nojekyll"), "");
  for (const post of posts) {
    const dir = join(outDir, post.slug);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "index.html"), postPage(post));
    await writeFile(join(outDir, `${post.slug}.md`), markdownExport(post));
    if (post.kind === "notebook") await cp(post.file, join(dir, basename(post.file)));
  }
  await writeFile(join(outDir, "index.html"), indexPage(posts, tags));
  for (const tag of tags) {
    await mkdir(join(outDir, "tags", tag), { recursive: true });
    await writeFile(join(outDir, "tags", tag, "index.html"), tagPage(tag, posts.filter((p) => p.frontMatter.tags.includes(tag))));
  }
  await writeFile(join(outDir, "feed.xml"), atomFeed(posts));
  await writeAssets(outDir, { math: posts.some((p) => p.hasMath) });
  log(`wrote ${posts.length} post(s) and ${tags.length} tag page(s) to ${outDir}`);
  return { outDir, posts, tags };
}

/** Reads each post's text: notebooks from a fresh execution when an executor is given. */
async function readSources(
  posts: readonly PostSource[],
  execute: NotebookExecutor | undefined,
  log: (line: string) => void,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const notebooks = posts.filter((p) => p.kind === "notebook").map((p) => p.file);
  let executedDir: string | undefined;
  try {
    if (execute && notebooks.length > 0) {
      executedDir = await mkdtemp(join(tmpdir(), "csl-export-"));
      log(`executing ${notebooks.length} notebook(s) with the project kernel`);
      await execute(notebooks, { outDir: executedDir });
    }
    for (const post of posts) {
      const path = executedDir && post.kind === "notebook" ? join(executedDir, basename(post.file)) : post.file;
      texts.set(post.file, await readFile(path, "utf8"));
    }
  } finally {
    if (executedDir) await rm(executedDir, { recursive: true, force: true });
  }
  return texts;
}

async function checkOutDir(outDir: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(outDir)).isDirectory()) throw new RangeError(`--out ${outDir} is a file, expected a folder`);
    entries = await readdir(outDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new RangeError(`--out ${outDir} is not empty and was not written by the exporter; choose a new or empty folder`);
  }
}

function newestFirst(a: RenderedPost, b: RenderedPost): number {
  return b.frontMatter.date.localeCompare(a.frontMatter.date) || a.frontMatter.title.localeCompare(b.frontMatter.title);
}
