import { stripAnsi } from "./ansi";
import { escapeHtml, jsonForScript } from "./html";
import { multiline } from "./notebook-json";
import type { NotebookOutput } from "./types";

/** The mimetype JupyterLab's plotly renderer reads; nbconvert drops it, we render it. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * A piece of a rendered post. Markdown blocks join the document (so their
 * headings get anchors); HTML blocks are inserted as they are, with their own
 * Markdown rendering for the `.md` export.
 */
export type Block =
  | { readonly kind: "markdown"; readonly markdown: string }
  | { readonly kind: "html"; readonly html: string; readonly markdown: string; readonly plot?: boolean };

/** Per-post state for rendering outputs. */
export interface OutputContext {
  /** Returns a fresh element id for the next plot on the page, e.g. "plot-1". */
  nextPlotId(): string;
}

/** Rich mimetypes in order of preference: the first one present is rendered. */
const PREFERENCE = [PLOTLY_MIME, "text/html", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "text/markdown", "text/plain"] as const;

/**
 * Joins consecutive stream outputs of the same name (kernels split them
 * arbitrarily), so each becomes one `<pre>`.
 */
export function mergeStreams(outputs: readonly NotebookOutput[]): NotebookOutput[] {
  const merged: NotebookOutput[] = [];
  for (const out of outputs) {
    const last = merged[merged.length - 1];
    if (out.output_type === "stream" && last?.output_type === "stream" && last.name === out.name) {
      merged[merged.length - 1] = { ...last, text: multiline(last.text) + multiline(out.text) };
    } else {
      merged.push(out);
    }
  }
  return merged;
}

/**
 * Renders one notebook output: plotly figures become a `<div>` drawn by
 * `Plotly.newPlot`, HTML and images pass through, Markdown joins the document,
 * streams and errors become `<pre>` blocks without ANSI codes.
 *
 * @returns The block, or undefined for an output with nothing to show.
 */
export function renderOutput(output: NotebookOutput, ctx: OutputContext): Block | undefined {
  switch (output.output_type) {
    case "stream": {
      const text = stripAnsi(multiline(output.text));
      if (text === "") return undefined;
      const name = output.name === "stderr" ? "stderr" : "stdout";
      return preBlock(`output stream ${name}`, text);
    }
    case "error": {
      // tslab leaves evalue empty and writes the message to stderr (rendered just before).
      const head = output.evalue ? `${output.ename}: ${output.evalue}` : output.ename;
      const trace = output.traceback.map(stripAnsi).join("\n");
      const text = trace.includes(head) ? trace : [head, trace].filter(Boolean).join("\n");
      return preBlock("output error", stripAnsi(text));
    }
    case "display_data":
    case "execute_result":
      return renderRich(output.data, ctx);
  }
}

function renderRich(data: Readonly<Record<string, unknown>>, ctx: OutputContext): Block | undefined {
  const mime = PREFERENCE.find((m) => data[m] !== undefined);
  if (mime === undefined) {
    const kinds = Object.keys(data).join(", ") || "no data";
    return { kind: "html", html: `<p class="output unsupported">(output not shown: ${escapeHtml(kinds)})</p>`, markdown: `*(output not shown: ${kinds})*` };
  }
  const value = data[mime];
  switch (mime) {
    case PLOTLY_MIME:
      return plotBlock(typeof value === "string" ? (JSON.parse(value) as unknown) : value, ctx.nextPlotId());
    case "text/html": {
      const html = multiline(value).trim();
      // Blank lines would end a raw HTML block in Markdown.
      const compact = html.replace(/\n\s*\n/g, "\n");
      return { kind: "html", html: `<div class="output html">\n${html}\n</div>`, markdown: `<div class="output html">\n${compact}\n</div>` };
    }
    case "image/svg+xml": {
      const svg = multiline(value);
      const src = `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
      return imageBlock(src);
    }
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return imageBlock(`data:${mime};base64,${multiline(value).replace(/\s+/g, "")}`);
    case "text/markdown":
      return { kind: "markdown", markdown: multiline(value) };
    case "text/plain":
      return preBlock("output text", stripAnsi(multiline(value)));
  }
}

function plotBlock(figure: unknown, id: string): Block {
  const fig = (figure ?? {}) as { data?: unknown; layout?: unknown; config?: unknown };
  const json = jsonForScript({ data: fig.data ?? [], layout: fig.layout ?? {}, config: fig.config ?? {} });
  return {
    kind: "html",
    plot: true,
    html: `<div class="output plotly-figure" id="${id}"></div>\n<script type="application/json" data-plot-for="${id}">${json}</script>`,
    markdown:
      `<div class="plotly-figure" id="${id}"></div>\n` +
      `<script>(function(f){Plotly.newPlot("${id}",f.data,f.layout,f.config)})(${json})</script>`,
  };
}

function imageBlock(src: string): Block {
  return { kind: "html", html: `<div class="output image"><img src="${src}" alt="cell output"></div>`, markdown: `![cell output](${src})` };
}

function preBlock(className: string, text: string): Block {
  const body = text.replace(/\n$/, "");
  return {
    kind: "html",
    html: `<pre class="${className}">${escapeHtml(body)}</pre>`,
    markdown: fence(body, "text"),
  };
}

/**
 * A Markdown code fence around text, with a fence longer than any run of
 * backticks inside.
 *
 * @example
 * fence("a", "ts"); //=> "```ts\na\n```"
 */
export function fence(text: string, lang: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}
