import { BucketCounts, createSketch } from "./sketch";
import { sketchKey } from "./sketch-key";
import { firstWindowIndex, type WindowSpec } from "./window";

/**
 * Per-(sensor, window) partial results of one batch, as flat typed arrays so
 * they can be transferred between threads. Entry i describes sensor
 * `sensor[i]` in the window starting at `windowStart[i]`; its statistics are
 * `stats[5i … 5i+4]` = count, min, max, mean, M2 (sum of squared deviations),
 * and its quantile sketch is the i-th encoded sketch in `sketches`.
 */
export interface PartialAggregates {
  readonly keys: number;
  readonly sensor: Int32Array;
  readonly windowStart: Float64Array;
  readonly stats: Float64Array;
  readonly sketches: Float64Array;
}

/** Fields per key in {@link PartialAggregates.stats}. */
export const STATS_FIELDS = 5;

const DENSE_LIMIT = 1 << 20;
/** Largest dense bucket table (cells) per batch; beyond it buckets are collected and sorted. */
const DENSE_BUCKET_LIMIT = 1 << 21;
const mapping = createSketch().mapping;
const minPossible = mapping.minPossible;
// Scratch space reused across batches (the kernel runs to completion, one
// batch at a time per thread): allocating and zeroing a bucket table per
// batch cost as much as the aggregation itself. `scratchHist` is all zeros
// between calls.
let scratchHist = new Int32Array(0);
let scratchBucket = new Int32Array(0);
let scratchSign = new Int8Array(0);
let scratchEncoded = new Float64Array(0);

/**
 * The aggregation kernel: folds a batch of readings (columns, first `n`
 * entries) into per-(sensor, window) count/min/max/mean/M2 — for tumbling
 * windows from sums of deviations from each key's first value (no division
 * per reading), otherwise with Welford's update — plus quantile-sketch
 * buckets. A reading joins every window
 * containing it (one for tumbling windows, size/slide for sliding ones).
 * Keys are found through a dense (sensor × window) index table when the
 * batch spans few windows, otherwise a Map. Sketch buckets use DDSketch's
 * own key mapping (computed by {@link sketchKey}, without a `Math.log2` per
 * reading) but are counted in typed arrays: the same buckets as
 * `DDSketch.accept`, several times faster. With `quantiles` false only the
 * moments are kept (the sketches come back empty).
 */
