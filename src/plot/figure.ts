/**
 * Plain plotly figure types. Builders return these as data (no plotly.js at
 * build time), so tests can assert on them and `show` can hand them to the
 * kernel unchanged.
 */

/** One plotly trace: a loose record, because plotly's schema is huge. */
export type Trace = { readonly type: string } & Readonly<Record<string, unknown>>;

/** A plotly layout: title and axes are what our builders always fill in. */
export type Layout = Readonly<Record<string, unknown>>;

/** The JSON object JupyterLab's plotly renderer reads: `{data, layout, config}`. */
export interface Figure {
  readonly data: readonly Trace[];
  readonly layout: Layout;
  readonly config?: Readonly<Record<string, unknown>>;
}

/** Titles shared by every builder. */
export interface ChartTitles {
  /** Chart title shown above the plot. */
  readonly title: string;
  /** X axis title, with units, e.g. "time (ms)". */
  readonly xTitle?: string;
  /** Y axis title, with units. */
  readonly yTitle?: string;
  /** Figure height in pixels (default 400). */
  readonly height?: number;
}

/** A named series of paired x/y values. */
export interface XYSeries {
  readonly name: string;
  readonly x: readonly (number | string)[];
  readonly y: readonly number[];
  /** Optional hover text, one per point. */
  readonly text?: readonly string[];
}

/** The layout every builder starts from: titled axes, responsive, modest size. */
export function baseLayout(titles: ChartTitles, extra: Layout = {}): Layout {
  if (typeof titles.title !== "string" || titles.title.length === 0) {
    throw new TypeError("Expected a non-empty chart title");
  }
  return {
    title: { text: titles.title },
    xaxis: { title: { text: titles.xTitle ?? "" }, automargin: true },
    yaxis: { title: { text: titles.yTitle ?? "" }, automargin: true },
    height: titles.height ?? 400,
    margin: { t: 60, r: 20, b: 60, l: 70 },
    ...extra,
  };
}

/** Figure config: responsive and without plotly's cloud link. */
export const defaultConfig: Readonly<Record<string, unknown>> = {
  responsive: true,
  displaylogo: false,
};

export function checkSeries(series: XYSeries): void {
  if (series.x.length !== series.y.length) {
    throw new RangeError(
      `Expected series "${series.name}" to have as many x as y values but found ${series.x.length} x and ${series.y.length} y`,
    );
  }
}
