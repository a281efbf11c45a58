import { baseLayout, defaultConfig, type ChartTitles, type Figure } from "./figure";

/** One bar on a timeline: something that occupied a lane from start to end. */
export interface Interval {
  /** The row it belongs to, e.g. a CPU, a job or a worker. */
  readonly lane: string;
  readonly start: number;
  readonly end: number;
  /** Colour group and legend entry, e.g. the job name or "idle" (default: the lane). */
  readonly group?: string;
  /** Short text drawn inside the bar. */
  readonly label?: string;
  /** Text shown on hover (default: group, start–end). */
  readonly hover?: string;
}

/** Options for {@link timeline}. */
export interface TimelineOptions extends ChartTitles {
  readonly intervals: readonly Interval[];
  /** Lane order top to bottom (default: order of first appearance). */
  readonly lanes?: readonly string[];
}

/**
 * Builds a timeline (Gantt) chart: lanes as rows, intervals as horizontal bars
 * starting at `start`, one legend entry per group.
 *
 * @example
 * const fig = timeline({ title: "t", intervals: [{ lane: "CPU 0", start: 0, end: 3, group: "A" }] });
 * fig.data[0].base; //=> [0]
 */
export function timeline(options: TimelineOptions): Figure {
  for (const iv of options.intervals) {
    if (!Number.isFinite(iv.start) || !Number.isFinite(iv.end) || iv.end < iv.start) {
      throw new RangeError(
        `Expected interval on lane "${iv.lane}" to have finite start <= end but found ${iv.start}..${iv.end}`,
      );
    }
  }
  const lanes = options.lanes ?? [...new Set(options.intervals.map((iv) => iv.lane))];
  const groups = new Map<string, Interval[]>();
  for (const iv of options.intervals) {
    const g = iv.group ?? iv.lane;
    const list = groups.get(g);
    if (list) list.push(iv);
    else groups.set(g, [iv]);
  }
  const layout = baseLayout(
    { ...options, height: options.height ?? Math.max(220, 80 + 40 * lanes.length) },
    { barmode: "overlay", bargap: 0.25 },
  );
  return {
    data: [...groups].map(([group, ivs]) => ({
      type: "bar",
      orientation: "h",
      name: group,
      y: ivs.map((iv) => iv.lane),
      x: ivs.map((iv) => iv.end - iv.start),
      base: ivs.map((iv) => iv.start),
      text: ivs.map((iv) => iv.label ?? ""),
      textposition: "inside",
      insidetextanchor: "middle",
      hovertext: ivs.map((iv) => iv.hover ?? `${group}: ${iv.start}–${iv.end}`),
      hoverinfo: "text",
    })),
    layout: {
      ...layout,
      yaxis: {
        ...(layout.yaxis as object),
        type: "category",
        categoryorder: "array",
        categoryarray: [...lanes],
        autorange: "reversed",
      },
    },
    config: defaultConfig,
  };
}
