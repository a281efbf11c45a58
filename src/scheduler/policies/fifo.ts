import { IndexQueue } from "../heap";
import type { Policy } from "../policy";

/**
 * First In, First Out (FCFS): jobs run to the end of their CPU burst in the
 * order they became ready. Simple, and the victim of the convoy effect.
 *
 * @example
 * simulate([cpuJob("A", 0, 100), cpuJob("B", 0, 10)], fifo()).jobs[1].completion; //=> 110
 */
export function fifo(): Policy {
  return {
    name: "fifo",
    workConserving: true,
    start() {
      const queue = new IndexQueue();
      return {
        get size() {
          return queue.size;
        },
        add: (job) => queue.push(job),
        take: () => queue.shift(),
        slice: () => Infinity,
        charge: () => {},
      };
    },
  };
}
