import { describe, expect, it } from "vitest";
import { cpuJob, fifo, parseJobSpec, priority, roundRobin, sjf, stcf } from "../../src/scheduler";
import { metric, order, run } from "./helpers";

describe("OSTEP chapter 7 examples", () => {
  const abc10 = [cpuJob("A", 0, 10), cpuJob("B", 0, 10), cpuJob("C", 0, 10)];
  const convoy = [cpuJob("A", 0, 100), cpuJob("B", 0, 10), cpuJob("C", 0, 10)];

  it("FIFO on three 10-unit jobs has average turnaround 20", () => {
    expect(run(abc10, fifo()).turnaround.mean).toBe(20);
  });

  it("FIFO behind a 100-unit job has average turnaround 110 (the convoy effect)", () => {
    expect(run(convoy, fifo()).turnaround.mean).toBe(110);
  });

  it("SJF on the convoy workload brings average turnaround down to 50", () => {
    const result = run(convoy, sjf());
    expect(order(result)).toBe("B C A");
    expect(result.turnaround.mean).toBe(50);
  });

  it("STCF preempts the long job when short ones arrive at 10, average turnaround 50", () => {
    const result = run([cpuJob("A", 0, 100), cpuJob("B", 10, 10), cpuJob("C", 10, 10)], stcf());
    expect(order(result)).toBe("A B C A");
    expect(metric(result, "turnaround")).toEqual({ A: 120, B: 10, C: 20 });
    expect(result.turnaround.mean).toBe(50);
  });

  it("round robin with a 1-unit slice gives three 5-unit jobs average response 1, SJF gives 5", () => {
    const jobs = [cpuJob("A", 0, 5), cpuJob("B", 0, 5), cpuJob("C", 0, 5)];
    expect(run(jobs, roundRobin({ quantum: 1 })).response.mean).toBe(1);
    expect(run(jobs, sjf()).response.mean).toBe(5);
    expect(run(jobs, roundRobin({ quantum: 1 })).turnaround.mean).toBe(14);
  });
});

describe("classic waiting-time examples (Silberschatz ch. 5)", () => {
  it("FCFS P1 24, P2 3, P3 3 waits 17 on average; arriving in reverse order waits 3", () => {
    expect(run(parseJobSpec("P1:0:24,P2:0:3,P3:0:3"), fifo()).waiting.mean).toBe(17);
    expect(run(parseJobSpec("P2:0:3,P3:0:3,P1:0:24"), fifo()).waiting.mean).toBe(3);
  });

  it("SJF on bursts 6, 8, 7, 3 waits 7 on average", () => {
    expect(run(parseJobSpec("P1:0:6,P2:0:8,P3:0:7,P4:0:3"), sjf()).waiting.mean).toBe(7);
  });

  it("round robin with quantum 4 on P1 24, P2 3, P3 3 waits 17/3 on average", () => {
    const result = run(parseJobSpec("P1:0:24,P2:0:3,P3:0:3"), roundRobin({ quantum: 4 }));
    expect(metric(result, "waiting")).toEqual({ P1: 6, P2: 4, P3: 7 });
    expect(result.waiting.mean).toBeCloseTo(17 / 3, 12);
  });

  it("shortest-remaining-time-first on staggered arrivals waits 6.5 on average", () => {
    const result = run(parseJobSpec("P1:0:8,P2:1:4,P3:2:9,P4:3:5"), stcf());
    expect(metric(result, "waiting")).toEqual({ P1: 9, P2: 0, P3: 15, P4: 2 });
    expect(result.waiting.mean).toBe(6.5);
  });

  it("non-preemptive priority on the five-process example waits 8.2 on average", () => {
    const result = run(parseJobSpec("P1:0:10:3,P2:0:1:1,P3:0:2:4,P4:0:1:5,P5:0:5:2"), priority());
    expect(order(result)).toBe("P2 P5 P1 P3 P4");
    expect(result.waiting.mean).toBeCloseTo(8.2, 12);
  });
});
