/** Small descriptive statistics shared by the subjects (pure, no allocation beyond a sort). */

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Quantile q in [0, 1] with linear interpolation between order statistics
 * (the common "type 7" definition); NaN for an empty list.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5); //=> 2.5
 */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Expected q in [0, 1] but found ${q}`);
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median: quantile 0.5. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
