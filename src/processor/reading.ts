import { resized } from "../shared/typed";

/**
 * The one reading shape every source produces, in two forms: a plain object
 * for tests and small examples, and columns of typed arrays for the hot path.
 */

/** One sensor reading: who measured, when (event time, ms since epoch 0), what, and its place in its source. */
export interface Reading {
  readonly sensor: string;
  readonly timestamp: number;
  readonly value: number;
  /** Per-source sequence number, starting at 0. */
  readonly seq: number;
}

/** A record that could not become a reading, kept with the reason it was refused. */
export interface DeadLetter {
  /** Where it came from, e.g. `line 12` or `simulated`. */
  readonly origin: string;
  /** The raw record as received. */
  readonly record: string;
  readonly reason: string;
}

/**
 * A chunk of readings as columns. `sensor` holds ids from a
 * {@link SensorRegistry}; only the first `length` entries are meaningful.
 * `rejected` lists the records of the same stretch of input that failed
 * parsing or validation, so `length + rejected.length` records were ingested.
 */
export interface ReadingChunk {
  readonly length: number;
  readonly sensor: Int32Array;
  readonly time: Float64Array;
  readonly value: Float64Array;
  readonly seq: Float64Array;
  readonly rejected: readonly DeadLetter[];
}

/**
 * Interns sensor names as small integers, so the hot path indexes arrays
 * instead of hashing strings.
 */
export class SensorRegistry {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];

  /** The id of `name`, assigning the next free one on first sight. */
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(name, id);
      this.list.push(name);
    }
    return id;
  }

  /** The name behind an id. */
  name(id: number): string {
    const name = this.list[id];
    if (name === undefined) throw new RangeError(`Expected a known sensor id but found ${id}`);
    return name;
  }

  /** How many sensors have been seen. */
  get size(): number {
    return this.list.length;
  }
}

/** Largest value magnitude accepted: squares of differences must stay finite for the variance. */
export const MAX_MAGNITUDE = 1e150;

/**
 * Why a parsed record is not a valid reading, or undefined when it is one.
 * Event times are non-negative integers of milliseconds (at most 2^53 − 1);
 * values finite and within ±{@link MAX_MAGNITUDE}.
 *
 * @example
 * rejectReason("s1", 5, NaN); //=> "value is not a finite number: NaN"
 */
export function rejectReason(sensor: string, timestamp: number, value: number, timestampText?: string): string | undefined {
  if (sensor.length === 0) return "sensor id is empty";
  if (!Number.isFinite(timestamp)) return `timestamp_ms is not a finite number: ${timestamp}`;
  if (!Number.isInteger(timestamp)) return `timestamp_ms is not an integer: ${timestamp}`;
  if (timestamp < 0) return `timestamp_ms is negative: ${timestamp}`;
  // Beyond 2^53 − 1 a double skips integers: 9007199254740993 would be read as …992.
  if (timestamp > Number.MAX_SAFE_INTEGER) return `timestamp_ms is beyond ${Number.MAX_SAFE_INTEGER}, too large to hold exactly: ${timestampText ?? timestamp}`;
  if (!Number.isFinite(value)) return `value is not a finite number: ${value}`;
  // The variance sums squares of differences: beyond this they overflow.
  if (Math.abs(value) > MAX_MAGNITUDE) return `value is beyond ±${MAX_MAGNITUDE}, too large to aggregate: ${value}`;
  return undefined;
}

/** Builds {@link ReadingChunk}s row by row, growing its columns as needed. */
export class ChunkBuilder {
  private sensor: Int32Array;
  private time: Float64Array;
  private value: Float64Array;
  private seq: Float64Array;
  private rejected: DeadLetter[] = [];
  private n = 0;

  constructor(capacity = 4096) {
    this.sensor = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
  }

  /** Readings plus rejects added since the last {@link take}. */
  get size(): number {
    return this.n + this.rejected.length;
  }

  /** Appends a valid reading. */
  push(sensor: number, time: number, value: number, seq: number): void {
    if (this.n === this.sensor.length) this.grow();
    const i = this.n++;
    this.sensor[i] = sensor;
    this.time[i] = time;
    this.value[i] = value;
    this.seq[i] = seq;
  }

  /** Appends a refused record. */
  reject(letter: DeadLetter): void {
    this.rejected.push(letter);
  }

  /** Hands out what was built so far (exact-length copies) and starts afresh. */
  take(): ReadingChunk {
    const n = this.n;
    const chunk: ReadingChunk = {
      length: n,
      sensor: this.sensor.slice(0, n),
      time: this.time.slice(0, n),
      value: this.value.slice(0, n),
      seq: this.seq.slice(0, n),
      rejected: this.rejected,
    };
    this.n = 0;
    this.rejected = [];
    return chunk;
  }

  private grow(): void {
    const cap = this.sensor.length * 2;
    this.sensor = resized(this.sensor, cap);
    this.time = resized(this.time, cap);
    this.value = resized(this.value, cap);
    this.seq = resized(this.seq, cap);
  }
}

/** Turns plain readings into one chunk (tests, examples, small inputs). */
export function chunkOf(readings: readonly Reading[], registry: SensorRegistry, rejected: readonly DeadLetter[] = []): ReadingChunk {
  const b = new ChunkBuilder(Math.max(1, readings.length));
  for (const r of readings) b.push(registry.intern(r.sensor), r.timestamp, r.value, r.seq);
  for (const d of rejected) b.reject(d);
  return b.take();
}
