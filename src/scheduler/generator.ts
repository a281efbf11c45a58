import { createRng, type Rng } from "../shared/random";
import type { Job } from "./types";
import { markValid } from "./workload";

/** Shapes of CPU demand the generator can draw from. */
export type BurstDistribution = "uniform" | "exponential" | "heavy-tailed" | "bimodal";

/** Options for {@link generateWorkload}; every default is listed. */
export interface WorkloadOptions {
  /** Number of jobs (>= 0). */
  readonly count: number;
  /** Seed: the same options and seed give the same workload. */
  readonly seed: number;
  /** Mean gap between arrivals (exponential gaps); 0 puts every arrival at time 0. Default 10. */
  readonly meanInterarrival?: number;
  /** Distribution of a batch job's CPU demand. Default "exponential". */
  readonly distribution?: BurstDistribution;
  /** Mean CPU demand of a batch job. Default 8. */
  readonly meanBurst?: number;
  /** Fraction of interactive jobs (short CPU bursts between I/O waits), in [0, 1]. Default 0. */
  readonly interactiveFraction?: number;
  /** Mean I/O wait of an interactive job. Default 5. */
  readonly meanIo?: number;
}

const PARETO_ALPHA = 1.5;

function drawBurst(rng: Rng, distribution: BurstDistribution, mean: number): number {
  switch (distribution) {
    case "uniform":
      return rng.uniform(0, 2 * mean);
    case "exponential":
      return rng.exponential(mean);
    case "heavy-tailed": {
      // Pareto with the requested mean; capped so one job cannot dwarf a whole run.
      const scale = (mean * (PARETO_ALPHA - 1)) / PARETO_ALPHA;
      return Math.min(scale / Math.pow(1 - rng.next(), 1 / PARETO_ALPHA), 1000 * mean);
    }
    case "bimodal":
      // 90% short jobs, 10% long ones, same overall mean.
      return rng.next() < 0.9 ? rng.exponential(0.3 * mean) : rng.exponential(7.3 * mean);
  }
}

/** Whole time units, at least 1: integer workloads read well in tables and Gantt charts. */
const whole = (x: number): number => Math.max(1, Math.round(x));

/**
 * Generates a seeded random workload: Poisson-like arrivals, batch jobs with
 * one CPU burst drawn from `distribution`, and optionally interactive jobs
 * alternating 1–2 unit CPU bursts with I/O. Names are J0, J1, …; every time
 * is a whole number; priorities are 0–9 (interactive jobs 0–2); tickets 100.
 *
 * @example
 * generateWorkload({ count: 3, seed: 1 }).length; //=> 3
 */
export function generateWorkload(options: WorkloadOptions): Job[] {
  const { count, seed } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Expected count to be an integer >= 0 but found ${count}`);
  const gap = options.meanInterarrival ?? 10;
  const mean = options.meanBurst ?? 8;
  const interactive = options.interactiveFraction ?? 0;
  const meanIo = options.meanIo ?? 5;
  const distribution = options.distribution ?? "exponential";
  if (!(gap >= 0)) throw new RangeError(`Expected meanInterarrival >= 0 but found ${gap}`);
  if (!(mean > 0)) throw new RangeError(`Expected meanBurst > 0 but found ${mean}`);
  if (!(interactive >= 0 && interactive <= 1)) throw new RangeError(`Expected interactiveFraction in [0, 1] but found ${interactive}`);
  if (!(meanIo >= 0)) throw new RangeError(`Expected meanIo >= 0 but found ${meanIo}`);
  if (!["uniform", "exponential", "heavy-tailed", "bimodal"].includes(distribution)) {
    throw new RangeError(`Expected distribution to be uniform, exponential, heavy-tailed or bimodal but found "${distribution}"`);
  }
  const rng = createRng(seed);
  const jobs: Job[] = new Array(count);
  let t = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0 && gap > 0) t += Math.round(rng.exponential(gap));
    if (rng.next() < interactive) {
      const rounds = rng.int(2, 6);
      const bursts: number[] = [];
      for (let k = 0; k < rounds; k++) {
        if (k > 0) bursts.push(Math.max(0, Math.round(rng.exponential(meanIo))));
        bursts.push(rng.int(1, 2));
      }
      jobs[i] = { name: `J${i}`, arrival: t, bursts, priority: rng.int(0, 2), tickets: 100 };
    } else {
      jobs[i] = { name: `J${i}`, arrival: t, bursts: [whole(drawBurst(rng, distribution, mean))], priority: rng.int(0, 9), tickets: 100 };
    }
  }
  markValid(jobs);
  return jobs;
}
