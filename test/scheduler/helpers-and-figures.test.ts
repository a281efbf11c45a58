import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IndexHeap, IndexQueue } from "../../src/scheduler/heap";
import {
  cfs, cpuJob, cpuShareOverTime, fifo, ganttChart, jainIndex, levelOverTime, markdownSummary, mlfq, roundRobin, shareBetween, simulate, summarize, textGantt, vruntimeOverTime,
} from "../../src/scheduler";
import { mean, quantile } from "../../src/shared/stats";
import { lotteryCompletions, mlfqTrace, runOstep, schedulerTrace } from "../../src/scheduler/ostep";

describe("IndexHeap and IndexQueue", () => {
  it("the heap pops in (key, index) order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), (keys) => {
        const heap = new IndexHeap(keys);
        keys.forEach((_, i) => heap.push(i));
        const popped: number[] = [];
        while (heap.size > 0) popped.push(heap.pop());
        expect(popped).toEqual(keys.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b));
        expect(heap.pop()).toBe(-1);
      }),
    );
  });

  it("the queue keeps FIFO order through growth, with unshift putting a job first", () => {
    const q = new IndexQueue();
    for (let i = 0; i < 40; i++) q.push(i);
    q.unshift(99);
    expect(q.shift()).toBe(99);
    expect(q.drain()).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(q.shift()).toBe(-1);
  });
});

describe("summaries", () => {
  it("summarize agrees with the shared mean and type-7 quantile", () => {
    // `x + 0` turns -0 into 0: the two compare equal, so their order (and the sign of a median) is arbitrary.
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x + 0), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 200 }), (xs) => {
        expect(summarize(xs)).toEqual({ mean: mean(xs), p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });
      }),
    );
    expect(summarize([1, 2, 3, 4]).p50).toBe(2.5);
    expect(summarize([]).mean).toBeNaN();
  });

  it("Jain's index is 1 for equal shares and 1/n when one party gets everything", () => {
    expect(jainIndex([2, 2, 2, 2])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBe(0.25);
  });
});

describe("figures and analysis helpers", () => {
  const result = simulate([cpuJob("A", 0, 2), cpuJob("B", 0, 2)], roundRobin({ quantum: 1 }));

  it("a Gantt chart has one lane per job and hover text with the reason", () => {
    const fig = ganttChart(result, { title: "rr" });
    expect(fig.data.map((t) => t.name)).toEqual(["A", "B"]);
    expect(fig.data[0]!.hovertext).toEqual(["A: 0–1 (quantum-expired)", "A: 2–3 (finished)"]);
  });

  it("a per-CPU Gantt chart has one lane per CPU with job names on the bars", () => {
    const two = simulate([cpuJob("A", 0, 2), cpuJob("B", 0, 2)], fifo(), { cpus: 2 });
    const fig = ganttChart(two, { title: "two CPUs", lanes: "cpu" });
    expect(fig.data.map((t) => [t.name, t.y, t.text])).toEqual([["A", ["CPU 0"], ["A"]], ["B", ["CPU 1"], ["B"]]]);
  });

  it("the text Gantt marks each job's columns", () => {
    expect(textGantt(result.timeline)).toBe("A |# # |\nB | # #|\n   0   4 (1 per column)");
  });

  it("cumulative shares, window shares and vruntime lines follow the timeline", () => {
    expect(cpuShareOverTime(result, ["A"])[0]!.y).toEqual([1, 0.5, 2 / 3, 0.5]);
    expect(shareBetween(result.timeline, "B", 0, 2)).toBe(0.5);
    const jobs = [cpuJob("A", 0, 2, { nice: 0 }), cpuJob("B", 0, 2, { nice: 5 })];
    const lines = vruntimeOverTime(simulate(jobs, cfs()), jobs);
    expect(lines.map((l) => l.name)).toEqual(["A (nice 0)", "B (nice 5)"]);
    expect(lines[0]!.y.at(-1)).toBe(2);
    expect(lines[1]!.y.at(-1)).toBeCloseTo((2 * 1024) / 335, 12);
  });

  it("level lines step down as an MLFQ job is demoted", () => {
    const lines = levelOverTime(simulate([cpuJob("hog", 0, 6)], mlfq({ quantum: 2 })).timeline);
    expect(lines).toEqual([{ name: "hog", x: [0, 2, 2, 4, 4, 6], y: [0, 0, 1, 1, 2, 2] }]);
  });

  it("the Markdown summary has a row per run", () => {
    const table = markdownSummary([simulate([cpuJob("A", 0, 3)], fifo())]);
    expect(table.split("\n")[2]).toBe("| fifo | 0 | 3 | 0 | 3 | 0 |");
  });
});

describe("ostep trace readers", () => {
  it("rebuild exact slice starts from scheduler.py's truncated times", () => {
    const slices = schedulerTrace(runOstep("scheduler", ["-p", "RR", "-l", "1.5,2.5", "-c"]).stdout);
    expect(slices).toEqual([
      { job: 0, start: 0, end: 1 },
      { job: 1, start: 1, end: 2 },
      { job: 0, start: 2, end: 2.5 },
      { job: 1, start: 2.5, end: 3.5 },
      { job: 1, start: 3.5, end: 4 },
    ]);
  });

  it("read mlfq.py ticks and lottery.py completions", () => {
    const ticks = mlfqTrace(runOstep("mlfq", ["-l", "0,3,0", "-q", "2", "-c"]).stdout);
    expect(ticks.map((t) => t.priority)).toEqual([2, 2, 1]);
    expect(lotteryCompletions(runOstep("lottery", ["-l", "1:1,1:1", "-c"]).stdout).map((c) => c.time)).toEqual([1, 2]);
  });
});
