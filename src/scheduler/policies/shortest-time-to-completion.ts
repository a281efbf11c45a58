import { IndexHeap } from "../heap";
import type { Policy } from "../policy";

/**
 * Shortest Time-to-Completion First (preemptive SJF, a.k.a. SRTF): a newly
 * ready job whose remaining burst is strictly shorter than what the running job
 * has left preempts it; ties go to the job listed first. Optimal for average
 * turnaround on one CPU.
 *
 * @example
 * simulate([cpuJob("A", 0, 100), cpuJob("B", 10, 10)], stcf()).jobs[1].completion; //=> 20
 */
export function stcf(): Policy {
  return {
    name: "stcf",
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
        preempts(running, ranSoFar) {
          return heap.size > 0 && key[heap.peek()]! < context.remaining(running) - ranSoFar;
        },
      };
    },
  };
}
