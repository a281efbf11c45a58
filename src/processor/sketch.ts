import { DDSketch } from "@datadog/sketches-js";

/**
 * Quantiles come from DDSketch (`@datadog/sketches-js`): a mergeable sketch
 * whose answer for quantile q is within a relative error α of the true
 * value at rank q·(n−1): |estimate − x_q| ≤ α·|x_q|. With α = 1 %, a true
 * p95 of 40.0 °C is reported between 39.6 and 40.4. Bucket counts are
 * integers, so merging partial sketches in any order gives the same answer.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/** A fresh, empty sketch with the project's accuracy. */
export function createSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

/**
 * Serialises a sketch's buckets for a trip between threads:
 * `[zeroCount, nPositive, key, count, …, nNegative, key, count, …]`.
 */
export function encodeSketch(sketch: DDSketch): number[] {
  const out: number[] = [sketch.zeroCount];
  for (const store of [sketch.store, sketch.negativeStore]) {
    const lenAt = out.length;
    out.push(0);
    let pairs = 0;
    if (store.count > 0) {
      for (let key = store.minKey; key <= store.maxKey; key++) {
        const c = store.bins[key - store.offset] ?? 0;
        if (c > 0) {
          out.push(key, c);
          pairs++;
        }
      }
    }
    out[lenAt] = pairs;
  }
  return out;
}

/**
 * Adds encoded buckets (from {@link encodeSketch}, starting at `offset`)
 * into `target` and returns the offset just past them. Merging bucket by
 * bucket also sidesteps `DDSketch.merge` in 2.1.1, which drops the negative
 * store of the merged sketch.
 */
export function addEncodedSketch(target: DDSketch, data: ArrayLike<number>, offset = 0): number {
  let i = offset;
  const zeros = data[i++]!;
  if (zeros > 0) {
    target.zeroCount += zeros;
    target.count += zeros;
  }
  for (const store of [target.store, target.negativeStore]) {
    const pairs = data[i++]!;
    for (let p = 0; p < pairs; p++) {
      const key = data[i++]!;
      const c = data[i++]!;
      store.add(key, c);
      target.count += c;
    }
  }
  return i;
}

/** Length of one encoded sketch starting at `offset`. */
export function encodedSketchLength(data: ArrayLike<number>, offset: number): number {
  const pos = data[offset + 1]!;
  const neg = data[offset + 2 + 2 * pos]!;
  return 3 + 2 * pos + 2 * neg;
}

/** Quantile q of a sketch; NaN when empty. */
export function sketchQuantile(sketch: DDSketch, q: number): number {
  return sketch.getValueAtQuantile(q);
}
