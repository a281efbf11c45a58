import { stringify } from "yaml";
import type { RenderedPost } from "./types";

/**
 * The post as Markdown with YAML front matter, for Hugo, Jekyll or Astro
 * (`<slug>.md`). Charts stay interactive where the page loads plotly.js.
 */
export function markdownExport(post: RenderedPost): string {
  const fm = post.frontMatter;
  const header = stringify({
    title: fm.title,
    date: fm.date,
    description: fm.description,
    tags: [...fm.tags],
    ...(fm.draft ? { draft: true } : {}),
  });
  const note = post.hasPlots ? "<!-- The charts below call Plotly.newPlot: load plotly.js (assets/plotly.js) on the page. -->\n\n" : "";
  return `---\n${header}---\n\n${note}${post.markdown}`;
}
