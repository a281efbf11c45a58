import { cp, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PLOTS_SCRIPT, STYLESHEET } from "./stylesheet";

/** Options for {@link writeAssets}. */
export interface AssetOptions {
  /** Copy KaTeX's stylesheet and fonts (only when a post uses math). */
  readonly math: boolean;
}

/**
 * Writes `assets/`: the stylesheet (with the highlighting styles), the chart
 * loader, plotly.js copied from the installed `plotly.js-dist` package (never
 * a CDN, so pages work offline) and KaTeX's CSS and fonts when needed.
 *
 * @param outDir The site folder.
 */
export async function writeAssets(outDir: string, options: AssetOptions): Promise<void> {
  const assets = join(outDir, "assets");
  await mkdir(assets, { recursive: true });
  // Resolve packages from the project root, the working directory of every entry point.
  const req = createRequire(join(process.cwd(), "package.json"));
  await Promise.all([
    writeFile(join(assets, "style.css"), STYLESHEET),
    writeFile(join(assets, "plots.js"), PLOTS_SCRIPT),
    cp(req.resolve("plotly.js-dist/plotly.js"), join(assets, "plotly.js")),
  ]);
  if (options.math) {
    const katexDist = dirname(req.resolve("katex/dist/katex.min.css"));
    await mkdir(join(assets, "katex"), { recursive: true });
    await cp(join(katexDist, "katex.min.css"), join(assets, "katex", "katex.min.css"));
    await cp(join(katexDist, "fonts"), join(assets, "katex", "fonts"), { recursive: true });
  }
}
