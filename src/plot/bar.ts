import { baseLayout, defaultConfig, type ChartTitles, type Figure } from "./figure";

/** One bar series: a value per category. */
export interface BarSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/** Options for {@link barChart}. */
export interface BarOptions extends ChartTitles {
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** "group" puts series side by side (default), "stack" on top of each other. */
  readonly mode?: "group" | "stack";
  /** Horizontal bars (default false). */
  readonly horizontal?: boolean;
}

/**
 * Builds a grouped or stacked bar chart.
 *
 * @example
 * barChart({ title: "t", categories: ["a"], series: [{ name: "s", values: [1] }] }).layout.barmode; //=> "group"
 */
export function barChart(options: BarOptions): Figure {
  for (const s of options.series) {
    if (s.values.length !== options.categories.length) {
      throw new RangeError(
        `Expected series "${s.name}" to have ${options.categories.length} values (one per category) but found ${s.values.length}`,
      );
    }
  }
  const horizontal = options.horizontal ?? false;
  return {
    data: options.series.map((s) => ({
      type: "bar",
      name: s.name,
      orientation: horizontal ? "h" : "v",
      x: horizontal ? [...s.values] : [...options.categories],
      y: horizontal ? [...options.categories] : [...s.values],
    })),
    layout: baseLayout(options, { barmode: options.mode ?? "group" }),
    config: defaultConfig,
  };
}
