import type { JobMetrics, Summary } from "./types";

/** Type-7 quantile (linear interpolation, as in src/shared/stats) of an ascending array. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Mean, p50, p95 and max of a list of values (all NaN when empty). Sorts one
 * typed copy, so it stays fast for a million jobs.
 *
 * @example
 * summarize([1, 2, 3]).max; //=> 3
 */
export function summarize(values: ArrayLike<number>): Summary {
  if (values.length === 0) return { mean: NaN, p50: NaN, p95: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += values[i]!;
  return { mean: sum / sorted.length, p50: sortedQuantile(sorted, 0.5), p95: sortedQuantile(sorted, 0.95), max: sorted[sorted.length - 1]! };
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
