/**
 * The site's one stylesheet: readable measure, system fonts, light and dark
 * colours from `prefers-color-scheme`, Shiki's dual-theme switch.
 */
export const STYLESHEET = `:root {
  --bg: #fdfdfc; --fg: #1d1f21; --muted: #5c6166; --accent: #0b62c4; --rule: #e3e4e6;
  --code-bg: #f4f5f6; --error: #b3261e; --card: #ffffff;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #16181b; --fg: #e4e6e8; --muted: #9aa0a6; --accent: #6cb2ff; --rule: #2e3236;
    --code-bg: #1f2226; --error: #ff8a80; --card: #1c1f23; }
  .shiki, .shiki span { color: var(--shiki-dark) !important; background-color: var(--shiki-dark-bg) !important; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
main, header.site, footer.site { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header.site { display: flex; justify-content: space-between; align-items: baseline; padding-top: 1rem; padding-bottom: .5rem;
  border-bottom: 1px solid var(--rule); font-weight: 600; }
header.site nav a { margin-left: 1rem; font-weight: 400; }
footer.site { margin-top: 3rem; padding-top: 1rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .9rem; }
a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
h1, h2, h3, h4 { line-height: 1.25; margin: 2rem 0 .75rem; }
h1 { font-size: 2rem; margin-top: 1.5rem; }
h2 { font-size: 1.45rem; } h3 { font-size: 1.2rem; }
a.anchor { opacity: 0; margin-left: .3rem; text-decoration: none; color: var(--muted); }
h2:hover a.anchor, h3:hover a.anchor, h4:hover a.anchor, a.anchor:focus { opacity: 1; }
.meta { color: var(--muted); font-size: .92rem; margin: .25rem 0; }
.description { font-size: 1.08rem; color: var(--muted); }
a.tag { font-size: .85rem; margin-right: .35rem; text-decoration: none; }
.draft { background: var(--error); color: var(--bg); border-radius: 3px; padding: 0 .35rem; font-size: .8rem; }
ul.posts { list-style: none; padding: 0; }
ul.posts li { padding: 1rem 0; border-bottom: 1px solid var(--rule); }
ul.posts a.title { font-size: 1.2rem; font-weight: 600; text-decoration: none; }
nav.toc { border-left: 3px solid var(--rule); padding: .25rem 1rem; margin: 1.5rem 0; font-size: .95rem; }
nav.toc ul { margin: .2rem 0; padding-left: 1.1rem; }
code { font: .88em/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
:not(pre) > code { background: var(--code-bg); padding: .1em .3em; border-radius: 3px; }
pre { overflow-x: auto; padding: .8rem 1rem; border-radius: 6px; background: var(--code-bg); font-size: .88rem; line-height: 1.45; }
pre.shiki { border: 1px solid var(--rule); }
pre.output { background: transparent; border-left: 3px solid var(--rule); border-radius: 0; padding: .4rem .9rem; margin-top: -.4rem; }
pre.output.stderr { border-left-color: #c98a00; }
pre.output.error { border-left-color: var(--error); color: var(--error); }
details.code-fold > summary { cursor: pointer; color: var(--muted); font-size: .9rem; }
.output.plotly-figure { width: 100%; min-height: 420px; margin: 1rem 0; background: var(--card); border-radius: 6px; }
.output.image img, article img { max-width: 100%; height: auto; }
.output.html { overflow-x: auto; }
.output.markdown { margin: .5rem 0 1rem; }
table { border-collapse: collapse; display: block; overflow-x: auto; margin: 1rem 0; }
th, td { border: 1px solid var(--rule); padding: .3rem .6rem; text-align: left; }
blockquote { margin: 1rem 0; padding: .1rem 1rem; border-left: 3px solid var(--accent); color: var(--muted); }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
.footnotes { font-size: .9rem; color: var(--muted); }
.katex-display { overflow-x: auto; overflow-y: hidden; }
p.source { margin-top: 2.5rem; font-size: .92rem; color: var(--muted); }
@media (max-width: 520px) { body { font-size: 16px; } h1 { font-size: 1.6rem; } }
`;

/**
 * The script that draws every chart on a page: each `div.plotly-figure` has
 * its figure in a `<script type="application/json" data-plot-for=ID>`. In dark
 * mode the chart background becomes transparent and text light.
 */
export const PLOTS_SCRIPT = `(function () {
  "use strict";
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var figures = document.querySelectorAll("script[data-plot-for]");
  for (var i = 0; i < figures.length; i++) {
    var node = figures[i];
    var div = document.getElementById(node.getAttribute("data-plot-for"));
    if (!div) continue;
    var fig = JSON.parse(node.textContent || "{}");
    var layout = fig.layout || {};
    if (dark) {
      layout = Object.assign({}, layout, {
        paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
        font: Object.assign({ color: "#e4e6e8" }, layout.font || {}),
        xaxis: Object.assign({ gridcolor: "#3a3f44", zerolinecolor: "#555" }, layout.xaxis || {}),
        yaxis: Object.assign({ gridcolor: "#3a3f44", zerolinecolor: "#555" }, layout.yaxis || {})
      });
    }
    window.Plotly.newPlot(div, fig.data || [], layout, Object.assign({ responsive: true }, fig.config || {}));
  }
})();
`;
