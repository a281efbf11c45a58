import { IndexQueue } from "../heap";
import type { Policy } from "../policy";
import { nonNegative, positive } from "./options";

/** Options for {@link mlfq}; every default is listed. */
export interface MlfqOptions {
  /** Number of queues; level 0 is the top (most urgent). Default 3. */
  readonly levels?: number;
  /** Time slice at every level, unless `quanta` is given. Default 4. */
  readonly quantum?: number;
  /** Time slice per level, top first (its length sets `levels`). */
  readonly quanta?: readonly number[];
  /** CPU time a job may use at a level before it is demoted, per level, top first. Default: one quantum. */
  readonly allotments?: readonly number[];
  /** Every `boost` time units all jobs go back to the top queue (rule 5). 0 turns it off. Default 0. */
  readonly boost?: number;
  /**
   * What an I/O does to a job's used allotment: "keep" counts CPU time across
   * I/O waits (OSTEP's rule 4, cannot be gamed); "reset" forgets it at each I/O
   * (the old rules 4a/4b, which a job can game by yielding just before its
   * allotment runs out). Default "keep".
   */
  readonly io?: "keep" | "reset";
}

/**
 * Multi-Level Feedback Queue: run the highest non-empty queue round-robin;
 * a job that uses up its allotment at a level moves down one level; a job
 * arriving at or returning to a higher level preempts; an optional periodic
 * boost lifts everyone to the top. Jobs enter at the top.
 *
 * @example
 * const r = simulate([cpuJob("long", 0, 30)], mlfq({ quantum: 10 }));
 * r.timeline.map((s) => s.level); //=> [0, 1, 2]
 */
export function mlfq(options: MlfqOptions = {}): Policy {
  const quanta = (options.quanta ?? Array.from({ length: options.levels ?? 3 }, () => options.quantum ?? 4)).map((q, i) => positive(`quanta[${i}]`, q));
  const levels = quanta.length;
  if (levels < 1 || (options.levels !== undefined && !(Number.isInteger(options.levels) && options.levels >= 1))) {
    throw new RangeError(`Expected levels to be an integer >= 1 but found ${options.levels ?? levels}`);
  }
  if (options.quanta && options.levels !== undefined && options.levels !== levels) {
    throw new RangeError(`Expected levels (${options.levels}) to match the number of quanta (${levels})`);
  }
  const allotments = (options.allotments ?? quanta).map((a, i) => positive(`allotments[${i}]`, a));
  if (allotments.length !== levels) {
    throw new RangeError(`Expected ${levels} allotments (one per level) but found ${allotments.length}`);
  }
  const boost = nonNegative("boost", options.boost ?? 0);
  const io = options.io ?? "keep";
  if (io !== "keep" && io !== "reset") throw new RangeError(`Expected io to be "keep" or "reset" but found "${io}"`);
  const bottom = levels - 1;

  return {
    name: "mlfq",
    workConserving: true,
    start(context) {
      const n = context.jobs.length;
      const queues = quanta.map(() => new IndexQueue());
      const level = new Int32Array(n);
      const used = new Float64Array(n);
      // A boost bumps `epoch`; a job whose stamp is older is lazily lifted to the top,
      // so a boost costs O(ready jobs), not O(all jobs).
      const stamp = new Int32Array(n);
      let epoch = 0;
      let size = 0;
      const refresh = (job: number) => {
        if (stamp[job] !== epoch) {
          stamp[job] = epoch;
          level[job] = 0;
          used[job] = 0;
        }
      };
      const topNonEmpty = () => {
        for (let l = 0; l < levels; l++) if (queues[l]!.size > 0) return l;
        return -1;
      };
      return {
        get size() {
          return size;
        },
        add(job) {
          refresh(job);
          queues[level[job]!]!.push(job);
          size++;
        },
        take() {
          const l = topNonEmpty();
          if (l < 0) return -1;
          size--;
          return queues[l]!.shift();
        },
        slice(job) {
          const l = level[job]!;
          return l === bottom ? quanta[l]! : Math.min(quanta[l]!, allotments[l]! - used[job]!);
        },
        charge(job, ran, _now, cause) {
          refresh(job);
          const l = level[job]!;
          if (l === bottom) return;
          used[job]! += ran;
          if (used[job]! >= allotments[l]!) {
            level[job] = l + 1;
            used[job] = 0;
          } else if (cause === "blocked" && io === "reset") {
            used[job] = 0;
          }
        },
        preempts(running) {
          const l = topNonEmpty();
          return l >= 0 && l < level[running]!;
        },
        nextTimer(now) {
          return boost > 0 ? (Math.floor(now / boost) + 1) * boost : Infinity;
        },
        onTimer(_now, running) {
          epoch++;
          for (let l = 1; l < levels; l++) for (const job of queues[l]!.drain()) queues[0]!.push(job);
          for (const job of queues[0]!.drain()) {
            refresh(job);
            queues[0]!.push(job);
          }
          for (const job of running) refresh(job);
        },
        level: (job) => level[job]!,
      };
    },
  };
}
