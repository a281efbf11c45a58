import { BucketCounts } from "./sketch";
import { addToBuckets, STATS_FIELDS, WindowTable, type PartialAggregates } from "./window-table";
import type { WindowSpec } from "./window";

export { STATS_FIELDS, type PartialAggregates } from "./window-table";

/**
 * Aggregates one batch of readings (columns, first `n` entries) on its own:
 * a fresh {@link WindowTable}, flushed at once. Handy for tests and
 * one-off folds; a worker instead keeps one table across batches.
 */
export function aggregateBatch(
  sensor: Int32Array,
  time: Float64Array,
  value: Float64Array,
  n: number,
  spec: WindowSpec,
  quantiles = true,
): PartialAggregates {
  const table = new WindowTable(spec, { quantiles });
  table.add(sensor, time, value, n);
  return table.flush();
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

/** Window states by window start, then sensor id. */
export type WindowStateTable = Map<number, Map<number, WindowState>>;

/** Finds the state for (sensor, windowStart) in `table`, creating it on first sight: the `stateFor` of {@link mergePartial}. */
export function stateLookup(table: WindowStateTable): (sensor: number, windowStart: number) => WindowState {
  return (sensor, windowStart) => {
    let bySensor = table.get(windowStart);
    if (!bySensor) table.set(windowStart, (bySensor = new Map()));
    let st = bySensor.get(sensor);
    if (!st) bySensor.set(sensor, (st = emptyWindowState(sensor, windowStart)));
    return st;
  };
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

/** Adds one value to a state: what the coordinator does for the rare reading it folds itself. */
export function foldValue(into: WindowState, v: number): void {
  mergeMoments(into, 1, v, v, v, 0);
  addToBuckets(into.buckets, v);
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
