import type { Job } from "./types";

/**
 * A job with a single CPU burst: the classic textbook workload row.
 *
 * @example
 * cpuJob("A", 0, 10); //=> { name: "A", arrival: 0, bursts: [10] }
 */
export function cpuJob(name: string, arrival: number, burst: number, extra: Partial<Pick<Job, "priority" | "tickets" | "nice">> = {}): Job {
  return { name, arrival, bursts: [burst], ...extra };
}

/** Total CPU demand of a job (sum of its CPU bursts). */
export function cpuDemand(job: Job): number {
  let sum = 0;
  for (let i = 0; i < job.bursts.length; i += 2) sum += job.bursts[i]!;
  return sum;
}

/** Total I/O time of a job (sum of its I/O bursts). */
export function ioDemand(job: Job): number {
  let sum = 0;
  for (let i = 1; i < job.bursts.length; i += 2) sum += job.bursts[i]!;
  return sum;
}

const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

/**
 * Checks a workload and throws a RangeError/TypeError naming the first bad
 * value: names must be unique and non-empty, arrivals finite and >= 0, bursts
 * an odd-length list whose CPU bursts are > 0 and I/O bursts >= 0, tickets an integer > 0,
 * nice an integer in [-20, 19].
 */
export function validateJobs(jobs: readonly Job[]): void {
  if (!Array.isArray(jobs)) throw new TypeError(`Expected jobs to be an array but found ${typeof jobs}`);
  if (valid.has(jobs)) return;
  const seen = new Set<string>();
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    if (typeof job?.name !== "string" || job.name.length === 0) {
      throw new TypeError(`Expected job ${i} to have a non-empty name but found ${JSON.stringify(job?.name)}`);
    }
    if (seen.has(job.name)) throw new RangeError(`duplicate job name "${job.name}"`);
    seen.add(job.name);
    if (!isTime(job.arrival)) throw new RangeError(`job "${job.name}": arrival must be a number >= 0 but found ${job.arrival}`);
    const bursts: readonly number[] = job.bursts;
    if (!Array.isArray(bursts) || bursts.length % 2 !== 1) {
      throw new RangeError(`job "${job.name}": bursts must alternate CPU and I/O, starting and ending with CPU (odd length) but found ${JSON.stringify(bursts)}`);
    }
    for (let k = 0; k < bursts.length; k++) {
      const b = bursts[k];
      const cpu = k % 2 === 0;
      if (!isTime(b) || (cpu && b === 0)) {
        throw new RangeError(`job "${job.name}": ${cpu ? "CPU" : "I/O"} burst ${k} must be a number ${cpu ? "> 0" : ">= 0"} but found ${b}`);
      }
    }
    if (job.priority !== undefined && !Number.isFinite(job.priority)) {
      throw new RangeError(`job "${job.name}": priority must be a finite number but found ${job.priority}`);
    }
    if (job.tickets !== undefined && !(Number.isSafeInteger(job.tickets) && job.tickets > 0)) {
      throw new RangeError(`job "${job.name}": tickets must be an integer > 0 but found ${job.tickets}`);
    }
    if (job.nice !== undefined && !(Number.isInteger(job.nice) && job.nice >= -20 && job.nice <= 19)) {
      throw new RangeError(`job "${job.name}": nice must be an integer from -20 to 19 but found ${job.nice}`);
    }
  }
  valid.add(jobs);
}

/**
 * Workload arrays already checked (or valid by construction). Jobs are readonly
 * data, so a checked array stays valid and a million-job run is checked once.
 */
const valid = new WeakSet<readonly Job[]>();

/** Records a workload as valid by construction (the generator's output). */
export function markValid(jobs: readonly Job[]): void {
  valid.add(jobs);
}

const NUMBER = /^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const SIGNED = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Parses the CLI's compact job list: comma-separated `name:arrival:burst[:priority]`.
 *
 * @example
 * parseJobSpec("P1:0:24,P2:0:3").map((j) => j.bursts[0]); //=> [24, 3]
 */
export function parseJobSpec(spec: string): Job[] {
  if (spec.trim() === "") throw new RangeError(`malformed job spec "${spec}": expected name:arrival:burst[:priority], comma-separated`);
  const jobs = spec.split(",").map((item): Job => {
    const parts = item.split(":");
    if (parts.length < 3 || parts.length > 4 || parts[0]!.trim() === "") {
      throw new RangeError(`malformed job spec "${item}": expected name:arrival:burst[:priority]`);
    }
    const name = parts[0]!.trim();
    const [arrivalText, burstText, priorityText] = parts.slice(1) as [string, string, string | undefined];
    if (!NUMBER.test(arrivalText)) {
      throw new RangeError(`job "${name}": arrival must be a number >= 0 but found "${arrivalText}"`);
    }
    if (!NUMBER.test(burstText) || Number(burstText) <= 0) {
      throw new RangeError(`job "${name}": burst must be a number > 0 but found "${burstText}"`);
    }
    if (priorityText !== undefined && !SIGNED.test(priorityText)) {
      throw new RangeError(`job "${name}": priority must be a number but found "${priorityText}"`);
    }
    return {
      name,
      arrival: Number(arrivalText),
      bursts: [Number(burstText)],
      ...(priorityText !== undefined ? { priority: Number(priorityText) } : {}),
    };
  });
  validateJobs(jobs);
  return jobs;
}
