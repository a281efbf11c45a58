import { IndexHeap } from "../heap";
import type { Policy } from "../policy";
import { nonNegative } from "./options";

/** Options for {@link priority}. */
export interface PriorityOptions {
  /** Let a more urgent ready job preempt the running one. Default false. */
  readonly preemptive?: boolean;
  /**
   * Aging: a waiting job's priority number drops by 1 every `aging` time units
   * it spends ready, so nothing starves. 0 turns aging off. Default 0.
   */
  readonly aging?: number;
}

/**
 * Priority scheduling: the ready job with the lowest priority number runs
 * first (Unix convention, 0 before 9); ties go to the job listed first.
 * Without aging a steady stream of urgent jobs starves the rest.
 *
 * @example
 * simulate([cpuJob("A", 0, 5, { priority: 2 }), cpuJob("B", 0, 5, { priority: 1 })], priority()).jobs[1].completion; //=> 5
 */
export function priority(options: PriorityOptions = {}): Policy {
  const preemptive = options.preemptive ?? false;
  const aging = nonNegative("aging", options.aging ?? 0);
  return {
    name: preemptive ? "priority-preemptive" : "priority",
    workConserving: true,
    start(context) {
      const base = context.jobs.map((j) => j.priority ?? 0);
      // Effective priority at time t is base − (t − readySince) / aging; ordering by
      // base + readySince / aging is the same at every t, so a plain heap suffices.
      const key = new Float64Array(base.length);
      const readySince = new Float64Array(base.length);
      const heap = new IndexHeap(key);
      const effective = (job: number, now: number) => (aging > 0 ? base[job]! - (now - readySince[job]!) / aging : base[job]!);
      return {
        get size() {
          return heap.size;
        },
        add(job, now) {
          readySince[job] = now;
          key[job] = aging > 0 ? base[job]! + now / aging : base[job]!;
          heap.push(job);
        },
        take: () => heap.pop(),
        slice: () => Infinity,
        charge: () => {},
        ...(preemptive
          ? {
              preempts(running: number, _ran: number, now: number) {
                return heap.size > 0 && effective(heap.peek(), now) < base[running]!;
              },
            }
          : {}),
      };
    },
  };
}
