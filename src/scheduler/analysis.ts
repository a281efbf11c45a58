import { niceToWeight } from "./policies/cfs";
import type { Job, Segment, SimulationResult } from "./types";

/** A named series of (x, y) points, ready for `lineChart`. */
export interface Series {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/**
 * Cumulative CPU share of each named job over time: at the end of every
 * segment, the fraction of all CPU time so far that went to that job.
 * Shows lottery's noisy convergence against stride's steady ratio.
 *
 * @example
 * cpuShareOverTime(result, ["A", "B"])[0].name; //=> "A"
 */
export function cpuShareOverTime(result: SimulationResult, names: readonly string[]): Series[] {
  const own = new Map(names.map((n) => [n, 0]));
  const points = new Map(names.map((n) => [n, { x: [] as number[], y: [] as number[] }]));
  let total = 0;
  for (const s of result.timeline) {
    const ran = s.end - s.start;
    total += ran;
    if (own.has(s.job)) own.set(s.job, own.get(s.job)! + ran);
    for (const n of names) {
      const p = points.get(n)!;
      p.x.push(s.end);
      p.y.push(own.get(n)! / total);
    }
  }
  return names.map((name) => ({ name, ...points.get(name)! }));
}

/**
 * CFS virtual runtime of each job over time, rebuilt from the timeline:
 * vruntime grows by ran × 1024 / weight(nice) while the job runs and stays flat
 * while it waits. (Exact for jobs that arrive together and never block; CFS's
 * placement of new and waking jobs is not in the timeline.)
 */
export function vruntimeOverTime(result: SimulationResult, jobs: readonly Job[]): Series[] {
  const weight = new Map(jobs.map((j) => [j.name, niceToWeight(j.nice ?? 0)]));
  const series = new Map(jobs.map((j) => [j.name, { x: [j.arrival] as number[], y: [0] as number[], v: 0 }]));
  for (const s of result.timeline) {
    const line = series.get(s.job)!;
    line.x.push(s.start);
    line.y.push(line.v);
    line.v += ((s.end - s.start) * 1024) / weight.get(s.job)!;
    line.x.push(s.end);
    line.y.push(line.v);
  }
  return jobs.map((j) => ({ name: `${j.name} (nice ${j.nice ?? 0})`, x: series.get(j.name)!.x, y: series.get(j.name)!.y }));
}

/**
 * MLFQ queue level of each job over time as step lines (0 = top queue), from
 * the level recorded on each segment.
 */
export function levelOverTime(timeline: readonly Segment[]): Series[] {
  const series = new Map<string, { x: number[]; y: number[] }>();
  for (const s of timeline) {
    if (s.level === undefined) continue;
    let line = series.get(s.job);
    if (!line) series.set(s.job, (line = { x: [], y: [] }));
    line.x.push(s.start, s.end);
    line.y.push(s.level, s.level);
  }
  return [...series].map(([name, line]) => ({ name, ...line }));
}

/** Fraction of CPU time in [from, to) that went to the named job. */
export function shareBetween(timeline: readonly Segment[], job: string, from: number, to: number): number {
  let own = 0;
  let busy = 0;
  for (const s of timeline) {
    const overlap = Math.max(0, Math.min(s.end, to) - Math.max(s.start, from));
    busy += overlap;
    if (s.job === job) own += overlap;
  }
  return busy === 0 ? 0 : own / busy;
}
