import { describe, expect, it } from "vitest";
import {
  cfs, cpuJob, fifo, lottery, mlfq, niceToWeight, policyByName, POLICY_NAMES, priority, roundRobin, sjf, stcf, stride, type Job,
} from "../../src/scheduler";
import { metric, order, run } from "./helpers";

describe("engine tie-breaking and accounting", () => {
  it("a job arriving when a quantum expires is queued ahead of the expired job", () => {
    const result = run([cpuJob("A", 0, 4), cpuJob("B", 2, 2)], roundRobin({ quantum: 2 }));
    expect(order(result)).toBe("A B A");
  });

  it("jobs arriving at the same instant are served in input order", () => {
    expect(order(run([cpuJob("X", 0, 1), cpuJob("Y", 0, 1), cpuJob("Z", 0, 1)], fifo()))).toBe("X Y Z");
  });

  it("a job that blocks on I/O lets another run and returns when the I/O completes", () => {
    const jobs: Job[] = [{ name: "io", arrival: 0, bursts: [1, 3, 1] }, cpuJob("cpu", 0, 5)];
    const result = run(jobs, fifo());
    expect(result.timeline.map((s) => `${s.job}:${s.start}-${s.end}:${s.reason}`)).toEqual([
      "io:0-1:blocked",
      "cpu:1-6:finished",
      "io:6-7:finished",
    ]);
    expect(result.jobs[0]).toMatchObject({ cpuTime: 2, ioTime: 3, completion: 7, waiting: 2 });
  });

  it("an idle CPU waits for the next arrival", () => {
    const result = run([cpuJob("A", 0, 2), cpuJob("B", 5, 1)], fifo());
    expect(metric(result, "firstRun")).toEqual({ A: 0, B: 5 });
    expect(result.utilization).toBe(0.5);
  });

  it("each switch to a different job costs time and is counted, re-running the same job is free", () => {
    const result = run([cpuJob("A", 0, 2), cpuJob("B", 0, 2)], roundRobin({ quantum: 1 }), { contextSwitchCost: 0.5 });
    expect(result.contextSwitches).toBe(3);
    expect(result.switchTime).toBe(1.5);
    expect(metric(result, "completion")).toEqual({ A: 4, B: 5.5 });
    const single = run([cpuJob("A", 0, 3)], roundRobin({ quantum: 1 }), { contextSwitchCost: 0.5 });
    expect(single.contextSwitches).toBe(0);
    expect(single.jobs[0]!.completion).toBe(3);
  });

  it("throughput, utilization and fairness summarise the run", () => {
    const result = run([cpuJob("A", 0, 5), cpuJob("B", 0, 5)], fifo());
    expect(result.throughput).toBe(0.2);
    expect(result.utilization).toBe(1);
    // shares 5/5 and 5/10: (1.5)^2 / (2 × 1.25) = 0.9
    expect(result.fairness).toBeCloseTo(0.9, 12);
  });

  it("two CPUs share one queue: four equal FIFO jobs finish in pairs", () => {
    const result = run([cpuJob("A", 0, 5), cpuJob("B", 0, 5), cpuJob("C", 0, 5), cpuJob("D", 0, 5)], fifo(), { cpus: 2 });
    expect(metric(result, "completion")).toEqual({ A: 5, B: 5, C: 10, D: 10 });
    expect(result.timeline.map((s) => `${s.cpu}:${s.job}`)).toEqual(["0:A", "1:B", "0:C", "1:D"]);
    expect(result.utilization).toBe(1);
  });

  it("with two CPUs, STCF uses the idle CPU instead of preempting", () => {
    const result = run([cpuJob("A", 0, 10), cpuJob("B", 2, 3)], stcf(), { cpus: 2 });
    expect(result.timeline.map((s) => `${s.cpu}:${s.job}:${s.reason}`)).toEqual(["1:B:finished", "0:A:finished"]);
  });

  it("per-CPU queues without migration can leave a CPU idle while another has a backlog", () => {
    // A and B land on CPUs 0 and 1; C and D queue behind them; B is short, so CPU 1 idles once B is done.
    const jobs = [cpuJob("A", 0, 10), cpuJob("B", 0, 1), cpuJob("C", 0, 10), cpuJob("D", 0, 10)];
    const pinned = run(jobs, fifo(), { cpus: 2, queues: "per-cpu", migration: false });
    expect(pinned.timeline.map((s) => `${s.cpu}:${s.job}`)).toEqual(["1:B", "0:A", "1:D", "0:C"]);
    expect(metric(pinned, "completion")).toEqual({ A: 10, B: 1, C: 20, D: 11 });
    const stealing = run([...jobs, cpuJob("E", 0, 10)], fifo(), { cpus: 2, queues: "per-cpu" });
    expect(stealing.migrations).toBe(1);
    expect(metric(stealing, "firstRun").E).toBe(11);
  });

  it("with per-CPU queues a job returns to its own CPU after I/O", () => {
    const jobs: Job[] = [{ name: "io", arrival: 0, bursts: [1, 1, 1] }, cpuJob("other", 0, 1), cpuJob("late", 1, 5)];
    const result = run(jobs, fifo(), { cpus: 2, queues: "per-cpu", migration: false });
    expect(result.timeline.filter((s) => s.job === "io").map((s) => s.cpu)).toEqual([0, 0]);
  });

  it("rejects a CPU count that is not a positive integer", () => {
    expect(() => run([cpuJob("A", 0, 1)], fifo(), { cpus: 0 })).toThrow("Expected cpus to be an integer >= 1 but found 0");
  });

  it("rejects a negative context-switch cost", () => {
    expect(() => run([cpuJob("A", 0, 1)], fifo(), { contextSwitchCost: -1 })).toThrow("Expected contextSwitchCost >= 0 but found -1");
  });
});

