import { createRng } from "../../shared/random";
import type { Policy } from "../policy";
import { positive } from "./options";

/** Options for {@link lottery}. */
export interface LotteryOptions {
  /** Time slice won by each draw. Default 4. */
  readonly quantum?: number;
}

/**
 * Lottery scheduling: every quantum, draw a winning ticket among the ready
 * jobs' tickets (default 100 each); the holder runs. Shares match ticket ratios
 * only on average — over short runs luck dominates. The draw uses the run's
 * seed, so runs repeat. A Fenwick tree over tickets makes each draw O(log n).
 *
 * @example
 * simulate([cpuJob("A", 0, 4, { tickets: 1 })], lottery({ quantum: 1 })).jobs[0].completion; //=> 4
 */
export function lottery(options: LotteryOptions = {}): Policy {
  const quantum = positive("quantum", options.quantum ?? 4);
  return {
    name: "lottery",
    workConserving: true,
    start(context, seed) {
      const n = context.jobs.length;
      const tickets = context.jobs.map((j) => j.tickets ?? 100);
      const tree = new Float64Array(n + 1);
      const rng = createRng(seed);
      let total = 0;
      let size = 0;
      const update = (job: number, delta: number) => {
        for (let i = job + 1; i <= n; i += i & -i) tree[i]! += delta;
        total += delta;
      };
      let top = 1;
      while (top * 2 <= n) top *= 2;
      return {
        get size() {
          return size;
        },
        add(job) {
          update(job, tickets[job]!);
          size++;
        },
        take() {
          if (size === 0) return -1;
          // Find the job holding ticket number `winner` (0-based) by descending the tree.
          let winner = Math.floor(rng.next() * total);
          let pos = 0;
          for (let step = top; step > 0; step >>= 1) {
            const next = pos + step;
            if (next <= n && tree[next]! <= winner) {
              pos = next;
              winner -= tree[next]!;
            }
          }
          update(pos, -tickets[pos]!);
          size--;
          return pos;
        },
        slice: () => quantum,
        charge: () => {},
      };
    },
  };
}
