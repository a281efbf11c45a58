import { baseLayout, checkSeries, defaultConfig, type ChartTitles, type Figure, type XYSeries } from "./figure";

/** Options for {@link lineChart}. */
export interface LineOptions extends ChartTitles {
  readonly series: readonly XYSeries[];
  /** Draw a marker at each point as well as the line (default true). */
  readonly markers?: boolean;
  /** Logarithmic x axis (default false). */
  readonly logX?: boolean;
  /** Logarithmic y axis (default false). */
  readonly logY?: boolean;
  /** Vertical reference lines, e.g. a limit: `{x, label}`. */
  readonly vlines?: readonly { readonly x: number; readonly label: string }[];
}

/**
 * Builds a line chart, one trace per series.
 *
 * @example
 * const fig = lineChart({ title: "t", series: [{ name: "a", x: [0, 1], y: [1, 2] }] });
 * fig.data.length; //=> 1
 */
export function lineChart(options: LineOptions): Figure {
  options.series.forEach(checkSeries);
  const markers = options.markers ?? true;
  // On a log axis plotly places shapes and annotations in log10 units.
  const at = (x: number): number => (options.logX ? Math.log10(x) : x);
  const layout = baseLayout(options, {
    ...(options.vlines?.length
      ? {
          shapes: options.vlines.map((v) => ({
            type: "line", xref: "x", yref: "paper", x0: at(v.x), x1: at(v.x), y0: 0, y1: 1,
            line: { dash: "dot", width: 1.5, color: "#d62728" },
          })),
          annotations: options.vlines.map((v) => ({
            x: at(v.x), xref: "x", y: 1, yref: "paper", text: v.label, showarrow: false, yanchor: "bottom",
          })),
        }
      : {}),
  });
  const axes = {
    xaxis: { ...(layout.xaxis as object), ...(options.logX ? { type: "log" } : {}) },
    yaxis: { ...(layout.yaxis as object), ...(options.logY ? { type: "log" } : {}) },
  };
  return {
    data: options.series.map((s) => ({
      type: "scatter",
      mode: markers ? "lines+markers" : "lines",
      name: s.name,
      x: [...s.x],
      y: [...s.y],
      ...(s.text ? { text: [...s.text], hoverinfo: "text+name" } : {}),
    })),
    layout: { ...layout, ...axes },
    config: defaultConfig,
  };
}