export function aggregateBatch(
  sensor: Int32Array,
  time: Float64Array,
  value: Float64Array,
  n: number,
  spec: WindowSpec,
  quantiles = true,
): PartialAggregates {
  let minK = Infinity;
  let maxK = -Infinity;
  let maxSensor = 0;
  let minKey = Infinity;
  let maxKey = -Infinity;
  // Bucket of each reading: key, and sign 1 (positive), -1 (negative), 0 (zero bucket).
  if (scratchBucket.length < n) {
    scratchBucket = new Int32Array(n);
    scratchSign = new Int8Array(n);
  }
  const bucket = scratchBucket;
  const sign = scratchSign;
  // Window indices are monotone in time: the batch's earliest and latest
  // readings give the span, with no division per reading.
  let minT = Infinity;
  let maxT = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t < minT) minT = t;
    if (t > maxT) maxT = t;
    if (sensor[i]! > maxSensor) maxSensor = sensor[i]!;
    const v = value[i]!;
    if (quantiles && (v > minPossible || v < -minPossible)) {
      const key = sketchKey(v > 0 ? v : -v);
      bucket[i] = key;
      sign[i] = v > 0 ? 1 : -1;
      if (key < minKey) minKey = key;
      if (key > maxKey) maxKey = key;
    } else sign[i] = 0;
  }
  if (n > 0) {
    minK = firstWindowIndex(minT, spec);
    maxK = Math.floor(maxT / spec.slide);
  }
  const span = n === 0 ? 0 : maxK - minK + 1;
  const denseSize = span * (maxSensor + 1);
  const dense = denseSize > 0 && denseSize <= DENSE_LIMIT ? new Int32Array(denseSize).fill(-1) : undefined;
  const sparse = dense ? undefined : new Map<number, number>();
  const bucketSpan = maxKey >= minKey ? maxKey - minKey + 1 : 1;
  const width = 2 * bucketSpan + 1; // positive buckets, negative buckets, zero count

  // Sized up front (at most one key per reading and window) so the hot loop
  // only touches local typed arrays.
  const perReading = Math.ceil(spec.size / spec.slide);
  const cap = Math.max(1, dense ? Math.min(denseSize, n * perReading) : n * perReading);
  let keys = 0;
  const keySensor = new Int32Array(cap);
  const keyWindow = new Float64Array(cap);
  const count = new Float64Array(cap);
  const min = new Float64Array(cap);
  const max = new Float64Array(cap);
  const mean = new Float64Array(cap);
  const m2 = new Float64Array(cap);
  // Dense bucket rows when they fit in a few MiB; otherwise (many sensors or
  // widely spread values) each reading's (slot, bucket) code is collected
  // and sorted, which costs more per reading but no memory per empty bucket.
  const typedBuckets = !quantiles || cap * width <= DENSE_BUCKET_LIMIT;
  const codes = new Float64Array(typedBuckets ? 0 : n * perReading);
  let m = 0;
  const width_ = quantiles ? width : 0;
  let hist: Int32Array;
  if (quantiles && typedBuckets) {
    if (scratchHist.length < cap * width) scratchHist = new Int32Array(cap * width);
    hist = scratchHist;
  } else hist = new Int32Array(width); // moments only: a junk row the loops may write into
  // Occupied stretch of each slot's bucket row, so encoding skips empty buckets.
  const rowLo = new Int32Array(typedBuckets ? cap : 0).fill(width);
  const rowHi = new Int32Array(typedBuckets ? cap : 0).fill(-1);

  if (dense && typedBuckets && perReading === 1) {
    // Tumbling windows, dense keys: the hot path, one state update per reading.
    // A slot's state is one 64-byte row: count, shift (its first value), sum
    // and sum of squares of deviations from the shift (no division per
    // reading; mean and M2 follow below), min, max, and its occupied bucket
    // stretch.
    const S = 8;
    const st = new Float64Array(cap * S);
    const slide = spec.slide;
    const zeroColumn = 2 * bucketSpan;
    for (let i = 0; i < n; i++) {
      const s = sensor[i]!;
      const v = value[i]!;
      const cell = s * span + (Math.floor(time[i]! / slide) - minK);
      let slot = dense[cell]!;
      if (slot < 0) {
        slot = keys++;
        dense[cell] = slot;
        keySensor[slot] = s;
        keyWindow[slot] = (cell - s * span + minK) * slide;
        const o = slot * S;
        st[o + 1] = v;
        st[o + 4] = v;
        st[o + 5] = v;
        st[o + 6] = width;
        st[o + 7] = -1;
      }
      const o = slot * S;
      st[o]!++;
      const d = v - st[o + 1]!;
      st[o + 2]! += d;
      st[o + 3]! += d * d;
      if (v < st[o + 4]!) st[o + 4] = v;
      else if (v > st[o + 5]!) st[o + 5] = v;
      const sg = sign[i]!;
      const b = sg === 1 ? bucket[i]! - minKey : sg === -1 ? bucketSpan + bucket[i]! - minKey : zeroColumn;
      hist[slot * width_ + b]!++;
      if (b < st[o + 6]!) st[o + 6] = b;
      if (b > st[o + 7]!) st[o + 7] = b;
    }
    for (let k = 0; k < keys; k++) {
      const o = k * S;
      const c = st[o]!;
      const sum = st[o + 2]!;
      count[k] = c;
      mean[k] = st[o + 1]! + sum / c;
      const m = st[o + 3]! - (sum * sum) / c;
      m2[k] = m > 0 ? m : 0;
      min[k] = st[o + 4]!;
      max[k] = st[o + 5]!;
      rowLo[k] = st[o + 6]!;
      rowHi[k] = st[o + 7]!;
    }
  } else {
  for (let i = 0; i < n; i++) {
    const s = sensor[i]!;
    const t = time[i]!;
    const v = value[i]!;
    const hi = Math.floor(t / spec.slide);
    const sg = sign[i]!;
    const b = sg === 1 ? bucket[i]! - minKey : sg === -1 ? bucketSpan + bucket[i]! - minKey : 2 * bucketSpan;
    for (let k = firstWindowIndex(t, spec); k <= hi; k++) {
      const cell = s * span + (k - minK);
      let slot = dense ? dense[cell]! : sparse!.get(cell) ?? -1;
      if (slot < 0) {
        slot = keys++;
        if (dense) dense[cell] = slot;
        else sparse!.set(cell, slot);
        keySensor[slot] = s;
        keyWindow[slot] = k * spec.slide;
        min[slot] = v;
        max[slot] = v;
      }
      const c = ++count[slot]!;
      const delta = v - mean[slot]!;
      mean[slot]! += delta / c;
      m2[slot]! += delta * (v - mean[slot]!);
      if (v < min[slot]!) min[slot] = v;
      if (v > max[slot]!) max[slot] = v;
      if (typedBuckets) {
        hist[slot * width_ + b]!++;
        if (b < rowLo[slot]!) rowLo[slot] = b;
        if (b > rowHi[slot]!) rowHi[slot] = b;
      } else codes[m++] = slot * width + b;
    }
  }
  }

  const stats = new Float64Array(keys * STATS_FIELDS);
  // Encoded sketches: 3 numbers per key plus a (key, count) pair per occupied bucket.
  const encodedCap = 3 * keys + 2 * (typedBuckets ? Math.min(n * perReading, keys * width) : m);
  if (scratchEncoded.length < encodedCap) scratchEncoded = new Float64Array(encodedCap);
  const encoded = scratchEncoded;
  let e = 0;
  const sorted = codes.subarray(0, m).sort();
  let c0 = 0;
  for (let k = 0; k < keys; k++) {
    const o = k * STATS_FIELDS;
    stats[o] = count[k]!;
    stats[o + 1] = min[k]!;
    stats[o + 2] = max[k]!;
    stats[o + 3] = mean[k]!;
    stats[o + 4] = m2[k]!;
    if (!typedBuckets) {
      // This slot's codes are the next run of `sorted`, buckets ascending:
      // positive keys, then negative keys, then the zero bucket.
      let c1 = c0;
      while (c1 < m && sorted[c1]! < (k + 1) * width) c1++;
      const zeroAt = e;
      encoded[e++] = 0;
      for (const half of [0, bucketSpan]) {
        const lenAt = e;
        encoded[e++] = 0;
        let pairs = 0;
        while (c0 < c1) {
          const b = sorted[c0]! - k * width;
          if (b >= half + bucketSpan || (half === bucketSpan && b === 2 * bucketSpan)) break;
          let run = 1;
          while (c0 + run < c1 && sorted[c0 + run] === sorted[c0]) run++;
          encoded[e++] = minKey + b - half;
          encoded[e++] = run;
          pairs++;
          c0 += run;
        }
        encoded[lenAt] = pairs;
      }
      encoded[zeroAt] = c1 - c0;
      c0 = c1;
      continue;
    }
    if (!quantiles) {
      encoded[e++] = 0;
      encoded[e++] = 0;
      encoded[e++] = 0;
      continue;
    }
    const base = k * width;
    encoded[e++] = hist[base + 2 * bucketSpan]!;
    for (const half of [0, bucketSpan]) {
      const lenAt = e;
      encoded[e++] = 0;
      let pairs = 0;
      const from = base + half;
      const lo = Math.max(0, rowLo[k]! - half);
      const hi = Math.min(bucketSpan - 1, rowHi[k]! - half);
      for (let j = lo; j <= hi; j++) {
        const c = hist[from + j]!;
        if (c > 0) {
          encoded[e++] = minKey + j;
          encoded[e++] = c;
          pairs++;
        }
      }
      encoded[lenAt] = pairs;
    }
    if (rowHi[k]! >= rowLo[k]!) hist.fill(0, base + rowLo[k]!, base + rowHi[k]! + 1);
  }
  return {
    keys,
    sensor: keySensor.slice(0, keys),
    windowStart: keyWindow.slice(0, keys),
    stats,
    sketches: encoded.slice(0, e),
  };
}

