import { escapeHtml } from "./html";
import { SITE_DESCRIPTION, SITE_TITLE } from "./layout";
import type { RenderedPost } from "./types";

/**
 * Builds the Atom feed (`feed.xml`). Links are relative to the feed's own
 * address, so the site can be served from any folder; ids are URNs derived
 * from slugs, stable across builds.
 *
 * @param posts Posts newest first.
 */
export function atomFeed(posts: readonly RenderedPost[]): string {
  const updated = posts[0]?.frontMatter.date ?? "1970-01-01";
  const entries = posts.map((p) => {
    const fm = p.frontMatter;
    return `  <entry>
    <title>${escapeHtml(fm.title)}</title>
    <link rel="alternate" type="text/html" href="${p.slug}/index.html"/>
    <id>urn:${SITE_TITLE}:post:${p.slug}</id>
    <published>${fm.date}T00:00:00Z</published>
    <updated>${fm.date}T00:00:00Z</updated>
    <summary>${escapeHtml(fm.description || fm.title)}</summary>
${fm.tags.map((t) => `    <category term="${escapeHtml(t)}"/>`).join("\n")}
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${SITE_TITLE}</title>
  <subtitle>${escapeHtml(SITE_DESCRIPTION)}</subtitle>
  <link rel="self" type="application/atom+xml" href="feed.xml"/>
  <link rel="alternate" type="text/html" href="index.html"/>
  <id>urn:${SITE_TITLE}:blog</id>
  <updated>${updated}T00:00:00Z</updated>
  <author><name>${SITE_TITLE}</name></author>
${entries.join("\n")}
</feed>
`;
}
