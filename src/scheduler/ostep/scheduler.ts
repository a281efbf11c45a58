import { PyRandom } from "./mt19937";
import { optparse, type OptionSpec } from "./optparse";
import { ProgramExit, runProgram, type Printer, type ProgramRun } from "./program";
import { parsePyFloat, pyD, pyFixed, PythonError, pyFloatStr } from "./pyformat";

const OPTIONS: readonly OptionSpec[] = [
  { short: "-s", long: "--seed", dest: "seed", kind: "int", default: 0n },
  { short: "-j", long: "--jobs", dest: "jobs", kind: "int", default: 3n },
  { short: "-l", long: "--jlist", dest: "jlist", kind: "string", default: "" },
  { short: "-m", long: "--maxlen", dest: "maxlen", kind: "int", default: 10n },
  { short: "-p", long: "--policy", dest: "policy", kind: "string", default: "FIFO" },
  { short: "-q", long: "--quantum", dest: "quantum", kind: "int", default: 1n },
  { short: "-c", dest: "solve", kind: "flag", default: false },
];

interface SchedJob {
  readonly id: number;
  readonly length: number;
  /** How the length prints: Python str() of an int (random) or of a float (-l). */
  readonly text: string;
}

const f2 = (x: number) => pyFixed(x, 2);

function average(out: Printer, rows: readonly (readonly [number, number, number])[]): void {
  if (rows.length === 0) throw new PythonError("ZeroDivisionError", "float division by zero");
  let r = 0;
  let t = 0;
  let w = 0;
  for (const [response, turnaround, wait] of rows) {
    r += response;
    t += turnaround;
    w += wait;
  }
  const n = rows.length;
  out.print(`\n  Average -- Response: ${f2(r / n)}  Turnaround ${f2(t / n)}  Wait ${f2(w / n)}\n`);
}

function runToCompletion(out: Printer, order: readonly SchedJob[]): void {
  out.print("Execution trace:");
  let time = 0;
  for (const job of order) {
    out.print(`  [ time ${pyD(time, 3)} ] Run job ${job.id} for ${f2(job.length)} secs ( DONE at ${f2(time + job.length)} )`);
    time += job.length;
  }
  out.print("\nFinal statistics:");
  const rows: [number, number, number][] = [];
  let t = 0;
  for (const job of order) {
    const row: [number, number, number] = [t, t + job.length, t];
    out.print(`  Job ${pyD(job.id, 3)} -- Response: ${f2(row[0])}  Turnaround ${f2(row[1])}  Wait ${f2(row[2])}`);
    rows.push(row);
    t += job.length;
  }
  average(out, rows);
}

function roundRobin(out: Printer, jobs: readonly SchedJob[], quantum: number): void {
  if (quantum <= 0 && jobs.some((j) => j.length > quantum)) {
    // Upstream loops forever printing slices; stop instead of filling memory.
    throw new ProgramExit(1, `quantum ${quantum} never finishes a job (the original program loops forever)\n`);
  }
  out.print("Execution trace:");
  const left = jobs.map((j) => j.length);
  const firstRun = jobs.map(() => -1);
  const lastEnd = jobs.map(() => 0);
  const wait = jobs.map(() => 0);
  const done = jobs.map(() => 0);
  const queue = jobs.map((j) => j.id);
  let time = 0;
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (firstRun[id]! < 0) firstRun[id] = time;
    wait[id]! += time - lastEnd[id]!;
    if (left[id]! > quantum) {
      left[id]! -= quantum;
      out.print(`  [ time ${pyD(time, 3)} ] Run job ${pyD(id, 3)} for ${f2(quantum)} secs`);
      time += quantum;
      lastEnd[id] = time;
      queue.push(id);
    } else {
      const ran = left[id]!;
      left[id] = 0;
      out.print(`  [ time ${pyD(time, 3)} ] Run job ${pyD(id, 3)} for ${f2(ran)} secs ( DONE at ${f2(time + ran)} )`);
      time += ran;
      lastEnd[id] = time;
      done[id] = time;
    }
  }
  out.print("\nFinal statistics:");
  const rows = jobs.map((j): [number, number, number] => {
    const row: [number, number, number] = [firstRun[j.id]!, done[j.id]!, wait[j.id]!];
    out.print(`  Job ${pyD(j.id, 3)} -- Response: ${f2(row[0])}  Turnaround ${f2(row[1])}  Wait ${f2(row[2])}`);
    return row;
  });
  average(out, rows);
}

/**
 * OSTEP's `cpu-sched/scheduler.py` (FIFO, SJF, RR), byte for byte: same flags,
 * same seeded random jobs, same output and exit status.
 *
 * @example
 * runOstepScheduler(["-l", "5,10", "-c"]).status; //=> 0
 */
export function runOstepScheduler(argv: readonly string[]): ProgramRun {
  return runProgram("scheduler.py", (out) => {
    const { values } = optparse("scheduler.py", OPTIONS, argv);
    const seed = values.seed as bigint;
    const policy = values.policy as string;
    const jlist = values.jlist as string;
    const rng = new PyRandom(seed);
    out.print("ARG policy", policy);
    if (jlist === "") {
      out.print("ARG jobs", values.jobs as bigint);
      out.print("ARG maxlen", values.maxlen as bigint);
      out.print("ARG seed", seed);
    } else {
      out.print("ARG jlist", jlist);
    }
    out.print("");
    out.print("Here is the job list, with the run time of each job: ");
    const jobs: SchedJob[] = [];
    if (jlist === "") {
      const maxlen = Number(values.maxlen as bigint);
      const count = Number(values.jobs as bigint);
      for (let id = 0; id < count; id++) {
        const length = Math.trunc(maxlen * rng.random()) + 1;
        jobs.push({ id, length, text: String(length) });
        out.print("  Job", id, `( length = ${length} )`);
      }
    } else {
      jlist.split(",").forEach((item, id) => {
        const length = parsePyFloat(item);
        jobs.push({ id, length, text: pyFloatStr(length) });
      });
      for (const job of jobs) out.print("  Job", job.id, `( length = ${job.text} )`);
    }
    out.print("\n");
    if (!values.solve) {
      out.print(
        "Compute the turnaround time, response time, and wait time for each job.\n" +
          "When you are done, run this program again, with the same arguments,\n" +
          "but with -c, which will thus provide you with the answers. You can use\n" +
          "-s <somenumber> or your own job list (-l 10,15,20 for example)\n" +
          "to generate different problems for yourself.\n",
      );
      return;
    }
    out.print("** Solutions **\n");
    if (policy === "FIFO") runToCompletion(out, jobs);
    else if (policy === "SJF") runToCompletion(out, [...jobs].sort((a, b) => a.length - b.length));
    else if (policy === "RR") roundRobin(out, jobs, Number(values.quantum as bigint));
    else out.print(`Error: Policy ${policy} is not available.`);
  });
}
