import { PyRandom } from "./mt19937";
import { optparse, type OptionSpec } from "./optparse";
import { ProgramExit, runProgram, type ProgramRun } from "./program";
import { parsePyInt, pyD, pyFixed, PythonError } from "./pyformat";

const OPTIONS: readonly OptionSpec[] = [
  { short: "-s", long: "--seed", dest: "seed", kind: "int", default: 0n },
  { short: "-n", long: "--numQueues", dest: "numQueues", kind: "int", default: 3n },
  { short: "-q", long: "--quantum", dest: "quantum", kind: "int", default: 10n },
  { short: "-a", long: "--allotment", dest: "allotment", kind: "int", default: 1n },
  { short: "-Q", long: "--quantumList", dest: "quantumList", kind: "string", default: "" },
  { short: "-A", long: "--allotmentList", dest: "allotmentList", kind: "string", default: "" },
  { short: "-j", long: "--numJobs", dest: "numJobs", kind: "int", default: 3n },
  { short: "-m", long: "--maxlen", dest: "maxlen", kind: "int", default: 100n },
  { short: "-M", long: "--maxio", dest: "maxio", kind: "int", default: 10n },
  { short: "-B", long: "--boost", dest: "boost", kind: "int", default: 0n },
  { short: "-i", long: "--iotime", dest: "ioTime", kind: "int", default: 5n },
  { short: "-S", long: "--stay", dest: "stay", kind: "flag", default: false },
  { short: "-I", long: "--iobump", dest: "iobump", kind: "flag", default: false },
  { short: "-l", long: "--jlist", dest: "jlist", kind: "string", default: "" },
  { short: "-c", dest: "solve", kind: "flag", default: false },
];

interface MlfqJob {
  readonly start: number;
  readonly run: number;
  readonly ioFreq: number;
  pri: number;
  ticks: number;
  allot: number;
  left: number;
  firstRun: number;
  end: number;
  doingIo: boolean;
}

const toInt = (text: string) => Number(parsePyInt(text));
const pyBool = (b: boolean) => (b ? "True" : "False");

/** Python's `list.remove(x)`: drops the first occurrence (the callers know it is there). */
function remove(list: number[], value: number): void {
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
}

/**
 * OSTEP's `cpu-sched-mlfq/mlfq.py`, byte for byte: the tick-by-tick MLFQ with
 * its flags (-n -q -a -Q -A -B -i -S -I -l -j -m -M -s -c) and quirks.
 *
 * @example
 * runOstepMlfq(["-l", "0,5,0", "-c"]).status; //=> 0
 */
