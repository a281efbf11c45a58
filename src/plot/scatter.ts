import { baseLayout, checkSeries, defaultConfig, type ChartTitles, type Figure, type XYSeries } from "./figure";

/** Options for {@link scatterChart}. */
export interface ScatterOptions extends ChartTitles {
  readonly series: readonly XYSeries[];
  /** Marker size in pixels (default 7). */
  readonly markerSize?: number;
}

/**
 * Builds a scatter chart (markers only), one trace per series.
 *
 * @example
 * scatterChart({ title: "t", series: [{ name: "a", x: [1], y: [2] }] }).data[0].mode; //=> "markers"
 */
export function scatterChart(options: ScatterOptions): Figure {
  options.series.forEach(checkSeries);
  return {
    data: options.series.map((s) => ({
      type: "scatter",
      mode: "markers",
      name: s.name,
      x: [...s.x],
      y: [...s.y],
      marker: { size: options.markerSize ?? 7 },
      ...(s.text ? { text: [...s.text] } : {}),
    })),
    layout: baseLayout(options),
    config: defaultConfig,
  };
}
