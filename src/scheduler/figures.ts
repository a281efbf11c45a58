import { timeline, type Figure } from "../plot";
import type { SimulationResult } from "./types";

/** Options for {@link ganttChart}. */
export interface GanttOptions {
  readonly title: string;
  /** Colour by "job" (default) or by why each segment ended. */
  readonly colorBy?: "job" | "reason";
  /** Axis title for time (default "time (units)"). */
  readonly xTitle?: string;
  /** One lane per "job" (default) or per "cpu". */
  readonly lanes?: "job" | "cpu";
}

/**
 * A Gantt chart of a simulation: one lane per job in input order (or per CPU,
 * with job names on the bars), a bar per segment, hover text with start, end
 * and why it ended.
 */
export function ganttChart(result: SimulationResult, options: GanttOptions): Figure {
  const by = options.colorBy ?? "job";
  const perCpu = options.lanes === "cpu";
  const cpus = [...new Set(result.timeline.map((s) => s.cpu))].sort((a, b) => a - b);
  return timeline({
    title: options.title,
    xTitle: options.xTitle ?? "time (units)",
    lanes: perCpu ? cpus.map((c) => `CPU ${c}`) : result.jobs.map((j) => j.name),
    intervals: result.timeline.map((s) => ({
      lane: perCpu ? `CPU ${s.cpu}` : s.job,
      ...(perCpu ? { label: s.job } : {}),
      start: s.start,
      end: s.end,
      group: by === "job" ? s.job : s.reason,
      hover: `${s.job}: ${s.start}–${s.end} (${s.reason}${s.level === undefined ? "" : `, level ${s.level}`})`,
    })),
  });
}
