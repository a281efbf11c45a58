import { emptyWindowState, mergeMoments, type WindowState } from "./aggregate";

/**
 * The result for one closed (sensor, window): one line of `--out`.
 * `windowStart` inclusive, `windowEnd` exclusive (ms). `stddev` is the
 * population standard deviation; p50/p95 come from the sketch (±1 %),
 * clamped to [min, max].
 */
export interface WindowStats {
  readonly sensor: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;
  readonly p50: number;
  readonly p95: number;
}

/** The same statistics across every sensor of one window. */
export interface WindowRollup extends Omit<WindowStats, "sensor"> {
  readonly sensors: number;
}

/** Finishes a window state into its output record. */
export function windowStats(sensor: string, state: WindowState, windowSize: number): WindowStats {
  return {
    sensor,
    windowStart: state.windowStart,
    windowEnd: state.windowStart + windowSize,
    count: state.count,
    min: state.min,
    max: state.max,
    mean: state.mean,
    stddev: Math.sqrt(state.m2 / state.count),
    p50: _within(state.buckets.quantile(0.5), state.min, state.max),
    p95: _within(state.buckets.quantile(0.95), state.min, state.max),
  };
}

/**
 * A sketch answers with a bucket's representative value, up to 1 % away from
 * the truth, which can land just outside the values actually seen (p50 0.99
 * for a window holding 1 and 3). Every true quantile lies within [min, max],
 * and those are exact, so clamping only ever moves the estimate closer.
 */
function _within(estimate: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, estimate));
}

/** Merges the states of every sensor of one window into a rollup. */
export function rollup(states: readonly WindowState[], windowStart: number, windowSize: number): WindowRollup {
  const all = emptyWindowState(-1, windowStart);
  for (const s of states) {
    mergeMoments(all, s.count, s.min, s.max, s.mean, s.m2);
    all.buckets.addAll(s.buckets);
  }
  const { sensor: _unused, ...rest } = windowStats("*", all, windowSize);
  return { ...rest, sensors: states.length };
}
