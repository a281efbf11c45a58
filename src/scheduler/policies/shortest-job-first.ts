import { IndexHeap } from "../heap";
import type { Policy } from "../policy";

/**
 * Shortest Job First (non-preemptive): when the CPU frees up, run the ready job
 * whose next CPU burst is shortest; ties go to the job listed first. Optimal
 * for average turnaround when all jobs arrive together.
 *
 * @example
 * simulate([cpuJob("A", 0, 100), cpuJob("B", 0, 10)], sjf()).jobs[1].completion; //=> 10
 */
export function sjf(): Policy {
  return {
    name: "sjf",
    workConserving: true,
    start(context) {
      const key = new Float64Array(context.jobs.length);
      const heap = new IndexHeap(key);
      return {
        get size() {
          return heap.size;
        },
        add(job) {
          key[job] = context.remaining(job);
          heap.push(job);
        },
        take: () => heap.pop(),
        slice: () => Infinity,
        charge: () => {},
      };
    },
  };
}
