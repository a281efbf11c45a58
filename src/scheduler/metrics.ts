import { mean, quantile } from "../shared/stats";
import type { JobMetrics, Summary } from "./types";

/**
 * Mean, p50, p95 and max of a list of values (all NaN when empty).
 *
 * @example
 * summarize([1, 2, 3]).max; //=> 3
 */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { mean: NaN, p50: NaN, p95: NaN, max: NaN };
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return { mean: mean(values), p50: quantile(values, 0.5), p95: quantile(values, 0.95), max };
}

/**
 * Jain's fairness index (Σx)² / (n·Σx²): 1 when every share is equal, 1/n when
 * one party gets everything. 1 for an empty list.
 *
 * @example
 * jainIndex([1, 1, 1]); //=> 1
 */
export function jainIndex(shares: readonly number[]): number {
  if (shares.length === 0) return 1;
  let sum = 0;
  let squares = 0;
  for (const x of shares) {
    if (!(x >= 0)) throw new RangeError(`Expected shares >= 0 but found ${x}`);
    sum += x;
    squares += x * x;
  }
  return squares === 0 ? 1 : (sum * sum) / (shares.length * squares);
}

/** Each job's CPU share while it was in the system: cpuTime / turnaround. */
export function cpuShares(jobs: readonly JobMetrics[]): number[] {
  return jobs.map((j) => (j.turnaround > 0 ? j.cpuTime / j.turnaround : 1));
}
