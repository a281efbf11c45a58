import { IndexHeap } from "../heap";
import type { Policy } from "../policy";
import { positive } from "./options";

/** Linux's nice → weight table (kernel/sched/core.c), nice -20 first; nice 0 is 1024. */
export const NICE_TO_WEIGHT: readonly number[] = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586,
  1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

/**
 * The CFS weight of a nice value: each step is about 1.25x, so one nice level
 * is worth roughly 10% of CPU against a competitor.
 *
 * @example
 * niceToWeight(0); //=> 1024
 */
export function niceToWeight(nice: number): number {
  if (!(Number.isInteger(nice) && nice >= -20 && nice <= 19)) throw new RangeError(`Expected nice to be an integer from -20 to 19 but found ${nice}`);
  return NICE_TO_WEIGHT[nice + 20]!;
}

/** Options for {@link cfs}; time units are milliseconds in Linux's defaults. */
export interface CfsOptions {
  /** Period in which every ready job should run once. Default 6. */
  readonly targetLatency?: number;
  /** Shortest slice, however many jobs are ready. Default 0.75. */
  readonly minGranularity?: number;
  /** A waking job preempts only if its vruntime is this much below the running job's. Default 1. */
  readonly wakeupGranularity?: number;
}

/**
 * Completely Fair Scheduler (simplified Linux CFS): run the job with the
 * smallest virtual runtime; vruntime grows by ran × 1024 / weight(nice), so
 * heavier jobs age slower; a slice is targetLatency × weight / total ready
 * weight (rounded to 1/1024 unit), at least minGranularity. New jobs start at the queue's min vruntime;
 * a job waking from I/O gets at most half a target latency of credit. Ties go
 * to the job listed first.
 *
 * @example
 * simulate([cpuJob("A", 0, 3), cpuJob("B", 0, 3)], cfs({ targetLatency: 2, minGranularity: 1 })).timeline.length; //=> 6
 */
export function cfs(options: CfsOptions = {}): Policy {
  const latency = positive("targetLatency", options.targetLatency ?? 6);
  const granularity = positive("minGranularity", options.minGranularity ?? 0.75);
  const wakeup = positive("wakeupGranularity", options.wakeupGranularity ?? 1);
  return {
    name: "cfs",
    workConserving: true,
    start(context) {
      const weight = context.jobs.map((j) => niceToWeight(j.nice ?? 0));
      const vruntime = new Float64Array(weight.length);
      const heap = new IndexHeap(vruntime);
      let readyWeight = 0;
      let minVruntime = 0;
      return {
        get size() {
          return heap.size;
        },
        add(job, _now, cause) {
          if (cause === "arrival") vruntime[job] = Math.max(vruntime[job]!, minVruntime);
          // Another CPU's vruntimes are on another scale: a migrated job starts level with this queue.
          else if (cause === "migrated") vruntime[job] = minVruntime;
          else if (cause === "io-done") vruntime[job] = Math.max(vruntime[job]!, minVruntime - latency / 2);
          readyWeight += weight[job]!;
          heap.push(job);
        },
        take() {
          const job = heap.pop();
          if (job >= 0) {
            readyWeight -= weight[job]!;
            minVruntime = Math.max(minVruntime, vruntime[job]!);
          }
          return job;
        },
        slice(job) {
          // Rounded to 1/1024 of a time unit: dyadic slices add up exactly in floating point.
          return Math.max(granularity, Math.round((1024 * latency * weight[job]!) / (readyWeight + weight[job]!)) / 1024);
        },
        charge(job, ran) {
          vruntime[job]! += (ran * 1024) / weight[job]!;
          const leftmost = heap.size > 0 ? vruntime[heap.peek()]! : Infinity;
          minVruntime = Math.max(minVruntime, Math.min(vruntime[job]!, leftmost));
        },
        preempts(running, ranSoFar) {
          if (heap.size === 0) return false;
          const current = vruntime[running]! + (ranSoFar * 1024) / weight[running]!;
          return vruntime[heap.peek()]! + wakeup < current;
        },
      };
    },
  };
}
