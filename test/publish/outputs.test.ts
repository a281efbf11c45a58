import { describe, expect, it } from "vitest";
import { fence, jsonForScript, mergeStreams, renderOutput, stripAnsi, type Block, type NotebookOutput } from "../../src/publish";

const ctx = () => {
  let n = 0;
  return { nextPlotId: () => `plot-${++n}` };
};
const html = (b: Block | undefined): string => (b?.kind === "html" ? b.html : "");

describe("stripAnsi", () => {
  it("removes colour and cursor codes", () => {
    expect(stripAnsi("\u001b[1;31mError\u001b[0m: \u001b[2Kboom")).toBe("Error: boom");
  });
  it("removes OSC hyperlinks", () => {
    expect(stripAnsi("\u001b]8;;http://x\u0007link\u001b]8;;\u0007")).toBe("link");
  });
});

describe("renderOutput", () => {
  it("turns a plotly figure into a div and its JSON, safe inside a script", () => {
    const fig = { data: [{ type: "bar", x: ["a"], y: [1], name: "</script><b>" }], layout: { title: { text: "T" } } };
    const block = renderOutput({ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig, "image/png": "AAAA" } }, ctx());
    expect(block).toMatchObject({ kind: "html", plot: true });
    const out = html(block);
    expect(out).toContain('<div class="output plotly-figure" id="plot-1"></div>');
    expect(out).toContain('<script type="application/json" data-plot-for="plot-1">');
    expect(out).not.toContain("</script><b>");
    const json = /data-plot-for="plot-1">(.*)<\/script>/.exec(out)![1]!;
    expect(JSON.parse(json)).toEqual({ ...fig, config: {} });
    expect(block?.kind === "html" && block.markdown).toContain('Plotly.newPlot("plot-1"');
  });

  it("numbers plots in order on a page", () => {
    const c = ctx();
    const fig: NotebookOutput = { output_type: "display_data", data: { "application/vnd.plotly.v1+json": { data: [] } } };
    renderOutput(fig, c);
    expect(html(renderOutput(fig, c))).toContain('id="plot-2"');
  });

  it("passes text/html through", () => {
    const out = html(renderOutput({ output_type: "display_data", data: { "text/html": ["<table>", "<tr><td>1</td></tr></table>"] } }, ctx()));
    expect(out).toBe('<div class="output html">\n<table><tr><td>1</td></tr></table>\n</div>');
  });

  it("embeds PNG and SVG images as data URIs", () => {
    expect(html(renderOutput({ output_type: "display_data", data: { "image/png": "iVBO\nRw==\n" } }, ctx()))).toBe(
      '<div class="output image"><img src="data:image/png;base64,iVBORw==" alt="cell output"></div>',
    );
    const svg = "<svg xmlns='http://www.w3.org/2000/svg'/>";
    expect(html(renderOutput({ output_type: "display_data", data: { "image/svg+xml": svg } }, ctx()))).toContain(
      `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    );
  });

  it("keeps text/markdown as Markdown for the document", () => {
    expect(renderOutput({ output_type: "display_data", data: { "text/markdown": "**42** ms", "text/plain": "42" } }, ctx())).toEqual({
      kind: "markdown",
      markdown: "**42** ms",
    });
  });

  it("puts streams in a pre without ANSI codes, escaped", () => {
    const block = renderOutput({ output_type: "stream", name: "stderr", text: "\u001b[31m<warn>\u001b[0m\n" }, ctx());
    expect(html(block)).toBe('<pre class="output stream stderr">&lt;warn&gt;</pre>');
    expect(block?.kind === "html" && block.markdown).toBe("```text\n<warn>\n```");
  });

  it("shows errors, even with tslab's empty evalue", () => {
    expect(html(renderOutput({ output_type: "error", ename: "Error", evalue: "", traceback: [] }, ctx()))).toBe('<pre class="output error">Error</pre>');
    const withTrace = renderOutput(
      { output_type: "error", ename: "TypeError", evalue: "x is not a function", traceback: ["\u001b[31mTypeError: x is not a function\u001b[0m", "    at cell"] },
      ctx(),
    );
    expect(html(withTrace)).toBe('<pre class="output error">TypeError: x is not a function\n    at cell</pre>');
  });

  it("shows text/plain when nothing richer is there", () => {
    expect(html(renderOutput({ output_type: "execute_result", data: { "text/plain": "[ 1, 2 ]" } }, ctx()))).toBe(
      '<pre class="output text">[ 1, 2 ]</pre>',
    );
  });

  it("says which mimetypes it could not show", () => {
    expect(html(renderOutput({ output_type: "display_data", data: { "application/x-thing": {} } }, ctx()))).toBe(
      '<p class="output unsupported">(output not shown: application/x-thing)</p>',
    );
  });

  it("skips empty streams", () => {
    expect(renderOutput({ output_type: "stream", name: "stdout", text: "" }, ctx())).toBeUndefined();
  });
});

describe("mergeStreams", () => {
  it("joins consecutive chunks of the same stream only", () => {
    const merged = mergeStreams([
      { output_type: "stream", name: "stdout", text: "a" },
      { output_type: "stream", name: "stdout", text: ["b", "c"] },
      { output_type: "stream", name: "stderr", text: "d" },
      { output_type: "stream", name: "stdout", text: "e" },
    ]);
    expect(merged.map((o) => (o.output_type === "stream" ? o.text : ""))).toEqual(["abc", "d", "e"]);
  });
});

describe("fence and jsonForScript", () => {
  it("fence uses more backticks than the text holds", () => {
    expect(fence("a ```` b", "text")).toBe("`````text\na ```` b\n`````");
  });
  it("jsonForScript escapes characters that could close a script", () => {
    expect(jsonForScript({ s: "</script>&\u2028" })).toBe('{"s":"\\u003c/script\\u003e\\u0026\\u2028"}');
  });
});
