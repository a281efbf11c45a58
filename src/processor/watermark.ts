import { resized } from "../shared/typed";

/** Options of a {@link WatermarkTracker}, all in ms of event time. */
export interface WatermarkOptions {
  /** How far out of order readings of one sensor may arrive (bounded out-of-orderness). Default 0. */
  readonly outOfOrderness?: number;
  /**
   * A sensor whose newest reading is this far behind the newest reading of
   * any sensor counts as idle and no longer holds the watermark back.
   * Measured in event time so replays are deterministic. Default 2000.
   */
  readonly idleTimeout?: number;
}

/**
 * Tracks the event-time watermark: the promise that no more on-time
 * readings older than it will come. Each sensor contributes its newest
 * event time minus the out-of-orderness bound; the watermark is the minimum
 * over sensors that are not idle, and never goes backwards.
 */
export class WatermarkTracker {
  readonly outOfOrderness: number;
  readonly idleTimeout: number;
  private newest = new Float64Array(64).fill(-Infinity);
  private sensors = 0;
  private newestOverall = -Infinity;
  private mark = -Infinity;

  constructor(options: WatermarkOptions = {}) {
    const { outOfOrderness = 0, idleTimeout = 2000 } = options;
    if (!(outOfOrderness >= 0)) throw new RangeError(`Expected outOfOrderness >= 0 ms but found ${outOfOrderness}`);
    if (!(idleTimeout > 0)) throw new RangeError(`Expected idleTimeout > 0 ms but found ${idleTimeout}`);
    this.outOfOrderness = outOfOrderness;
    this.idleTimeout = idleTimeout;
  }

  /** Notes a reading of sensor id `sensor` at event time `t` (cheap; call per reading). */
  observe(sensor: number, t: number): void {
    if (sensor >= this.newest.length) {
      this.newest = resized(this.newest, Math.max(sensor + 1, this.newest.length * 2), this.newest.length, -Infinity);
    }
    if (sensor >= this.sensors) this.sensors = sensor + 1;
    if (t > this.newest[sensor]!) this.newest[sensor] = t;
    if (t > this.newestOverall) this.newestOverall = t;
  }

  /**
   * Notes readings `from` to `to` (exclusive) of the columns, like
   * {@link observe} on each in turn; returns the earliest event time among
   * them (Infinity when none), so a caller can skip a lateness scan.
   */
  observeAll(sensor: Int32Array, time: Float64Array, from: number, to: number): number {
    let newest = this.newest;
    let sensors = this.sensors;
    let overall = this.newestOverall;
    let earliest = Infinity;
    for (let i = from; i < to; i++) {
      const s = sensor[i]!;
      const t = time[i]!;
      if (s >= sensors) {
        if (s >= newest.length) {
          this.observe(s, t);
          newest = this.newest;
        }
        sensors = s + 1;
      }
      if (t > newest[s]!) newest[s] = t;
      if (t > overall) overall = t;
      if (t < earliest) earliest = t;
    }
    this.sensors = sensors;
    this.newestOverall = overall;
    return earliest;
  }

  /** Recomputes the watermark from what was observed and returns it. O(sensors). */
  advance(): number {
    const activeSince = this.newestOverall - this.idleTimeout;
    let min = Infinity;
    for (let s = 0; s < this.sensors; s++) {
      const t = this.newest[s]!;
      if (t >= activeSince && t < min) min = t;
    }
    if (min !== Infinity && min - this.outOfOrderness > this.mark) this.mark = min - this.outOfOrderness;
    return this.mark;
  }

  /** The watermark as of the last {@link advance}; -Infinity before any reading. */
  get current(): number {
    return this.mark;
  }

  /** Newest event time seen from any sensor. */
  get newestEventTime(): number {
    return this.newestOverall;
  }
}