export function runOstepMlfq(argv: readonly string[]): ProgramRun {
  return runProgram("mlfq.py", (out) => {
    const { values } = optparse("mlfq.py", OPTIONS, argv);
    const rng = new PyRandom(values.seed as bigint);

    let numQueues = Number(values.numQueues as bigint);
    const quantum: number[] = [];
    const quantumList = values.quantumList as string;
    if (quantumList !== "") {
      const lengths = quantumList.split(",");
      numQueues = lengths.length;
      lengths.forEach((text, i) => (quantum[numQueues - 1 - i] = toInt(text)));
    } else {
      for (let q = 0; q < numQueues; q++) quantum[q] = Number(values.quantum as bigint);
    }
    const allotment: number[] = [];
    const allotmentList = values.allotmentList as string;
    if (allotmentList !== "") {
      const lengths = allotmentList.split(",");
      if (lengths.length !== numQueues) {
        out.print("number of allotments specified must match number of quantums");
        throw new ProgramExit(1);
      }
      for (let i = 0; i < numQueues; i++) {
        const q = numQueues - 1 - i;
        allotment[q] = toInt(lengths[i]!);
        if (q !== 0 && allotment[q]! <= 0) {
          out.print("allotment must be positive integer");
          throw new ProgramExit(1);
        }
      }
    } else {
      for (let q = 0; q < numQueues; q++) allotment[q] = Number(values.allotment as bigint);
    }
    const hi = numQueues - 1;
    const ioTime = Number(values.ioTime as bigint);
    const boost = Number(values.boost as bigint);
    const stay = values.stay as boolean;
    const iobump = values.iobump as boolean;

    const jobs: MlfqJob[] = [];
    const newJob = (start: number, run: number, ioFreq: number): MlfqJob => {
      // With no queues (-n 0) the original's per-queue lookup fails.
      if (quantum[hi] === undefined) throw new PythonError("KeyError", String(hi));
      return { start, run, ioFreq, pri: hi, ticks: quantum[hi]!, allot: allotment[hi]!, left: run, firstRun: -1, end: -1, doingIo: false };
    };
    const jlist = values.jlist as string;
    if (jlist !== "") {
      for (const item of jlist.split(":")) {
        const info = item.split(",");
        if (info.length !== 3) {
          out.print("Badly formatted job string. Should be x1,y1,z1:x2,y2,z2:...");
          out.print("where x is the startTime, y is the runTime, and z is the I/O frequency.");
          throw new ProgramExit(1);
        }
        jobs.push(newJob(toInt(info[0]!), toInt(info[1]!), toInt(info[2]!)));
      }
    } else {
      const maxlen = Number(values.maxlen as bigint);
      const maxio = Number(values.maxio as bigint);
      for (let j = 0; j < Number(values.numJobs as bigint); j++) {
        const run = Math.trunc(rng.random() * (maxlen - 1) + 1);
        const ioFreq = Math.trunc(rng.random() * (maxio - 1) + 1);
        jobs.push(newJob(0, run, ioFreq));
      }
    }

    out.print("Here is the list of inputs:");
    out.print("OPTIONS jobs", jobs.length);
    out.print("OPTIONS queues", numQueues);
    for (let q = hi; q >= 0; q--) {
      out.print(`OPTIONS allotments for queue ${pyD(q, 2)} is ${pyD(allotment[q]!, 3)}`);
      out.print(`OPTIONS quantum length for queue ${pyD(q, 2)} is ${pyD(quantum[q]!, 3)}`);
    }
    out.print("OPTIONS boost", boost);
    out.print("OPTIONS ioTime", ioTime);
    out.print("OPTIONS stayAfterIO", pyBool(stay));
    out.print("OPTIONS iobump", pyBool(iobump));
    out.print("\n");
    out.print("For each job, three defining characteristics are given:");
    out.print("  startTime : at what time does the job enter the system");
    out.print("  runTime   : the total CPU time needed by the job to finish");
    out.print("  ioFreq    : every ioFreq time units, the job issues an I/O");
    out.print("              (the I/O takes ioTime units to complete)\n");
    out.print("Job List:");
    jobs.forEach((job, j) => out.print(`  Job ${pyD(j, 2)}: startTime ${pyD(job.start, 3)} - runTime ${pyD(job.run, 3)} - ioFreq ${pyD(job.ioFreq, 3)}`));
    out.print("");

    if (!values.solve) {
      out.print("Compute the execution trace for the given workloads.");
      out.print("If you would like, also compute the response and turnaround");
      out.print("times for each of the jobs.");
      out.print("");
      out.print("Use the -c flag to get the exact results when you are finished.\n");
      return;
    }

    // Events due at each time: arrivals first (recorded up front, in job order), then I/O completions as they are issued.
    const events = new Map<number, { job: number; kind: "JOB BEGINS" | "IO_DONE" }[]>();
    const schedule = (t: number, job: number, kind: "JOB BEGINS" | "IO_DONE") => {
      const list = events.get(t);
      if (list) list.push({ job, kind });
      else events.set(t, [{ job, kind }]);
    };
    jobs.forEach((job, j) => schedule(job.start, j, "JOB BEGINS"));
    const queues: number[][] = Array.from({ length: numQueues }, () => []);

    out.print("\nExecution Trace:\n");
    let time = 0;
    let finished = 0;
    while (finished < jobs.length) {
      if (boost > 0 && time !== 0 && time % boost === 0) {
        out.print(`[ time ${time} ] BOOST ( every ${boost} )`);
        for (let q = 0; q < hi; q++) {
          queues[hi]!.push(...queues[q]!);
          queues[q] = [];
        }
        for (const job of jobs) {
          if (job.left > 0) {
            job.pri = hi;
            job.ticks = quantum[hi]!;
            job.allot = allotment[hi]!;
          }
        }
      }
      const due = events.get(time);
      if (due) {
        for (const { job: j, kind } of due) {
          const job = jobs[j]!;
          out.print(`[ time ${time} ] ${kind} by JOB ${j}`);
          if (kind === "IO_DONE") {
            job.doingIo = false;
            if (iobump) queues[job.pri]!.unshift(j);
            else queues[job.pri]!.push(j);
          } else {
            queues[job.pri]!.push(j);
          }
        }
        events.delete(time);
      }

      let current = -1;
      for (let q = hi; q >= 0; q--) {
        if (queues[q]!.length > 0) {
          current = q;
          break;
        }
      }
      if (current < 0) {
        out.print(`[ time ${time} ] IDLE`);
        time++;
        continue;
      }
      const j = queues[current]![0]!;
      const job = jobs[j]!;
      const allotBefore = job.allot;
      job.left--;
      job.ticks--;
      if (job.firstRun < 0) job.firstRun = time;
      out.print(`[ time ${time} ] Run JOB ${j} at PRIORITY ${current} [ TICKS ${job.ticks} ALLOT ${allotBefore} TIME ${job.left} (of ${job.run}) ]`);
      if (job.left < 0) throw new ProgramExit(1, "Error: should never have less than 0 time left to run\n");
      time++;

      if (job.left === 0) {
        out.print(`[ time ${time} ] FINISHED JOB ${j}`);
        finished++;
        job.end = time;
        remove(queues[current]!, j);
        continue;
      }
      const ticksAfterRun = job.ticks;
      if (job.ioFreq > 0 && (job.run - job.left) % job.ioFreq === 0) {
        out.print(`[ time ${time} ] IO_START by JOB ${j}`);
        out.print("IO DONE");
        remove(queues[current]!, j);
        job.doingIo = true;
        schedule(time + ioTime, j, "IO_DONE");
        if (stay) {
          job.ticks = quantum[job.pri]!;
          job.allot = allotment[job.pri]!;
        }
      }
      if (ticksAfterRun === 0) {
        remove(queues[current]!, j);
        job.allot--;
        if (job.allot === 0) {
          if (job.pri > 0) job.pri--;
          job.ticks = quantum[job.pri]!;
          job.allot = allotment[job.pri]!;
        } else {
          job.ticks = quantum[job.pri]!;
        }
        if (!job.doingIo) queues[job.pri]!.push(j);
      }
    }

    out.print("\nFinal statistics:");
    let responseSum = 0;
    let turnaroundSum = 0;
    jobs.forEach((job, j) => {
      const response = job.firstRun - job.start;
      const turnaround = job.end - job.start;
      out.print(`  Job ${pyD(j, 2)}: startTime ${pyD(job.start, 3)} - response ${pyD(response, 3)} - turnaround ${pyD(turnaround, 3)}`);
      responseSum += response;
      turnaroundSum += turnaround;
    });
    if (jobs.length === 0) throw new PythonError("ZeroDivisionError", "float division by zero");
    const n = jobs.length;
    out.print(`\n  Avg ${pyD(n - 1, 2)}: startTime n/a - response ${pyFixed(responseSum / n, 2)} - turnaround ${pyFixed(turnaroundSum / n, 2)}`);
    out.print("\n");
  });
}
