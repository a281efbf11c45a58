import { IndexQueue } from "../heap";
import type { Policy } from "../policy";
import { positive } from "./options";

/** Options for {@link roundRobin}. */
export interface RoundRobinOptions {
  /** Time slice. Default 4. */
  readonly quantum?: number;
}

/**
 * Round Robin: ready jobs take turns for at most one quantum each; a job whose
 * quantum expires goes to the back of the queue, behind jobs that arrived at
 * that same instant.
 *
 * @example
 * simulate([cpuJob("A", 0, 2), cpuJob("B", 0, 2)], roundRobin({ quantum: 1 })).timeline.map((s) => s.job).join(""); //=> "ABAB"
 */
export function roundRobin(options: RoundRobinOptions = {}): Policy {
  const quantum = positive("quantum", options.quantum ?? 4);
  return {
    name: "rr",
    workConserving: true,
    start() {
      const queue = new IndexQueue();
      return {
        get size() {
          return queue.size;
        },
        add: (job) => queue.push(job),
        take: () => queue.shift(),
        slice: () => quantum,
        charge: () => {},
      };
    },
  };
}
