import { BucketCounts, createSketch } from "./sketch";
import { sketchKey } from "./sketch-key";
import { firstWindowIndex, windowsPerReading, type WindowSpec } from "./window";
import { resized } from "../shared/typed";

/**
 * Per-(sensor, window) partial results, as flat typed arrays so they can be
 * transferred between threads. Entry i describes sensor `sensor[i]` in the
 * window starting at `windowStart[i]`; its statistics are
 * `stats[5i … 5i+4]` = count, min, max, mean, M2 (sum of squared
 * deviations), and its quantile sketch is the i-th encoded sketch in
 * `sketches` (see `encodeSketch`).
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

const MIN_POSSIBLE = createSketch().mapping.minPossible;
/**
 * Doubles of running state per row: count, shift, Σd, Σd², min, max (and
 * two unused, so a row is one 64-byte cache line).
 */
const F = 8;
/** Largest dense bucket table (Int32 cells); beyond it rows keep their buckets in {@link BucketCounts}. */
const DENSE_BUCKET_LIMIT = 1 << 22;
/** Bucket keys added beyond a new key when a range grows, so growth is rare. */
const SLACK = 24;

/** Counts value v in the sketch bucket it maps to (DDSketch's mapping, by sign). */
export function addToBuckets(b: BucketCounts, v: number): void {
  if (v > MIN_POSSIBLE) b.addKey(sketchKey(v), 1, 1);
  else if (v < -MIN_POSSIBLE) b.addKey(sketchKey(-v), -1, 1);
  else b.addKey(0, 0, 1);
}

/** Adds value v (dense bucket column `col`) to row `row`'s running state, marking col's block in the row's mask. */
function fold(st: Float64Array, hist: Int32Array, mask: Int32Array, shift: number, row: number, width: number, col: number, v: number, quantiles: boolean): void {
  const o = row * F;
  st[o]!++;
  const d = v - st[o + 1]!;
  st[o + 2]! += d;
  st[o + 3]! += d * d;
  if (v < st[o + 4]!) st[o + 4] = v;
  else if (v > st[o + 5]!) st[o + 5] = v;
  if (quantiles) {
    hist[row * width + col]!++;
    mask[row]! |= 1 << (col >>> shift);
  }
}

/**
 * Appends (key, count) for every non-zero count in hist[from, to) to `out`
 * at e, key = index + keyShift; returns the new end. Most buckets of a row
 * are empty, so eight at a time are skipped with one test.
 */
function encodeBuckets(hist: Int32Array, from: number, to: number, keyShift: number, out: Float64Array, e: number): number {
  let i = from;
  for (; i + 8 <= to; i += 8) {
    if ((hist[i]! | hist[i + 1]! | hist[i + 2]! | hist[i + 3]! | hist[i + 4]! | hist[i + 5]! | hist[i + 6]! | hist[i + 7]!) === 0) continue;
    for (let j = i; j < i + 8; j++) {
      const n = hist[j]!;
      if (n !== 0) {
        out[e++] = j + keyShift;
        out[e++] = n;
      }
    }
  }
  for (; i < to; i++) {
    const n = hist[i]!;
    if (n !== 0) {
      out[e++] = i + keyShift;
      out[e++] = n;
    }
  }
  return e;
}

/**
 * Like {@link encodeBuckets} over row columns [from, to) (offsets in the
 * row starting at `base`), but only within the column blocks set in `mask`
 * (block b covers columns [b << shift, (b + 1) << shift)), ascending.
 */
function encodeMasked(hist: Int32Array, base: number, from: number, to: number, mask: number, shift: number, keyShift: number, out: Float64Array, e: number): number {
  for (let m = mask; m !== 0; m &= m - 1) {
    const b = 31 - Math.clz32(m & -m);
    const lo = Math.max(from, b << shift);
    const hi = Math.min(to, (b + 1) << shift);
    if (lo < hi) e = encodeBuckets(hist, base + lo, base + hi, keyShift - base, out, e);
  }
  return e;
}

/** The smallest block size (as a shift) that splits `width` columns into at most 32 blocks. */
function blockShiftFor(width: number): number {
  let shift = 0;
  while (width > 32 << shift) shift++;
  return shift;
}

/** Options of a {@link WindowTable}. */
export interface WindowTableOptions {
  /** Keep quantile-sketch buckets (default true); false keeps the moments only. */
  readonly quantiles?: boolean;
  /** Fold only the sensors with id % count = index (the rest are skipped). Default: every sensor. */
  readonly partition?: { readonly index: number; readonly count: number };
}

