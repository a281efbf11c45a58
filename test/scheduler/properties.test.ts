import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cpuDemand, cpuJob, fifo, ioDemand, lottery, policyByName, POLICY_NAMES, roundRobin, simulate, sjf, stcf, type Job, type SimulationResult,
} from "../../src/scheduler";

/** Small random workloads: up to 6 jobs, integer times, some with I/O. */
const workload = fc
  .array(
    fc.record({
      arrival: fc.integer({ min: 0, max: 20 }),
      bursts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
      io: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 2 }),
      priority: fc.integer({ min: 0, max: 3 }),
      tickets: fc.integer({ min: 1, max: 5 }),
      nice: fc.integer({ min: -5, max: 5 }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((rows) =>
    rows.map((r, i): Job => ({
      name: `J${i}`,
      arrival: r.arrival,
      bursts: r.bursts.flatMap((b, k) => (k === 0 ? [b] : [r.io[(k - 1) % 2]!, b])),
      priority: r.priority,
      tickets: r.tickets,
      nice: r.nice,
    })),
  );

const policyName = fc.constantFrom(...POLICY_NAMES);
const cpuCount = fc.integer({ min: 1, max: 3 });
/** CPU count and queue layout: one global queue, per-CPU queues with migration, or strict affinity. */
const layout = fc.oneof(
  fc.record({ cpus: cpuCount, queues: fc.constant("global" as const), migration: fc.constant(true) }),
  fc.record({ cpus: cpuCount, queues: fc.constant("per-cpu" as const), migration: fc.boolean() }),
);

/** Replays the timeline against the workload: returns a list of violated rules. */
function violations(jobs: readonly Job[], result: SimulationResult): string[] {
  const problems: string[] = [];
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const cursor = new Map(jobs.map((j) => [j.name, { burst: 0, left: j.bursts[0]!, readyAt: j.arrival }]));
  const cpuFree = new Map<number, number>();
  for (const s of result.timeline) {
    const job = byName.get(s.job)!;
    const c = cursor.get(s.job)!;
    if (s.start < (cpuFree.get(s.cpu) ?? 0)) problems.push(`CPU ${s.cpu} runs ${s.job} at ${s.start} while still busy`);
    cpuFree.set(s.cpu, s.end);
    if (s.start < c.readyAt) problems.push(`${s.job} runs at ${s.start} before it is ready at ${c.readyAt}`);
    c.left -= s.end - s.start;
    if (s.reason === "blocked" || s.reason === "finished") {
      if (c.left !== 0) problems.push(`${s.job} left a burst at ${s.end} with ${c.left} to go`);
      if (s.reason === "blocked") {
        c.readyAt = s.end + job.bursts[c.burst + 1]!;
        c.burst += 2;
        c.left = job.bursts[c.burst]!;
      } else if (c.burst !== job.bursts.length - 1) problems.push(`${s.job} finished with bursts left`);
    } else {
      c.readyAt = s.end;
      if (c.left <= 0) problems.push(`${s.job} was ${s.reason} with no work left`);
    }
  }
  return problems;
}

/** Waiting intervals [ready, next start) of every job: when it wanted the CPU and did not have it. */
function waits(jobs: readonly Job[], result: SimulationResult): [number, number][] {
  const out: [number, number][] = [];
  const readyAt = new Map(jobs.map((j) => [j.name, j.arrival]));
  const burst = new Map(jobs.map((j) => [j.name, 0]));
  for (const s of result.timeline) {
    out.push([readyAt.get(s.job)!, s.start]);
    if (s.reason === "blocked") {
      const b = burst.get(s.job)!;
      readyAt.set(s.job, s.end + jobs.find((j) => j.name === s.job)!.bursts[b + 1]!);
      burst.set(s.job, b + 2);
    } else readyAt.set(s.job, s.end);
  }
  return out;
}

describe("invariants of every policy on random workloads", () => {
  it("no job runs before it arrives, while blocked or on two CPUs at once, and a CPU runs one job at a time", () => {
    fc.assert(
      fc.property(workload, policyName, layout, (jobs, name, options) => {
        expect(violations(jobs, simulate(jobs, policyByName(name, { quantum: 2 }), options))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("each job receives exactly its CPU demand and completes no earlier than arrival + CPU + I/O", () => {
    fc.assert(
      fc.property(workload, policyName, layout, (jobs, name, options) => {
        const result = simulate(jobs, policyByName(name, { quantum: 3 }), options);
        jobs.forEach((job, i) => {
          const ran = result.timeline.filter((s) => s.job === job.name).reduce((t, s) => t + s.end - s.start, 0);
          expect(ran).toBe(cpuDemand(job));
          expect(result.jobs[i]!.cpuTime).toBe(cpuDemand(job));
          expect(result.jobs[i]!.completion).toBeGreaterThanOrEqual(job.arrival + cpuDemand(job) + ioDemand(job));
          expect(result.jobs[i]!.waiting).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("no CPU idles while a job is ready (all policies are work-conserving, per-CPU queues thanks to migration)", () => {
    fc.assert(
      fc.property(workload, policyName, cpuCount, fc.constantFrom("global" as const, "per-cpu" as const), (jobs, name, cpus, queues) => {
        const policy = policyByName(name, { quantum: 2 });
        expect(policy.workConserving).toBe(true);
        const result = simulate(jobs, policy, { cpus, queues });
        for (const [from, to] of waits(jobs, result)) {
          const busy = result.timeline.reduce((t, s) => t + Math.max(0, Math.min(s.end, to) - Math.max(s.start, from)), 0);
          expect(busy).toBe(cpus * (to - from));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the same workload and seed give the same result", () => {
    fc.assert(
      fc.property(workload, policyName, fc.integer({ min: 0, max: 1000 }), (jobs, name, seed) => {
        expect(simulate(jobs, policyByName(name), { seed })).toEqual(simulate(jobs, policyByName(name), { seed }));
      }),
      { numRuns: 100 },
    );
  });

  it("round robin with a huge quantum is FIFO", () => {
    fc.assert(
      fc.property(workload, (jobs) => {
        const rr = simulate(jobs, roundRobin({ quantum: 1e9 }));
        const fcfs = simulate(jobs, fifo());
        expect({ ...rr, policy: "fifo" }).toEqual(fcfs);
      }),
      { numRuns: 200 },
    );
  });
});

/** Every permutation of a small list. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

/** Least total turnaround over every preemptive unit-step schedule (exhaustive search with memo). */
function bestPreemptiveTurnaround(arrivals: readonly number[], bursts: readonly number[]): number {
  const memo = new Map<string, number>();
  const go = (t: number, left: readonly number[]): number => {
    if (left.every((l) => l === 0)) return 0;
    const key = `${t}|${left.join(",")}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const ready = left.flatMap((l, i) => (l > 0 && arrivals[i]! <= t ? [i] : []));
    let best = Infinity;
    if (ready.length === 0) best = go(t + 1, left);
    for (const i of ready) {
      const next = [...left];
      next[i]! -= 1;
      const finished = next[i] === 0 ? t + 1 - arrivals[i]! : 0;
      best = Math.min(best, finished + go(t + 1, next));
    }
    memo.set(key, best);
    return best;
  };
  return go(0, bursts);
}

describe("optimality against brute force on small workloads", () => {
  it("SJF minimises average turnaround among all non-preemptive orders when jobs arrive together", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), (bursts) => {
        const best = Math.min(
          ...permutations(bursts).map((order) => {
            let t = 0;
            return order.reduce((sum, b) => sum + (t += b), 0) / bursts.length;
          }),
        );
        const jobs = bursts.map((b, i) => cpuJob(`J${i}`, 0, b));
        expect(simulate(jobs, sjf()).turnaround.mean).toBeCloseTo(best, 9);
      }),
      { numRuns: 200 },
    );
  });

  it("STCF minimises total turnaround among all preemptive schedules", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 }),
        (rows) => {
          const jobs = rows.map(([a, b], i) => cpuJob(`J${i}`, a, b));
          const total = simulate(jobs, stcf()).jobs.reduce((s, j) => s + j.turnaround, 0);
          expect(total).toBe(bestPreemptiveTurnaround(rows.map((r) => r[0]), rows.map((r) => r[1])));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("lottery fairness", () => {
  /** Share of the CPU job A got while both jobs were still running. */
  const shareOfA = (ticketsA: number, ticketsB: number, length: number, seed: number) => {
    const result = simulate([cpuJob("A", 0, length, { tickets: ticketsA }), cpuJob("B", 0, length, { tickets: ticketsB })], lottery({ quantum: 1 }), { seed });
    const until = Math.min(...result.jobs.map((j) => j.completion));
    const a = result.timeline.filter((s) => s.job === "A" && s.end <= until).length;
    return a / until;
  };

  it("shares converge to the ticket ratio as runs grow", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1e6 }), (ta, tb, seed) => {
        const expected = ta / (ta + tb);
        expect(Math.abs(shareOfA(ta, tb, 20_000, seed) - expected)).toBeLessThan(0.02);
      }),
      { numRuns: 20 },
    );
  });

  it("short runs stray further from the ticket ratio than long runs", () => {
    const error = (length: number) => {
      let sum = 0;
      for (let seed = 0; seed < 40; seed++) sum += Math.abs(shareOfA(3, 1, length, seed) - 0.75);
      return sum / 40;
    };
    expect(error(20)).toBeGreaterThan(3 * error(2000));
  });
});
