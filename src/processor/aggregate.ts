import type { DDSketch } from "@datadog/sketches-js";
import { addEncodedSketch, createSketch, encodeSketch } from "./sketch";
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

/**
 * The aggregation kernel: folds a batch of readings (columns, first `n`
 * entries) into per-(sensor, window) count/min/max/mean/M2 with Welford's
 * update, plus a quantile sketch. A reading joins every window containing
 * it (one for tumbling windows, size/slide for sliding ones). Keys are
 * found through a dense (sensor × window) index table when the batch spans
 * few windows, otherwise a Map.
 */
export function aggregateBatch(
  sensor: Int32Array,
  time: Float64Array,
  value: Float64Array,
  n: number,
  spec: WindowSpec,
): PartialAggregates {
  let minK = Infinity;
  let maxK = -Infinity;
  let maxSensor = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    const lo = firstWindowIndex(t, spec);
    const hi = Math.floor(t / spec.slide);
    if (lo < minK) minK = lo;
    if (hi > maxK) maxK = hi;
    if (sensor[i]! > maxSensor) maxSensor = sensor[i]!;
  }
  const span = n === 0 ? 0 : maxK - minK + 1;
  const denseSize = span * (maxSensor + 1);
  const dense = denseSize > 0 && denseSize <= DENSE_LIMIT ? new Int32Array(denseSize).fill(-1) : undefined;
  const sparse = dense ? undefined : new Map<number, number>();

  let cap = 64;
  let keys = 0;
  let keySensor: Int32Array = new Int32Array(cap);
  let keyWindow: Float64Array = new Float64Array(cap);
  let count: Float64Array = new Float64Array(cap);
  let min: Float64Array = new Float64Array(cap);
  let max: Float64Array = new Float64Array(cap);
  let mean: Float64Array = new Float64Array(cap);
  let m2: Float64Array = new Float64Array(cap);
  const sketches: DDSketch[] = [];

  const grow = (): void => {
    cap *= 2;
    const i32 = (a: Int32Array): Int32Array => { const b = new Int32Array(cap); b.set(a); return b; };
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(cap); b.set(a); return b; };
    keySensor = i32(keySensor);
    keyWindow = f64(keyWindow);
    count = f64(count);
    min = f64(min);
    max = f64(max);
    mean = f64(mean);
    m2 = f64(m2);
  };

  for (let i = 0; i < n; i++) {
    const s = sensor[i]!;
    const t = time[i]!;
    const v = value[i]!;
    const hi = Math.floor(t / spec.slide);
    for (let k = firstWindowIndex(t, spec); k <= hi; k++) {
      const cell = s * span + (k - minK);
      let slot = dense ? dense[cell]! : sparse!.get(cell) ?? -1;
      if (slot < 0) {
        if (keys === cap) grow();
        slot = keys++;
        if (dense) dense[cell] = slot;
        else sparse!.set(cell, slot);
        keySensor[slot] = s;
        keyWindow[slot] = k * spec.slide;
        min[slot] = v;
        max[slot] = v;
        sketches.push(createSketch());
      }
      const c = ++count[slot]!;
      const delta = v - mean[slot]!;
      mean[slot]! += delta / c;
      m2[slot]! += delta * (v - mean[slot]!);
      if (v < min[slot]!) min[slot] = v;
      if (v > max[slot]!) max[slot] = v;
      sketches[slot]!.accept(v);
    }
  }

  const stats = new Float64Array(keys * STATS_FIELDS);
  const encoded: number[] = [];
  for (let k = 0; k < keys; k++) {
    const o = k * STATS_FIELDS;
    stats[o] = count[k]!;
    stats[o + 1] = min[k]!;
    stats[o + 2] = max[k]!;
    stats[o + 3] = mean[k]!;
    stats[o + 4] = m2[k]!;
    for (const x of encodeSketch(sketches[k]!)) encoded.push(x);
  }
  return {
    keys,
    sensor: keySensor.slice(0, keys),
    windowStart: keyWindow.slice(0, keys),
    stats,
    sketches: Float64Array.from(encoded),
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
  readonly sketch: DDSketch;
}

/** An empty state for `sensor` in the window starting at `windowStart`. */
export function emptyWindowState(sensor: number, windowStart: number): WindowState {
  return { sensor, windowStart, count: 0, min: Infinity, max: -Infinity, mean: 0, m2: 0, sketch: createSketch() };
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
    off = addEncodedSketch(st.sketch, partial.sketches, off);
  }
}
