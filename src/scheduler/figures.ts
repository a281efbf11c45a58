import { timeline, type Figure } from "../plot";
import type { SimulationResult } from "./types";

/** Options for {@link ganttChart}. */
export interface GanttOptions {
  readonly title: string;
  /** Colour by "job" (default) or by why each segment ended. */
  readonly colorBy?: "job" | "reason";
  /** Axis title for time (default "time (units)"). */
  readonly xTitle?: string;
}

/**
 * A Gantt chart of a simulation: one lane per job in input order, a bar per
 * segment, hover text with start, end and why it ended.
 */
export function ganttChart(result: SimulationResult, options: GanttOptions): Figure {
  const by = options.colorBy ?? "job";
  return timeline({
    title: options.title,
    xTitle: options.xTitle ?? "time (units)",
    lanes: result.jobs.map((j) => j.name),
    intervals: result.timeline.map((s) => ({
      lane: s.job,
      start: s.start,
      end: s.end,
      group: by === "job" ? s.job : s.reason,
      hover: `${s.job}: ${s.start}–${s.end} (${s.reason}${s.level === undefined ? "" : `, level ${s.level}`})`,
    })),
  });
}
