import { createRng } from "../../shared/random";
import { ChunkBuilder, type ReadingChunk, type SensorRegistry } from "../reading";
import { parseCsvRecord } from "./records";

/** Options of {@link simulateSensors}; rates are probabilities per reading. Defaults in brackets. */
export interface SimulationOptions {
  /** Number of sensors, named s000, s001, … */
  readonly sensors: number;
  /** [1] */
  readonly seed?: number;
  /** Event time covered, ms [10000]. */
  readonly durationMs?: number;
  /** Readings per second per sensor [100]. */
  readonly rate?: number;
  /** Event time of the first readings, ms [0]. */
  readonly startTime?: number;
  /** Timestamps wander ± this many ms around the nominal period, at most {@link MAX_DELAY_MS} [0]. */
  readonly jitterMs?: number;
  /** Each reading arrives up to this many ms after its event time (bounded out-of-orderness), at most {@link MAX_DELAY_MS} [0]. */
  readonly maxDelayMs?: number;
  /** Chance a reading starts a drop-out (the sensor falls silent) [0]. */
  readonly dropoutRate?: number;
  /** Length of a drop-out, ms [2000]. */
  readonly dropoutMs?: number;
  /** Chance a reading starts a stuck spell repeating the last value [0]. */
  readonly stuckRate?: number;
  /** Readings in a stuck spell [50]. */
  readonly stuckReadings?: number;
  /** Chance a reading comes with a burst of extra readings [0]. */
  readonly burstRate?: number;
  /** Extra readings in a burst [20]. */
  readonly burstSize?: number;
  /** Chance a record is malformed (dead-lettered by the parser) [0]. */
  readonly malformedRate?: number;
  /** Records per chunk [65536]. */
  readonly chunkSize?: number;
}

const SLICE_MS = 1000;
const MALFORMED = [
  (s: string, t: number) => `${s},${t}`,
  (s: string, t: number) => `${s},${t},warm`,
  (s: string) => `${s},-5,20.1`,
  (_s: string, t: number) => `,${t},20.1`,
  (s: string, t: number) => `${s},${t},NaN`,
  (s: string, t: number) => `${s},${t}.5,20.1`,
];

/** Longest simulated arrival delay or clock jitter (ms): a minute. */
export const MAX_DELAY_MS = 60_000;

function check(name: string, value: number, min: number, integer = false): void {
  if (!(value >= min) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`Expected ${name} to be ${integer ? "an integer" : "a number"} >= ${min} but found ${value}`);
  }
}

/**
 * Seeded sensor simulation producing chunks in arrival order. Each sensor
 * emits at `rate` Hz with jitter, drop-outs, stuck values and bursts; each
 * reading is delayed by up to `maxDelayMs`, so arrival order differs from
 * event order by a bounded amount; a fraction of records are malformed text
 * that the CSV parser refuses. Same options and seed, same stream.
 *
 * @example
 * const registry = new SensorRegistry();
 * [...simulateSensors({ sensors: 2, durationMs: 1000, rate: 10 }, registry)][0].length; //=> 20
 */
