import type { Segment } from "./types";

/**
 * Draws a timeline as a text Gantt chart: one row per job with "#" where it
 * ran, each column `scale` time units wide (by default chosen so the chart is
 * at most 80 columns), then the time axis ends.
 *
 * @example
 * textGantt([{ cpu: 0, job: "A", start: 0, end: 2, reason: "finished" }, { cpu: 0, job: "B", start: 2, end: 3, reason: "finished" }]);
 * //=> "A |## |\nB |  #|\n   0  3 (1 per column)"
 */
export function textGantt(timeline: readonly Segment[], scale?: number): string {
  if (timeline.length === 0) return "(empty timeline)";
  let end = 0;
  for (const s of timeline) if (s.end > end) end = s.end;
  const step = scale ?? Math.max(1, Math.ceil(end / 80));
  if (!(step > 0)) throw new RangeError(`Expected scale > 0 but found ${scale}`);
  const width = Math.max(1, Math.ceil(end / step));
  // Rows in order of each job's first start (the timeline itself is in order of segment ends).
  const firstStart = new Map<string, number>();
  for (const s of timeline) if (!(firstStart.get(s.job)! <= s.start)) firstStart.set(s.job, s.start);
  const names = [...firstStart.keys()].sort((a, b) => firstStart.get(a)! - firstStart.get(b)!);
  const pad = Math.max(...names.map((n) => n.length));
  const lanes = new Map(names.map((name) => [name, new Array<string>(width).fill(" ")]));
  for (const s of timeline) {
    const cells = lanes.get(s.job)!;
    for (let c = Math.floor(s.start / step); c < Math.ceil(s.end / step) && c < width; c++) cells[c] = "#";
  }
  const rows = names.map((name) => `${name.padEnd(pad)} |${lanes.get(name)!.join("")}|`);
  const axis = `${" ".repeat(pad + 2)}0${String(end).padStart(width)} (${step} per column)`;
  return [...rows, axis].join("\n");
}
