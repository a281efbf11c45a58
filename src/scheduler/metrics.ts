import type { JobMetrics, Summary } from "./types";

/**
 * Rearranges `a[from..to]` so that `a[k]` holds the value it would have if
 * sorted, smaller values before it and larger after (Hoare's quickselect with a
 * median-of-three pivot): O(n) on average, against O(n log n) for a sort.
 */
function select(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot, placed at `mid`.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Type-7 quantile (linear interpolation, as in src/shared/stats) of `a`, reordering `a` in place. */
function quantileInPlace(a: Float64Array, q: number): number {
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  select(a, lo, 0, a.length - 1);
  const below = a[lo]!;
  if (pos === lo) return below;
  // The next order statistic is the smallest value to the right of `lo`.
  let above = Infinity;
  for (let i = lo + 1; i < a.length; i++) if (a[i]! < above) above = a[i]!;
  return below + (above - below) * (pos - lo);
}

/**
 * Mean, p50, p95 and max of a list of values (all NaN when empty). Uses
 * quickselect on one typed copy, so it stays fast for a million jobs.
 *
 * @example
 * summarize([1, 2, 3]).max; //=> 3
 */
export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p95: NaN, max: NaN };
  const copy = Float64Array.from(values);
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
    if (values[i]! > max) max = values[i]!;
  }
  return { mean: sum / n, p50: quantileInPlace(copy, 0.5), p95: quantileInPlace(copy, 0.95), max };
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