export function* simulateSensors(options: SimulationOptions, registry: SensorRegistry): Generator<ReadingChunk> {
  const o = {
    seed: 1, durationMs: 10_000, rate: 100, startTime: 0, jitterMs: 0, maxDelayMs: 0, dropoutRate: 0, dropoutMs: 2000,
    stuckRate: 0, stuckReadings: 50, burstRate: 0, burstSize: 20, malformedRate: 0, chunkSize: 65536, ...options,
  };
  check("sensors", o.sensors, 1, true);
  check("durationMs", o.durationMs, 0, true);
  check("rate", o.rate, Number.MIN_VALUE);
  check("startTime", o.startTime, 0, true);
  for (const k of ["jitterMs", "maxDelayMs", "dropoutMs", "stuckReadings", "burstSize"] as const) check(k, o[k], 0, true);
  // Readings wait here until they arrive, and every slice of event time
  // passes over all of them: the cost grows with the delay.
  for (const k of ["jitterMs", "maxDelayMs"] as const) {
    if (o[k] > MAX_DELAY_MS) throw new RangeError(`Expected ${k} to be at most ${MAX_DELAY_MS} but found ${o[k]}`);
  }
  for (const k of ["dropoutRate", "stuckRate", "burstRate", "malformedRate"] as const) {
    if (!(o[k] >= 0 && o[k] <= 1)) throw new RangeError(`Expected ${k} to be a probability in [0, 1] but found ${o[k]}`);
  }
  check("chunkSize", o.chunkSize, 1, true);

  const rng = createRng(o.seed);
  const period = 1000 / o.rate;
  const n = o.sensors;
  const ids = Array.from({ length: n }, (_, i) => registry.intern(`s${String(i).padStart(3, "0")}`));
  const names = ids.map((id) => registry.name(id));
  const nominal = new Float64Array(n).fill(o.startTime);
  for (let i = 0; i < n; i++) nominal[i] = o.startTime + rng.uniform(0, period);
  const seq = new Float64Array(n);
  const idleUntil = new Float64Array(n).fill(-Infinity);
  const stuckLeft = new Int32Array(n);
  const last = new Float64Array(n);
  const base = Float64Array.from({ length: n }, (_, i) => 10 + (i % 7) * 3 - 8);
  const end = o.startTime + o.durationMs;

  // Records waiting for their arrival time: parallel arrays (kind: 0 reading, 1 malformed).
  let sensor: number[] = [];
  let time: number[] = [];
  let value: number[] = [];
  let sq: number[] = [];
  let arrival: number[] = [];
  let bad: (string | undefined)[] = [];
  const builder = new ChunkBuilder(Math.min(o.chunkSize, 65536));

  const add = (s: number, t: number, v: number, text?: string): void => {
    sensor.push(s);
    time.push(t);
    value.push(v);
    sq.push(text === undefined ? seq[s]!++ : -1);
    arrival.push(t + (o.maxDelayMs > 0 ? Math.floor(rng.next() * (o.maxDelayMs + 1)) : 0));
    bad.push(text);
  };

  for (let sliceStart = o.startTime; sliceStart < end + o.maxDelayMs + o.jitterMs + SLICE_MS || arrival.length > 0; sliceStart += SLICE_MS) {
    const sliceEnd = sliceStart + SLICE_MS;
    for (let s = 0; s < n; s++) {
      while (nominal[s]! < sliceEnd && nominal[s]! < end) {
        const jitter = o.jitterMs > 0 ? Math.round(rng.uniform(-o.jitterMs, o.jitterMs)) : 0;
        const t = Math.max(o.startTime, Math.floor(nominal[s]!) + jitter);
        nominal[s]! += period;
        if (t < idleUntil[s]!) continue;
        if (o.dropoutRate > 0 && rng.next() < o.dropoutRate) {
          idleUntil[s] = t + o.dropoutMs;
          continue;
        }
        if (o.malformedRate > 0 && rng.next() < o.malformedRate) {
          add(s, t, NaN, rng.pick(MALFORMED)(names[s]!, t));
          continue;
        }
        let v: number;
        if (stuckLeft[s]! > 0) {
          stuckLeft[s]!--;
          v = last[s]!;
        } else {
          v = Math.round((base[s]! + 5 * Math.sin((2 * Math.PI * t) / 60_000 + s) + rng.normal(0, 1)) * 1000) / 1000;
          if (o.stuckRate > 0 && rng.next() < o.stuckRate) stuckLeft[s] = o.stuckReadings;
        }
        last[s] = v;
        add(s, t, v);
        if (o.burstRate > 0 && rng.next() < o.burstRate) {
          for (let b = 1; b <= o.burstSize; b++) add(s, t + Math.floor((b * period) / (o.burstSize + 1)), v + rng.normal(0, 0.5));
        }
      }
    }
    // Emit everything arriving before the slice ends, in arrival order
    // (a stable counting sort on ms), and carry the rest forward.
    const carry = { sensor: [] as number[], time: [] as number[], value: [] as number[], sq: [] as number[], arrival: [] as number[], bad: [] as (string | undefined)[] };
    const counts = new Int32Array(SLICE_MS + 1);
    const slot = new Int32Array(arrival.length);
    for (let i = 0; i < arrival.length; i++) {
      const a = arrival[i]!;
      if (a >= sliceEnd) {
        slot[i] = -1;
        carry.sensor.push(sensor[i]!);
        carry.time.push(time[i]!);
        carry.value.push(value[i]!);
        carry.sq.push(sq[i]!);
        carry.arrival.push(a);
        carry.bad.push(bad[i]);
      } else {
        const k = Math.max(0, a - sliceStart);
        slot[i] = k;
        counts[k + 1]!++;
      }
    }
    for (let k = 1; k <= SLICE_MS; k++) counts[k]! += counts[k - 1]!;
    const order = new Int32Array(counts[SLICE_MS]!);
    for (let i = 0; i < arrival.length; i++) if (slot[i]! >= 0) order[counts[slot[i]!]!++] = i;
    for (let j = 0; j < order.length; j++) {
      const i = order[j]!;
      const text = bad[i];
      if (text !== undefined) {
        const rec = parseCsvRecord(text);
        builder.reject({ origin: "simulated", record: text, reason: rec.ok === false ? rec.reason : "malformed" });
      } else builder.push(ids[sensor[i]!]!, time[i]!, value[i]!, sq[i]!);
      if (builder.size >= o.chunkSize) yield builder.take();
    }
    sensor = carry.sensor;
    time = carry.time;
    value = carry.value;
    sq = carry.sq;
    arrival = carry.arrival;
    bad = carry.bad;
  }
  if (builder.size > 0) yield builder.take();
}
