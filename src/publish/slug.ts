import { basename, extname } from "node:path";

/** Slugs that would collide with the site's own files and folders. */
const RESERVED = new Set(["assets", "tags", "index", "feed"]);

/** Lowercase words of letters and digits joined by single hyphens. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Derives a post's slug from its file name (the name without extension) and
 * validates it.
 *
 * @param file Path of the notebook or note, named in errors.
 * @returns The slug, e.g. "02-os-scheduler" for "notebooks/02-os-scheduler.ipynb".
 * @throws {RangeError} When the name is not a valid slug.
 *
 * @example
 * slugFromFile("notebooks/02-os-scheduler.ipynb"); //=> "02-os-scheduler"
 */
export function slugFromFile(file: string): string {
  const slug = basename(file, extname(file));
  validateSlug(slug, file);
  return slug;
}

/**
 * Checks that a slug is safe to use as a folder name in the site: lowercase
 * letters, digits and single hyphens (so no path separators, no `..`), and
 * not one of the site's own folders.
 *
 * @throws {RangeError} Naming the file and the slug.
 */
export function validateSlug(slug: string, file: string): void {
  if (!SLUG.test(slug)) {
    throw new RangeError(
      `${file}: expected a slug of lowercase letters, digits and single hyphens (no path separators, no "..") but found "${slug}"`,
    );
  }
  if (RESERVED.has(slug)) {
    throw new RangeError(`${file}: slug "${slug}" is reserved for the site itself (${[...RESERVED].join(", ")})`);
  }
}

/**
 * Checks that no two posts share a slug.
 *
 * @throws {RangeError} Naming both files and the slug.
 */
export function assertUniqueSlugs(posts: readonly { readonly slug: string; readonly file: string }[]): void {
  const seen = new Map<string, string>();
  for (const post of posts) {
    const other = seen.get(post.slug);
    if (other !== undefined) {
      throw new RangeError(`${post.file}: slug "${post.slug}" is already used by ${other}`);
    }
    seen.set(post.slug, post.file);
  }
}

/**
 * Checks a tag, which becomes the folder `tags/<tag>/`.
 *
 * @throws {RangeError} Naming the file and the tag.
 */
export function validateTag(tag: string, file: string): void {
  if (!SLUG.test(tag)) {
    throw new RangeError(`${file}: expected tags of lowercase letters, digits and single hyphens but found "${tag}"`);
  }
}
