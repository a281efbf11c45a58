import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { notebookFrontMatter, splitFrontMatter } from "./front-matter";
import { parseNotebook } from "./notebook-json";
import { assertUniqueSlugs, slugFromFile } from "./slug";
import type { PostSource } from "./types";

/**
 * Finds every post: `*.ipynb` in the notebooks folder and `*.md` in the notes
 * folder (except README.md and files starting with "_"), reads their front
 * matter and checks their slugs.
 *
 * @throws {TypeError | RangeError} Naming the file, for missing titles or dates, bad or duplicate slugs.
 */
export async function findPosts(notebooksDir: string, notesDir: string): Promise<PostSource[]> {
  const posts: PostSource[] = [];
  for (const file of await listFiles(notebooksDir, ".ipynb")) {
    const notebook = parseNotebook(await readFile(file, "utf8"), file);
    posts.push({ kind: "notebook", file, slug: slugFromFile(file), frontMatter: notebookFrontMatter(notebook, file).frontMatter });
  }
  for (const file of await listFiles(notesDir, ".md")) {
    const { frontMatter } = splitFrontMatter(await readFile(file, "utf8"), file);
    posts.push({ kind: "note", file, slug: slugFromFile(file), frontMatter });
  }
  assertUniqueSlugs(posts);
  return posts;
}

async function listFiles(dir: string, ext: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return names
    .filter((n) => n.endsWith(ext) && !n.startsWith("_") && !n.startsWith(".") && n.toLowerCase() !== "readme.md")
    .sort()
    .map((n) => join(dir, n));
}

/**
 * Keeps the posts to export: drafts only when asked, and only the given slugs
 * when `only` is set.
 *
 * @throws {RangeError} When a slug in `only` names no post.
 */
export function selectPosts(
  posts: readonly PostSource[],
  options: { readonly drafts: boolean; readonly only?: readonly string[] },
): PostSource[] {
  if (options.only && options.only.length > 0) {
    const known = new Set(posts.map((p) => p.slug));
    for (const slug of options.only) {
      if (!known.has(slug)) throw new RangeError(`--only: no notebook or note has the slug "${slug}"`);
    }
  }
  const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  return posts.filter((p) => (options.drafts || !p.frontMatter.draft) && (!only || only.has(p.slug)));
}
