import type { LinkMaps } from "./render-post";

/**
 * Builds the link maps for a set of posts: a relative link to a notebook or
 * note that is exported (e.g. `../notebooks/02-os-scheduler.ipynb` or
 * `threads-vs-processes.md#pitfalls`) points to that post's page; other links
 * are left alone. Links to a notebook or note that is not exported are
 * reported through `onMissing`.
 *
 * @param slugs Slugs of the posts in this build.
 * @param onMissing Called with each unresolved link to a `.ipynb` or `.md` file.
 */
export function linkMaps(slugs: ReadonlySet<string>, onMissing: (href: string) => void = () => {}): LinkMaps {
  const target = (href: string): { slug: string; hash: string } | undefined => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#") || href.startsWith("/")) return undefined;
    const [path = "", hash = ""] = href.split(/(?=#)/);
    const m = /(?:^|\/)([^/]+)\.(ipynb|md)$/.exec(path);
    if (!m) return undefined;
    if (!slugs.has(m[1]!)) {
      onMissing(href);
      return undefined;
    }
    return { slug: m[1]!, hash };
  };
  return {
    html: (href) => {
      const t = target(href);
      return t && `../${t.slug}/index.html${t.hash}`;
    },
    markdown: (href) => {
      const t = target(href);
      return t && `${t.slug}.md${t.hash}`;
    },
  };
}
