/**
 * Event-time windows aligned to multiples of `slide` from epoch 0: window k
 * covers [k·slide, k·slide + size), start inclusive, end exclusive. Tumbling
 * windows are the case slide = size.
 */
export interface WindowSpec {
  readonly size: number;
  readonly slide: number;
}

/**
 * Validates and builds a window spec (ms). `slide` defaults to `size`.
 *
 * @example
 * windowSpec(1000, 500); //=> { size: 1000, slide: 500 }
 */
export function windowSpec(size: number, slide: number = size): WindowSpec {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`Expected window size to be a positive integer of ms but found ${size}`);
  if (!Number.isInteger(slide) || slide <= 0 || slide > size) {
    throw new RangeError(`Expected slide to be a positive integer of ms no larger than the window (${size}) but found ${slide}`);
  }
  return { size, slide };
}

/** Most windows one reading joins: size / slide, rounded up (1 for tumbling windows). */
export function windowsPerReading(spec: WindowSpec): number {
  return Math.ceil(spec.size / spec.slide);
}

/** Start times of every window containing event time `t`, earliest first. */
export function windowStartsOf(t: number, spec: WindowSpec): number[] {
  const starts: number[] = [];
  for (let k = firstWindowIndex(t, spec); k <= Math.floor(t / spec.slide); k++) starts.push(k * spec.slide);
  return starts;
}

/** Index k of the earliest window containing `t` (its start is k·slide). */
export function firstWindowIndex(t: number, spec: WindowSpec): number {
  return Math.floor((t - spec.size) / spec.slide) + 1;
}

/** End (exclusive) of the earliest window containing `t`: the first to close. */
export function firstWindowEnd(t: number, spec: WindowSpec): number {
  return firstWindowIndex(t, spec) * spec.slide + spec.size;
}