describe("each policy on a hand-made workload", () => {
  const staggered = [cpuJob("A", 0, 6), cpuJob("B", 1, 2), cpuJob("C", 2, 4)];

  it("fifo runs in arrival order", () => {
    expect(order(run(staggered, fifo()))).toBe("A B C");
  });

  it("sjf picks the shortest waiting job when the CPU frees up, without preempting", () => {
    expect(order(run([cpuJob("A", 0, 6), cpuJob("C", 1, 4), cpuJob("B", 1, 2)], sjf()))).toBe("A B C");
  });

  it("stcf preempts when a shorter job arrives but not on a tie", () => {
    expect(order(run(staggered, stcf()))).toBe("A B C A");
    expect(order(run([cpuJob("A", 0, 4), cpuJob("B", 1, 3)], stcf()))).toBe("A B");
  });

  it("round robin with quantum 2 queues the newcomer C ahead of the expired A", () => {
    expect(order(run(staggered, roundRobin({ quantum: 2 })))).toBe("A B C A C A");
  });

  it("priority runs the lowest number first; the preemptive variant interrupts", () => {
    const jobs = [cpuJob("low", 0, 4, { priority: 5 }), cpuJob("high", 1, 2, { priority: 1 })];
    expect(order(run(jobs, priority()))).toBe("low high");
    expect(order(run(jobs, priority({ preemptive: true })))).toBe("low high low");
  });

  it("priority without aging starves a low-priority job; aging lets it in", () => {
    const stream = Array.from({ length: 10 }, (_, i) => cpuJob(`h${i}`, i * 2, 2, { priority: 1 }));
    const jobs = [cpuJob("h", 0, 2, { priority: 1 }), cpuJob("low", 0, 2, { priority: 9 }), ...stream.map((j) => ({ ...j, arrival: j.arrival + 1 }))];
    expect(metric(run(jobs, priority()), "firstRun").low).toBe(22);
    expect(metric(run(jobs, priority({ aging: 1 })), "firstRun").low).toBeLessThan(22);
  });

  it("mlfq demotes a CPU hog one level per allotment", () => {
    const result = run([cpuJob("hog", 0, 30)], mlfq({ quantum: 10 }));
    expect(result.timeline.map((s) => s.level)).toEqual([0, 1, 2]);
  });

  it("mlfq lets a new short job preempt a demoted hog", () => {
    const result = run([cpuJob("hog", 0, 40), cpuJob("short", 25, 5)], mlfq({ quantum: 10 }));
    expect(metric(result, "completion").short).toBe(30);
  });

  it("mlfq with io 'reset' can be gamed; 'keep' cannot", () => {
    // The gamer runs 9 of every 10-unit allotment, then does a tiny I/O.
    const gamer: Job = { name: "gamer", arrival: 0, bursts: [9, 0, 9, 0, 9, 0, 9, 0, 9] };
    const hog = cpuJob("hog", 0, 60);
    const levels = (io: "keep" | "reset") => run([gamer, hog], mlfq({ quantum: 10, io })).timeline.filter((s) => s.job === "gamer").map((s) => s.level ?? -1);
    expect(levels("reset").every((l) => l === 0)).toBe(true);
    expect(Math.max(...levels("keep"))).toBeGreaterThan(0);
  });

  it("mlfq's boost lifts a starved job back to the top", () => {
    const jobs = [cpuJob("long", 0, 50), { name: "i1", arrival: 0, bursts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }];
    const boosted = run(jobs, mlfq({ quantum: 2, boost: 20 })).timeline.filter((s) => s.job === "long");
    const levelAfterBoost = boosted.find((s) => s.start >= 20)!.level;
    expect(levelAfterBoost).toBe(0);
  });

  it("lottery gives each draw's quantum to a ticket holder and is repeatable per seed", () => {
    const jobs = [cpuJob("A", 0, 20, { tickets: 1 }), cpuJob("B", 0, 20, { tickets: 3 })];
    const a = order(run(jobs, lottery({ quantum: 1 }), { seed: 7 }));
    expect(order(run(jobs, lottery({ quantum: 1 }), { seed: 7 }))).toBe(a);
    expect(order(run(jobs, lottery({ quantum: 1 }), { seed: 8 }))).not.toBe(a);
  });

  it("stride runs a 2:1 ticket split in a fixed 2:1 pattern", () => {
    const jobs = [cpuJob("A", 0, 4, { tickets: 200 }), cpuJob("B", 0, 2, { tickets: 100 })];
    expect(order(run(jobs, stride({ quantum: 1 })))).toBe("A B A A B A");
  });

  it("cfs shares the CPU by weight: nice -5 gets about three times nice 0", () => {
    const jobs = [cpuJob("n0", 0, 100, { nice: 0 }), cpuJob("n-5", 0, 100, { nice: -5 })];
    const early = run(jobs, cfs()).timeline.filter((s) => s.end <= 60);
    const cpu = (name: string) => early.filter((s) => s.job === name).reduce((t, s) => t + s.end - s.start, 0);
    expect(cpu("n-5") / cpu("n0")).toBeCloseTo(3121 / 1024, 0);
  });

  it("cfs uses Linux's weight table", () => {
    expect([niceToWeight(-20), niceToWeight(0), niceToWeight(19)]).toEqual([88761, 1024, 15]);
    expect(() => niceToWeight(20)).toThrow("Expected nice to be an integer from -20 to 19 but found 20");
  });
});

describe("policyByName", () => {
  it("builds every CLI policy under its own name", () => {
    for (const name of POLICY_NAMES) expect(policyByName(name).name).toBe(name);
  });

  it("names the unknown policy and lists the valid ones", () => {
    expect(() => policyByName("edf")).toThrow(
      'unknown policy "edf"; expected one of fifo, sjf, stcf, rr, priority, priority-preemptive, mlfq, lottery, stride, cfs',
    );
  });

  it("rejects a quantum that is not positive", () => {
    expect(() => roundRobin({ quantum: 0 })).toThrow("Expected quantum to be a number > 0 but found 0");
    expect(() => mlfq({ quanta: [1, -2] })).toThrow("Expected quanta[1] to be a number > 0 but found -2");
    expect(() => mlfq({ quanta: [1, 2], allotments: [1] })).toThrow("Expected 2 allotments (one per level) but found 1");
  });
});
