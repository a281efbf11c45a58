import { baseLayout, defaultConfig, type ChartTitles, type Figure } from "./figure";

/** Options for {@link heatmap}. */
export interface HeatmapOptions extends ChartTitles {
  /** Column labels (x). */
  readonly x: readonly (string | number)[];
  /** Row labels (y). */
  readonly y: readonly (string | number)[];
  /** Values, one row per y label, one column per x label. */
  readonly z: readonly (readonly (number | null)[])[];
  /** Colour bar title, with units. */
  readonly colorTitle?: string;
  /** Plotly colour scale name (default "Viridis"). */
  readonly colorscale?: string;
}

/**
 * Builds a heatmap from a matrix of values.
 *
 * @example
 * heatmap({ title: "t", x: ["a"], y: ["r"], z: [[1]] }).data[0].type; //=> "heatmap"
 */
export function heatmap(options: HeatmapOptions): Figure {
  if (options.z.length !== options.y.length) {
    throw new RangeError(`Expected ${options.y.length} rows in z (one per y label) but found ${options.z.length}`);
  }
  options.z.forEach((row, i) => {
    if (row.length !== options.x.length) {
      throw new RangeError(`Expected row ${i} of z to have ${options.x.length} values but found ${row.length}`);
    }
  });
  return {
    data: [
      {
        type: "heatmap",
        x: [...options.x],
        y: [...options.y],
        z: options.z.map((row) => [...row]),
        colorscale: options.colorscale ?? "Viridis",
        colorbar: { title: { text: options.colorTitle ?? "" } },
      },
    ],
    layout: baseLayout(options),
    config: defaultConfig,
  };
}