/**
 * The aggregation kernel: running per-(sensor, window) state in typed
 * arrays, kept across batches until {@link flush} hands it over as partial
 * aggregates and starts afresh. Each (sensor, window) is one row: count,
 * min, max and sums of deviations from the row's first value (the "shift":
 * no division per reading, and no cancellation while values stay near it),
 * plus a row of DDSketch bucket counts over the key range seen so far.
 * A reading finds its row through a sensor-indexed array per open window,
 * the last window used being cached, so tumbling windows cost one array
 * load per reading. Bucket keys are DDSketch's own (computed by
 * {@link sketchKey} without a `Math.log2` per reading); when the key range
 * times the rows would exceed 16 MiB of counts, rows fall back to growable
 * per-row buckets until the next flush.
 *
 * A worker keeps one table for as long as it lives, so the coordinator
 * merges per window rather than per batch.
 *
 * @example
 * const table = new WindowTable(windowSpec(1000));
 * table.add(Int32Array.of(0, 0), Float64Array.of(10, 1500), Float64Array.of(20, 21), 2);
 * table.flush().keys; //=> 2 (sensor 0 in [0, 1000) and in [1000, 2000))
 */
export class WindowTable {
  private readonly spec: WindowSpec;
  private readonly slide: number;
  /** Most windows one reading joins (size / slide, rounded up). */
  private readonly perReading: number;
  private readonly tumbling: boolean;
  private readonly quantiles: boolean;

  // Open windows: their indices and, per window, sensor id → row (−1 none).
  private windowIndex: number[] = [];
  private windowRows: Int32Array[] = [];
  private spareRows: Int32Array[] = [];
  private sensorCap = 64;
  /** 1 for the sensor ids this table folds (see {@link WindowTableOptions.partition}). */
  private own: Uint8Array = new Uint8Array(0);
  /** Scratch: indices of the readings a partitioned table owns, in a batch. */
  private picked = new Int32Array(0);
  private readonly partition: { readonly index: number; readonly count: number };
  private lastK = NaN;
  private lastRows: Int32Array = new Int32Array(0);

  // Rows.
  private rows = 0;
  private rowCap = 256;
  private st = new Float64Array(this.rowCap * F);
  private rowSensor = new Int32Array(this.rowCap);
  private rowWindow = new Float64Array(this.rowCap);

  // Dense buckets: per row, positive keys [posLo, posLo + posSpan), then
  // negative keys [negLo, negLo + negSpan), then the zero bucket.
  private dense = true;
  private posLo = 0;
  private posSpan = 0;
  private negLo = 0;
  private negSpan = 0;
  private width = 1;
  private hist = new Int32Array(0);
  /**
   * Per row, one bit per block of 2^blockShiftFor(width) bucket columns
   * that holds a count: flush reads and clears only those blocks. A row's values usually
   * cover a small part of the table's key range (in the bench's stream, 5 of
   * 32 blocks of a 1,020-column range that one sensor's values crossing zero
   * widened), and flushes took 12-16 % of a worker's time at 2 workers.
   */
  private mask = new Int32Array(this.rowCap);
  private sparse: BucketCounts[] = [];
  /** Scratch for encoding sketches at flush, kept between flushes. */
  private encoded = new Float64Array(1024);

