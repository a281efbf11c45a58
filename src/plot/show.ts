import { createRequire } from "node:module";
import { join } from "node:path";
import type { Figure } from "./figure";

/** The mimetype JupyterLab's plotly renderer (Python plotly >= 6.1) draws. */
export const PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json";

/** True inside the tslab kernel, where `tslab.display` can reach the notebook. */
export function inKernel(): boolean {
  return process.argv.some((a) => a.includes("tslab")) && process.argv.includes("kernel");
}

/**
 * tslab's display API, resolved from the kernel's cwd (the repo root) so we
 * talk to the very module instance the kernel wired to its Jupyter sockets.
 */
function kernelDisplay(): { raw(mime: string, value: unknown): void; markdown(s: string): void } {
  const req = createRequire(join(process.cwd(), "package.json"));
  return (req("tslab") as { display: ReturnType<typeof kernelDisplay> }).display;
}

/** A one-line description of a figure, for terminals and logs. */
export function summarize(figure: Figure): string {
  const layoutTitle = figure.layout.title as { text?: string } | undefined;
  const kinds = [...new Set(figure.data.map((t) => t.type))].join(", ") || "no traces";
  const points = figure.data.reduce((n, t) => n + (Array.isArray(t.x) ? t.x.length : Array.isArray(t.z) ? t.z.length : 0), 0);
  return `[figure] ${layoutTitle?.text ?? "untitled"}: ${figure.data.length} trace(s) (${kinds}), ${points} point(s)`;
}

/**
 * Displays a figure inline in the notebook. Outside the kernel (vitest, tsx)
 * it prints a one-line summary instead, so library code and scripts can call
 * it freely.
 */
export function show(figure: Figure): void {
  if (inKernel()) {
    // The renderer needs the figure as an object: a JSON string would be kept as a string.
    kernelDisplay().raw(PLOTLY_MIMETYPE, JSON.parse(JSON.stringify(figure)));
    return;
  }
  console.log(summarize(figure));
}

/** Displays Markdown in the notebook (a one-line echo outside the kernel). */
export function showMarkdown(markdown: string): void {
  if (inKernel()) {
    kernelDisplay().markdown(markdown);
    return;
  }
  console.log(markdown);
}
