import { PyRandom } from "./mt19937";
import { optparse, type OptionSpec } from "./optparse";
import { ProgramExit, runProgram, type ProgramRun } from "./program";
import { parsePyInt, PythonError } from "./pyformat";

const OPTIONS: readonly OptionSpec[] = [
  { short: "-s", long: "--seed", dest: "seed", kind: "int", default: 0n },
  { short: "-j", long: "--jobs", dest: "jobs", kind: "int", default: 3n },
  { short: "-l", long: "--jlist", dest: "jlist", kind: "string", default: "" },
  { short: "-m", long: "--maxlen", dest: "maxlen", kind: "int", default: 10n },
  { short: "-T", long: "--maxticket", dest: "maxticket", kind: "int", default: 100n },
  { short: "-q", long: "--quantum", dest: "quantum", kind: "int", default: 1n },
  { short: "-c", long: "--compute", dest: "solve", kind: "flag", default: false },
];

/** The largest value a lottery draw can take: R = trunc(random() × 1000001). */
const DRAW_RANGE = 1000001;

/**
 * OSTEP's `cpu-sched-lottery/lottery.py`, byte for byte, including drawing the
 * lottery numbers from the seed even for explicit job lists.
 *
 * @example
 * runOstepLottery(["-l", "1:1", "-c"]).status; //=> 0
 */
export function runOstepLottery(argv: readonly string[]): ProgramRun {
  return runProgram("lottery.py", (out) => {
    const { values } = optparse("lottery.py", OPTIONS, argv);
    const rng = new PyRandom(values.seed as bigint);
    const jlist = values.jlist as string;
    out.print("ARG jlist", jlist);
    out.print("ARG jobs", values.jobs as bigint);
    out.print("ARG maxlen", values.maxlen as bigint);
    out.print("ARG maxticket", values.maxticket as bigint);
    out.print("ARG quantum", values.quantum as bigint);
    out.print("ARG seed", values.seed as bigint);
    out.print("");
    out.print("Here is the job list, with the run time of each job: ");

    const lengths: number[] = [];
    const tickets: number[] = [];
    if (jlist === "") {
      const maxlen = Number(values.maxlen as bigint);
      const maxticket = Number(values.maxticket as bigint);
      if (Math.abs(maxlen) <= 1 || Math.abs(maxticket) <= 1) {
        // Upstream redraws forever: trunc(m × random()) is always 0 for m in -1..1.
        throw new ProgramExit(1, `maxlen ${maxlen} / maxticket ${maxticket} can never draw a non-zero value (the original program loops forever)\n`);
      }
      for (let j = 0; j < Number(values.jobs as bigint); j++) {
        let length = 0;
        while (length === 0) length = Math.trunc(maxlen * rng.random());
        let tix = 0;
        while (tix === 0) tix = Math.trunc(maxticket * rng.random());
        lengths.push(length);
        tickets.push(tix);
      }
    } else {
      for (const item of jlist.split(",")) {
        const parts = item.split(":");
        lengths.push(Number(parsePyInt(parts[0]!)));
        if (parts.length < 2) throw new PythonError("IndexError", "list index out of range");
        tickets.push(Number(parsePyInt(parts[1]!)));
      }
    }
    lengths.forEach((length, j) => out.print(`  Job ${j} ( length = ${length}, tickets = ${tickets[j]} )`));
    out.print("\n");

    const iterations = lengths.reduce((a, b) => a + b, 0);
    if (!values.solve) {
      out.print("Here is the set of random numbers you will need (at most):");
      for (let i = 0; i < iterations; i++) out.print(`Random ${Math.trunc(rng.random() * DRAW_RANGE)}`);
      return;
    }

    out.print("** Solutions **\n");
    const quantum = Number(values.quantum as bigint);
    const left = [...lengths];
    let total = tickets.reduce((a, b) => a + b, 0);
    let jobsLeft = lengths.length;
    let clock = 0;
    for (let i = 0; i < iterations; i++) {
      const r = Math.trunc(rng.random() * DRAW_RANGE);
      if (total === 0) throw new PythonError("ZeroDivisionError", "integer modulo by zero");
      // Python's % takes the divisor's sign.
      const winner = ((r % total) + total) % total;
      let sum = 0;
      let won = -1;
      for (let j = 0; j < tickets.length; j++) {
        sum += tickets[j]!;
        if (sum > winner) {
          won = j;
          break;
        }
      }
      out.print(`Random ${r} -> Winning ticket ${winner} (of ${total}) -> Run ${won}`);
      out.print("  Jobs:");
      out.print(
        lengths
          .map((_, j) => ` (${j === won ? "*" : " "} job:${j} timeleft:${left[j]} tix:${left[j] === 0 ? "---" : tickets[j]} ) `)
          .join(""),
      );
      if (won < 0) throw new PythonError("NameError", "name 'wjob' is not defined");
      if (left[won]! >= quantum) left[won]! -= quantum;
      else left[won] = 0;
      clock += quantum;
      if (left[won] === 0) {
        out.print(`--> JOB ${won} DONE at time ${clock}`);
        total -= tickets[won]!;
        tickets[won] = 0;
        jobsLeft--;
      }
      if (jobsLeft === 0) {
        out.print("");
        break;
      }
    }
  });
}
