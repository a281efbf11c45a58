import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/scheduler/cli";

const json = (argv: string[]) => JSON.parse(main([...argv, "--json"]));

describe("sched CLI", () => {
  it("prints the JSON contract for a job spec", () => {
    const doc = json(["--policy", "rr", "--quantum", "4", "--jobs", "P1:0:24,P2:0:3,P3:0:3"]);
    expect(Object.keys(doc)).toEqual(["policy", "jobs", "averages", "timeline", "contextSwitches", "utilization", "throughput", "fairness"]);
    expect(doc.policy).toBe("rr");
    expect(doc.jobs[1]).toEqual({ name: "P2", arrival: 0, burst: 3, firstRun: 4, completion: 7, response: 4, turnaround: 7, waiting: 4 });
    expect(doc.averages.waiting).toBeCloseTo(17 / 3, 12);
    expect(doc.timeline[0]).toEqual({ cpu: 0, job: "P1", start: 0, end: 4, reason: "quantum-expired" });
    expect(doc.timeline.at(-1)).toEqual({ cpu: 0, job: "P1", start: 26, end: 30, reason: "finished" });
    expect(doc.contextSwitches).toBe(3);
    expect(doc.utilization).toBe(1);
    expect(doc.throughput).toBe(0.1);
  });

  it("accepts every policy name", () => {
    for (const policy of ["fifo", "sjf", "stcf", "rr", "priority", "priority-preemptive", "mlfq", "lottery", "stride", "cfs"]) {
      expect(json(["--policy", policy, "--jobs", "A:0:3:1,B:1:2:0"]).policy).toBe(policy);
    }
  });

  it("reads a workload file and a seeded random workload", () => {
    const dir = mkdtempSync(join(tmpdir(), "sched-"));
    const file = join(dir, "w.json");
    writeFileSync(file, JSON.stringify({ jobs: [{ name: "io", arrival: 0, bursts: [1, 2, 1] }, { name: "cpu", arrival: 0, burst: 3 }] }));
    expect(json(["--policy", "fifo", "--workload", file]).jobs.map((j: { completion: number }) => j.completion)).toEqual([5, 4]);
    const a = json(["--policy", "sjf", "--random", "20", "--seed", "5"]);
    expect(a.jobs).toHaveLength(20);
    expect(json(["--policy", "sjf", "--random", "20", "--seed", "5"])).toEqual(a);
  });

  it("runs on several CPUs with --cpus", () => {
    const doc = json(["--policy", "fifo", "--cpus", "2", "--jobs", "A:0:4,B:0:4"]);
    expect(doc.timeline.map((s: { cpu: number }) => s.cpu)).toEqual([0, 1]);
    expect(doc.averages.turnaround).toBe(4);
  });

  it("can give each CPU its own queue, with or without migration", () => {
    const args = ["--policy", "fifo", "--cpus", "2", "--queues", "per-cpu", "--jobs", "A:0:10,B:0:1,C:0:10,D:0:10,E:0:10"];
    expect(json(args).jobs.map((j: { firstRun: number }) => j.firstRun)).toEqual([0, 0, 10, 1, 11]);
    expect(json([...args, "--no-migration"]).jobs.map((j: { firstRun: number }) => j.firstRun)).toEqual([0, 0, 10, 1, 20]);
  });

  it("prints a table with averages and, with --gantt, a text Gantt chart", () => {
    const text = main(["--policy", "fifo", "--jobs", "A:0:2,B:0:1", "--gantt"]);
    expect(text).toContain("average");
    expect(text).toContain("A |## |");
    expect(text).toContain("B |  #|");
  });

  it.each([
    [["--policy", "edf", "--jobs", "A:0:1"], 'unknown policy "edf"; expected one of fifo, sjf, stcf, rr, priority, priority-preemptive, mlfq, lottery, stride, cfs'],
    [["--policy", "rr", "--quantum", "0", "--jobs", "A:0:1"], '--quantum expects a number > 0 but got "0"'],
    [["--policy", "rr", "--quantum", "-2", "--jobs", "A:0:1"], '--quantum expects a number > 0 but got "-2"'],
    [["--policy", "fifo", "--jobs", "A:-1:1"], 'job "A": arrival must be a number >= 0 but found "-1"'],
    [["--policy", "fifo", "--jobs", "A:0:x"], 'job "A": burst must be a number > 0 but found "x"'],
    [["--policy", "fifo", "--jobs", "A:0:1,A:2:1"], 'duplicate job name "A"'],
    [["--policy", "fifo", "--jobs", "A:0"], 'malformed job spec "A:0": expected name:arrival:burst[:priority]'],
    [["--policy", "fifo"], "give a workload: --jobs SPEC, --workload FILE.json or --random N"],
    [["--jobs", "A:0:1"], "--policy is required; expected one of fifo, sjf, stcf, rr, priority, priority-preemptive, mlfq, lottery, stride, cfs"],
    [["--policy", "fifo", "--cpus", "0", "--jobs", "A:0:1"], '--cpus expects an integer from 1 to 1024 but got "0"'],
    [["--policy", "fifo", "--queues", "mesh", "--jobs", "A:0:1"], '--queues expects global or per-cpu but got "mesh"'],
    [["--policy", "fifo", "--random", "0"], '--random expects an integer from 1 to 10000000 but got "0"'],
    [["--policy", "fifo", "--workload", "/nonexistent/w.json"], 'cannot read workload file "/nonexistent/w.json": ENOENT'],
  ])("rejects %j with one clear message", (argv, message) => {
    expect(() => main(argv)).toThrow(message);
  });

  it("exits 2 with a one-line error on stderr when run as a command", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/scheduler/cli.ts", "--policy", "fifo", "--jobs", "A:0:1,A:1:1"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('error: duplicate job name "A"\n');
  });
});
