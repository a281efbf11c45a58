// `npm run sched -- --policy NAME [--quantum Q] [--jobs SPEC | --workload FILE.json | --random N --seed S] [--json] [--gantt]`
import { readFileSync } from "node:fs";
import { intFlag, parseFlags, runCli, UsageError } from "../shared/cli";
import { simulate } from "./engine";
import { textGantt } from "./gantt";
import { generateWorkload } from "./generator";
import { jobsFromJson } from "./load-workload";
import { policyByName, POLICY_NAMES } from "./policies";
import { formatReport } from "./report";
import type { Job, SimulationResult } from "./types";
import { parseJobSpec } from "./workload";

const USAGE = `usage: npm run sched -- --policy NAME [--quantum Q] [--jobs SPEC | --workload FILE.json | --random N [--seed S]]
                      [--cpus N [--queues global|per-cpu] [--no-migration]] [--switch-cost C] [--json] [--gantt]
  NAME: ${POLICY_NAMES.join(" ")}
  SPEC: comma-separated name:arrival:burst[:priority], e.g. "P1:0:24,P2:0:3,P3:0:3"
  --quantum Q      time slice for rr, mlfq, lottery, stride (default 4)
  --seed S         seed for --random workloads and the lottery draw (default 0)
  --cpus N         number of CPUs (default 1)
  --queues Q       global: one shared ready queue (default); per-cpu: a queue per CPU with affinity
  --no-migration   with per-cpu queues, never move a job to an idle CPU
  --switch-cost C  time lost per context switch (default 0)`;

function positiveNumber(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) || !Number.isFinite(value) || (allowZero ? value < 0 : value <= 0)) {
    throw new UsageError(`--${name} expects a number ${allowZero ? ">= 0" : "> 0"} but got "${raw}"`);
  }
  return value;
}

function loadJobs(values: { jobs?: string; workload?: string; random?: string; seed?: string }): Job[] {
  const sources = (["jobs", "workload", "random"] as const).filter((k) => values[k] !== undefined);
  if (sources.length === 0) throw new UsageError("give a workload: --jobs SPEC, --workload FILE.json or --random N");
  if (sources.length > 1) throw new UsageError(`give only one workload source but got ${sources.map((s) => `--${s}`).join(" and ")}`);
  if (values.jobs !== undefined) return parseJobSpec(values.jobs);
  if (values.workload !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.workload, "utf8");
    } catch (err) {
      throw new UsageError(`cannot read workload file "${values.workload}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`workload file "${values.workload}" is not valid JSON: ${(err as Error).message}`);
    }
    return jobsFromJson(data);
  }
  const count = intFlag("random", values.random, 0, 1, 10_000_000);
  return generateWorkload({ count, seed: intFlag("seed", values.seed, 0, 0) });
}

/** The `--json` document: the contract other tools read. */
export function toJson(result: SimulationResult): object {
  return {
    policy: result.policy,
    jobs: result.jobs.map((j) => ({
      name: j.name,
      arrival: j.arrival,
      burst: j.burst,
      firstRun: j.firstRun,
      completion: j.completion,
      response: j.response,
      turnaround: j.turnaround,
      waiting: j.waiting,
    })),
    averages: { response: result.response.mean, turnaround: result.turnaround.mean, waiting: result.waiting.mean },
    timeline: result.timeline.map((s) => ({ cpu: s.cpu, job: s.job, start: s.start, end: s.end, reason: s.reason })),
    contextSwitches: result.contextSwitches,
    utilization: result.utilization,
    throughput: result.throughput,
    fairness: result.fairness,
  };
}

const VALUE_FLAGS = new Set(["--policy", "--quantum", "--jobs", "--workload", "--random", "--seed", "--cpus", "--queues", "--switch-cost"]);

/** `--quantum -2` would read as a missing value; join negative numbers to their flag so the range check names them. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (VALUE_FLAGS.has(argv[i]!) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

/** Runs the CLI on argv and returns the text for stdout. */
export function main(argv: readonly string[]): string {
  const { values, positionals } = parseFlags(
    joinNegativeValues(argv),
    {
      policy: { type: "string" },
      quantum: { type: "string" },
      jobs: { type: "string" },
      workload: { type: "string" },
      random: { type: "string" },
      seed: { type: "string" },
      cpus: { type: "string" },
      queues: { type: "string" },
      migration: { type: "boolean" },
      "switch-cost": { type: "string" },
      json: { type: "boolean" },
      gantt: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) return USAGE;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.policy === undefined) throw new UsageError(`--policy is required; expected one of ${POLICY_NAMES.join(", ")}`);
  if (!(POLICY_NAMES as readonly string[]).includes(values.policy)) {
    throw new UsageError(`unknown policy "${values.policy}"; expected one of ${POLICY_NAMES.join(", ")}`);
  }
  const quantum = positiveNumber("quantum", values.quantum, 4);
  const contextSwitchCost = positiveNumber("switch-cost", values["switch-cost"], 0, true);
  const seed = intFlag("seed", values.seed, 0, 0);
  const cpus = intFlag("cpus", values.cpus, 1, 1, 1024);
  const queues = values.queues ?? "global";
  if (queues !== "global" && queues !== "per-cpu") throw new UsageError(`--queues expects global or per-cpu but got "${queues}"`);
  const jobs = loadJobs(values);
  const result = simulate(jobs, policyByName(values.policy, { quantum }), { cpus, queues, migration: values.migration ?? true, contextSwitchCost, seed });
  if (values.json) return JSON.stringify(toJson(result));
  return values.gantt ? `${formatReport(result)}\n\n${textGantt(result.timeline)}` : formatReport(result);
}

if (process.argv[1] && /scheduler[\\/]cli\.ts$/.test(process.argv[1])) {
  runCli((argv) => {
    process.stdout.write(`${main(argv)}\n`);
  });
}