  constructor(spec: WindowSpec, options: WindowTableOptions = {}) {
    this.spec = spec;
    this.slide = spec.slide;
    this.tumbling = spec.size === spec.slide;
    this.perReading = windowsPerReading(spec);
    this.quantiles = options.quantiles ?? true;
    this.partition = options.partition ?? { index: 0, count: 1 };
    const { index, count } = this.partition;
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
      throw new RangeError(`Expected a partition index in [0, count) but found ${index} of ${count}`);
    }
    this.own = this.ownership(this.sensorCap);
    if (this.quantiles) this.hist = new Int32Array(this.rowCap * this.width);
  }

  /** (sensor, window) rows held. */
  get keys(): number {
    return this.rows;
  }

  /** Folds readings [from, to) of the columns into the table. */
  add(sensor: Int32Array, time: Float64Array, value: Float64Array, to: number, from = 0): void {
    let i = from;
    while (i < to) i = this.dense ? this.addDense(sensor, time, value, i, to) : this.addGeneral(sensor, time, value, i, to);
  }

  /**
   * The hot loop (dense buckets, or none). Anything that reshapes the table
   * (more rows, a new sensor id, a wider bucket range) happens outside the
   * loop: it returns the reading that needs it, the caller reshapes and
   * calls again, so the loop's locals never go stale. Returns where it
   * stopped.
   */
  private addDense(sensor: Int32Array, time: Float64Array, value: Float64Array, from: number, to: number): number {
    const { quantiles, perReading, slide, tumbling, spec, st, hist, mask, width, posLo, posSpan, negLo, negSpan, sensorCap, own } = this;
    const blockShift = blockShiftFor(width);
    const rowLimit = this.rowCap - perReading;
    // Partitioned, the readings this table owns are picked out first,
    // without a branch per reading (a skip test per reading mispredicted
    // about half the time at 2 workers); the fold loop then visits only those.
    const partitioned = this.partition.count > 1;
    let visit = to - from;
    let end = to;
    let picked = this.picked;
    if (partitioned) {
      if (picked.length < visit) picked = this.picked = new Int32Array(Math.max(visit, 2 * picked.length));
      let n = 0;
      let i = from;
      for (; i < to; i++) {
        const s = sensor[i]!;
        if (s >= sensorCap) break; // a new sensor id: reshape first
        picked[n] = i;
        n += own[s]!;
      }
      visit = n;
      end = i;
    }
    let lastK = this.lastK;
    let rows = this.lastRows;
    let j = 0;
    let i = from;
    for (; j < visit; j++) {
      i = partitioned ? picked[j]! : from + j;
      const s = sensor[i]!;
      const v = value[i]!;
      const t = time[i]!;
      if (this.rows > rowLimit || s >= sensorCap) break;
      let col = 0;
      if (quantiles) {
        if (v > MIN_POSSIBLE) {
          col = (sketchKey(v) - posLo) | 0;
          if (col < 0 || col >= posSpan) break;
        } else if (v < -MIN_POSSIBLE) {
          col = (sketchKey(-v) - negLo) | 0;
          if (col < 0 || col >= negSpan) break;
          col += posSpan;
        } else col = width - 1;
      }
      const last = Math.floor(t / slide);
      if (tumbling) {
        // One window per reading: no inner loop (it cost a third of the time).
        if (last !== lastK) {
          rows = this.rowsOf(last);
          lastK = last;
        }
        let row = rows[s]!;
        if (row < 0) row = this.newRow(rows, s, last, v);
        fold(st, hist, mask, blockShift, row, width, col, v, quantiles);
        continue;
      }
      for (let k = firstWindowIndex(t, spec); k <= last; k++) {
        if (k !== lastK) {
          rows = this.rowsOf(k);
          lastK = k;
        }
        let row = rows[s]!;
        if (row < 0) row = this.newRow(rows, s, k, v);
        fold(st, hist, mask, blockShift, row, width, col, v, quantiles);
      }
    }
    this.lastK = lastK;
    this.lastRows = rows;
    // Stopped at reading i (it needs a reshape), or visited all: then the
    // picking may have stopped at a new sensor id.
    const at = j < visit ? i : end;
    if (at < to) this.reshapeFor(sensor[at]!, value[at]!);
    return at;
  }

  /** Makes room for a reading of sensor `s` with value `v`: rows, sensor ids, bucket range (which may turn the table sparse). */
  private reshapeFor(s: number, v: number): void {
    if (this.rows > this.rowCap - this.perReading) this.growRows();
    if (s >= this.sensorCap) this.growSensors(s);
    if (!this.quantiles || !this.dense) return;
    if (v > MIN_POSSIBLE) {
      const key = sketchKey(v);
      if (key < this.posLo || key >= this.posLo + this.posSpan) this.growKeys(key, 1);
    } else if (v < -MIN_POSSIBLE) {
      const key = sketchKey(-v);
      if (key < this.negLo || key >= this.negLo + this.negSpan) this.growKeys(key, -1);
    }
  }

  /** Per-row growable buckets: slower, for keys too widely spread for the dense table. */
  private addGeneral(sensor: Int32Array, time: Float64Array, value: Float64Array, from: number, to: number): number {
    for (let i = from; i < to; i++) {
      const s = sensor[i]!;
      const v = value[i]!;
      const t = time[i]!;
      const last = Math.floor(t / this.slide);
      const first = this.tumbling ? last : firstWindowIndex(t, this.spec);
      if (s >= this.sensorCap) this.growSensors(s);
      if (this.own[s] === 0) continue;
      for (let k = first; k <= last; k++) {
        if (k !== this.lastK) {
          this.lastRows = this.rowsOf(k);
          this.lastK = k;
        }
        let row = this.lastRows[s]!;
        if (row < 0) row = this.newRow(this.lastRows, s, k, v);
        fold(this.st, this.hist, this.mask, 0, row, this.width, 0, v, false);
        addToBuckets(this.sparse[row]!, v);
      }
    }
    return to;
  }

  private ownership(cap: number): Uint8Array {
    const { index, count } = this.partition;
    return Uint8Array.from({ length: cap }, (_, s) => (s % count === index ? 1 : 0));
  }

  /** The rows (sensor id → row) of window k, opened on first use. */
  private rowsOf(k: number): Int32Array {
    const at = this.windowIndex.indexOf(k);
    if (at >= 0) return this.windowRows[at]!;
    const rows = this.spareRows.pop() ?? new Int32Array(this.sensorCap).fill(-1);
    this.windowIndex.push(k);
    this.windowRows.push(rows);
    return rows;
  }

  private growSensors(s: number): void {
    const cap = Math.max(s + 1, 2 * this.sensorCap);
    this.windowRows = this.windowRows.map((rows) => resized(rows, cap, rows.length, -1));
    this.spareRows = [];
    this.sensorCap = cap;
    this.own = this.ownership(cap);
    this.lastK = NaN;
  }

  private newRow(rows: Int32Array, s: number, k: number, v: number): number {
    if (this.rows === this.rowCap) this.growRows();
    const row = this.rows++;
    rows[s] = row;
    this.rowSensor[row] = s;
    this.rowWindow[row] = k;
    this.mask[row] = 0;
    const o = row * F;
    const st = this.st;
    st[o] = 0;
    st[o + 1] = v;
    st[o + 2] = 0;
    st[o + 3] = 0;
    st[o + 4] = v;
    st[o + 5] = v;
    if (this.quantiles && !this.dense) this.sparse[row] = new BucketCounts();
    return row;
  }

  private growRows(): void {
    const cap = 2 * this.rowCap;
    this.st = resized(this.st, cap * F);
    this.rowSensor = resized(this.rowSensor, cap);
    this.rowWindow = resized(this.rowWindow, cap);
    this.mask = resized(this.mask, cap);
    this.rowCap = cap;
    if (this.quantiles && this.dense) {
      if (cap * this.width > DENSE_BUCKET_LIMIT) this.toSparse();
      else this.hist = resized(this.hist, cap * this.width);
    }
  }

  /**
   * Widens the positive (sign 1) or negative (sign −1) key range to hold
   * `key`, moving every row's counts to the new layout, or turns the table
   * sparse when the layout would be too large.
   */
  private growKeys(key: number, sign: 1 | -1): void {
    let { posLo, posSpan, negLo, negSpan } = this;
    const widen = (lo: number, span: number): [number, number] => {
      if (span === 0) return [key - SLACK, 2 * SLACK + 1];
      const newLo = Math.min(lo, key - SLACK);
      return [newLo, Math.max(lo + span, key + SLACK + 1) - newLo];
    };
    if (sign === 1) [posLo, posSpan] = widen(posLo, posSpan);
    else [negLo, negSpan] = widen(negLo, negSpan);
    const width = posSpan + negSpan + 1;
    if (this.rowCap * width > DENSE_BUCKET_LIMIT) {
      this.toSparse();
      return;
    }
    const hist = new Int32Array(this.rowCap * width);
    for (let r = 0; r < this.rows; r++) {
      const from = r * this.width;
      const to = r * width;
      if (this.posSpan > 0) hist.set(this.hist.subarray(from, from + this.posSpan), to + this.posLo - posLo);
      if (this.negSpan > 0) hist.set(this.hist.subarray(from + this.posSpan, from + this.width - 1), to + posSpan + this.negLo - negLo);
      hist[to + width - 1] = this.hist[from + this.width - 1]!;
    }
    // Columns moved: mark every block of the rows so far (correct, if slower, for this flush).
    this.mask.fill(-1, 0, this.rows);
    Object.assign(this, { hist, width, posLo, posSpan, negLo, negSpan });
  }

  /** Moves every row's dense buckets into growable per-row buckets. */
  private toSparse(): void {
    this.sparse = [];
    for (let r = 0; r < this.rows; r++) {
      const b = new BucketCounts();
      this.forEachBucket(r, (key, sign, n) => b.addKey(key, sign, n));
      this.sparse[r] = b;
    }
    this.dense = false;
    this.hist = new Int32Array(0);
  }

  /** Calls f for each occupied dense bucket of row r: key, sign (1, −1, 0 for zero), count. */
  private forEachBucket(r: number, f: (key: number, sign: 1 | -1 | 0, n: number) => void): void {
    const base = r * this.width;
    for (let c = 0; c < this.width; c++) {
      const n = this.hist[base + c]!;
      if (n === 0) continue;
      if (c < this.posSpan) f(this.posLo + c, 1, n);
      else if (c < this.width - 1) f(this.negLo + c - this.posSpan, -1, n);
      else f(0, 0, n);
    }
  }

  /**
   * Hands over every row as partial aggregates (see
   * {@link PartialAggregates}) and empties the table; its bucket key range
   * is kept, since the next readings are likely to fall in it.
   */
  flush(): PartialAggregates {
    const keys = this.rows;
    const stats = new Float64Array(keys * STATS_FIELDS);
    const { st, hist, mask, width, posLo, posSpan, negLo } = this;
    const shift = blockShiftFor(width);
    const negEnd = width - 1;
    // Encoded sketches, one after another: [zeros, nPositive, key, count, …,
    // nNegative, key, count, …], keys ascending (see encodeSketch).
    let out = this.encoded;
    let e = 0;
    for (let r = 0; r < keys; r++) {
      const o = r * F;
      const c = st[o]!;
      const sum = st[o + 2]!;
      const m2 = st[o + 3]! - (sum * sum) / c;
      const so = r * STATS_FIELDS;
      stats[so] = c;
      stats[so + 1] = st[o + 4]!;
      stats[so + 2] = st[o + 5]!;
      stats[so + 3] = st[o + 1]! + sum / c;
      stats[so + 4] = m2 > 0 ? m2 : 0;
      if (out.length < e + 3 + 2 * width) out = this.encoded = resized(out, Math.max(2 * out.length, e + 3 + 2 * width), e);
      if (!this.quantiles) {
        out[e++] = 0;
        out[e++] = 0;
        out[e++] = 0;
      } else if (!this.dense) {
        const tail: number[] = [];
        this.sparse[r]!.encodeInto(tail);
        if (out.length < e + tail.length) out = this.encoded = resized(out, Math.max(2 * out.length, e + tail.length), e);
        out.set(tail, e);
        e += tail.length;
      } else {
        // Only the blocks the row's mask marks are read and cleared (see `mask`).
        const base = r * width;
        const m = mask[r]!;
        out[e++] = hist[base + negEnd]!;
        let lenAt = e++;
        e = encodeMasked(hist, base, 0, posSpan, m, shift, posLo, out, e);
        out[lenAt] = (e - lenAt - 1) / 2;
        lenAt = e++;
        e = encodeMasked(hist, base, posSpan, negEnd, m, shift, negLo - posSpan, out, e);
        out[lenAt] = (e - lenAt - 1) / 2;
        // Clear what the row used, block by block.
        for (let b = m; b !== 0; b &= b - 1) {
          const block = 31 - Math.clz32(b & -b);
          hist.fill(0, base + (block << shift), base + Math.min(width, (block + 1) << shift));
        }
      }
    }
    const partial: PartialAggregates = {
      keys,
      sensor: this.rowSensor.slice(0, keys),
      windowStart: this.rowWindow.slice(0, keys).map((k) => k * this.slide),
      stats,
      sketches: out.slice(0, e),
    };
    this.reset();
    return partial;
  }

  private reset(): void {
    for (const rows of this.windowRows) this.spareRows.push(rows.fill(-1));
    this.windowIndex = [];
    this.windowRows = [];
    this.lastK = NaN;
    this.rows = 0;
    if (this.quantiles && !this.dense) {
      this.sparse = [];
      this.dense = true;
      this.hist = new Int32Array(this.rowCap * this.width);
      if (this.rowCap * this.width > DENSE_BUCKET_LIMIT) {
        // The key range alone is too wide for the rows: start narrow again.
        this.posSpan = this.negSpan = 0;
        this.width = 1;
        this.hist = new Int32Array(this.rowCap);
      }
    }
  }
}