/** Running state of one (sensor, window) on the coordinator. */
export interface WindowState {
  readonly sensor: number;
  readonly windowStart: number;
  count: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
  /** Quantile-sketch buckets, turned into a DDSketch when the window closes. */
  readonly buckets: BucketCounts;
}

/** An empty state for `sensor` in the window starting at `windowStart`. */
export function emptyWindowState(sensor: number, windowStart: number): WindowState {
  return { sensor, windowStart, count: 0, min: Infinity, max: -Infinity, mean: 0, m2: 0, buckets: new BucketCounts() };
}

/**
 * Merges partial statistics (count, min, max, mean, M2) into `into` with
 * Chan et al.'s pairwise update, exact for count/min/max and stable for
 * mean and variance whatever the grouping.
 */
export function mergeMoments(into: WindowState, count: number, min: number, max: number, mean: number, m2: number): void {
  if (count === 0) return;
  if (into.count === 0) {
    into.count = count;
    into.min = min;
    into.max = max;
    into.mean = mean;
    into.m2 = m2;
    return;
  }
  const n = into.count + count;
  const delta = mean - into.mean;
  into.mean += (delta * count) / n;
  into.m2 += m2 + (delta * delta * into.count * count) / n;
  into.count = n;
  if (min < into.min) into.min = min;
  if (max > into.max) into.max = max;
}

/**
 * Folds a batch's partial aggregates into the coordinator's table, creating
 * states on first sight through `stateFor`.
 */
export function mergePartial(partial: PartialAggregates, stateFor: (sensor: number, windowStart: number) => WindowState): void {
  let off = 0;
  for (let k = 0; k < partial.keys; k++) {
    const st = stateFor(partial.sensor[k]!, partial.windowStart[k]!);
    const o = k * STATS_FIELDS;
    const s = partial.stats;
    mergeMoments(st, s[o]!, s[o + 1]!, s[o + 2]!, s[o + 3]!, s[o + 4]!);
    off = st.buckets.addEncoded(partial.sketches, off);
  }
}
