import { IndexHeap } from "../heap";
import type { Policy } from "../policy";
import { positive } from "./options";

/** Options for {@link stride}. */
export interface StrideOptions {
  /** Time slice. Default 4. */
  readonly quantum?: number;
}

/** The large constant divided by a job's tickets to get its stride. */
export const STRIDE_CONSTANT = 10_000;

/**
 * Stride scheduling, lottery's deterministic twin: each job has a stride
 * (STRIDE_CONSTANT / tickets) and a pass; run the ready job with the smallest
 * pass and advance its pass by its stride per quantum of CPU used (pro rata for
 * shorter runs). Ties go to the job listed first. A job arriving or waking from
 * I/O starts at the smallest pass in play, so it cannot bank credit while away.
 *
 * @example
 * simulate([cpuJob("A", 0, 2, { tickets: 200 }), cpuJob("B", 0, 2, { tickets: 100 })], stride({ quantum: 1 })).timeline.map((s) => s.job).join(""); //=> "ABAB"
 */
export function stride(options: StrideOptions = {}): Policy {
  const quantum = positive("quantum", options.quantum ?? 4);
  return {
    name: "stride",
    workConserving: true,
    start(context) {
      const strides = context.jobs.map((j) => STRIDE_CONSTANT / (j.tickets ?? 100));
      const pass = new Float64Array(strides.length);
      const heap = new IndexHeap(pass);
      let floor = 0;
      return {
        get size() {
          return heap.size;
        },
        add(job, _now, cause) {
          if (cause === "arrival" || cause === "io-done" || cause === "migrated") {
            const min = heap.size > 0 ? Math.min(pass[heap.peek()]!, floor) : floor;
            if (pass[job]! < min || cause === "migrated") pass[job] = min;
          }
          heap.push(job);
        },
        take() {
          const job = heap.pop();
          if (job >= 0) floor = pass[job]!;
          return job;
        },
        slice: () => quantum,
        charge(job, ran) {
          pass[job]! += (strides[job]! * ran) / quantum;
        },
      };
    },
  };
}
