import { baseLayout, defaultConfig, type ChartTitles, type Figure } from "./figure";

/** Options for {@link histogram}. */
export interface HistogramOptions extends ChartTitles {
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** Number of bins (default: plotly chooses). */
  readonly bins?: number;
  /** Overlay series translucently (default) or stack them. */
  readonly mode?: "overlay" | "stack";
}

/**
 * Builds a histogram. Binning happens client side, so pass samples, and keep
 * them to a few thousand: aggregate bigger data first.
 *
 * @example
 * histogram({ title: "t", series: [{ name: "a", values: [1, 2, 2] }] }).data[0].type; //=> "histogram"
 */
export function histogram(options: HistogramOptions): Figure {
  if (options.bins !== undefined && (!Number.isInteger(options.bins) || options.bins < 1)) {
    throw new RangeError(`Expected bins to be an integer greater than 0 but found ${options.bins}`);
  }
  const overlay = (options.mode ?? "overlay") === "overlay" && options.series.length > 1;
  return {
    data: options.series.map((s) => ({
      type: "histogram",
      name: s.name,
      x: [...s.values],
      ...(options.bins !== undefined ? { nbinsx: options.bins } : {}),
      ...(overlay ? { opacity: 0.6 } : {}),
    })),
    layout: baseLayout(
      { ...options, yTitle: options.yTitle ?? "count" },
      { barmode: options.mode ?? "overlay" },
    ),
    config: defaultConfig,
  };
}
