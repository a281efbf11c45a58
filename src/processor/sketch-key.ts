import { createSketch } from "./sketch";

const mapping = createSketch().mapping;
// DDSketch's logarithmic mapping is key(v) = ceil(log2(v) · multiplier) + offset.
const MULTIPLIER = (mapping as unknown as { _multiplier: number })._multiplier;
const OFFSET = (mapping as unknown as { _offset: number })._offset;

// log2(v) = e + log2(m) with v = m · 2^e, m in [1, 2). log2(m) comes from a
// table at the centre c of m's 1/1024-wide cell plus ln(1 + r)/ln 2 with
// r = (m − c)/c, |r| < 2^-11, to three terms (error below 1e-13). Where the
// result lies within GUARD of a bucket boundary — about 2 readings in 10^9 —
// the key is recomputed with Math.log2, so keys are exactly the library's.
const CELL_BITS = 10;
const CELLS = 1 << CELL_BITS;
const GUARD = 1e-9;
const THIRD = 1 / 3;
// A module constant, not `Math.LOG2E` in the hot code: optimising a read of
// a constant double property makes V8 allocate a number on a compiler
// thread, and Node 20 aborts the process ("Assertion failed: (data.first)
// != nullptr") when a worker is terminated during such an allocation.
const LOG2E = Math.LOG2E;
const LOG2_CENTRE = new Float64Array(CELLS);
const CENTRE = new Float64Array(CELLS);
const INV_CENTRE = new Float64Array(CELLS);
for (let j = 0; j < CELLS; j++) {
  const c = 1 + (j + 0.5) / CELLS;
  CENTRE[j] = c;
  INV_CENTRE[j] = 1 / c;
  LOG2_CENTRE[j] = Math.log2(c);
}
/** 2^-(biased exponent − 1023) for every normal biased exponent. */
const UNSCALE = new Float64Array(2047);
for (let b = 1; b < 2047; b++) UNSCALE[b] = Math.pow(2, 1023 - b);
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function _exactKey(a: number): number {
  return Math.ceil(Math.log2(a) * MULTIPLIER) + OFFSET;
}

/**
 * DDSketch's bucket key for a positive finite magnitude `a` (above the
 * mapping's smallest value): exactly `mapping.key(a)` of the project's
 * sketch, without a `Math.log2` call for almost every value. The exponent
 * is read from the float's bits, the mantissa's logarithm from a small
 * table and a short series; only values within 1e-9 of a bucket boundary
 * (in key units) fall back to `Math.log2`, so the sketch's relative-error
 * bound (±1 %) is untouched — the buckets are the same.
 *
 * @example
 * sketchKey(40); //=> createSketch().mapping.key(40)
 */
export function sketchKey(a: number): number {
  bits[0] = a;
  const hi = words[1]!;
  const biased = hi >>> 20;
  if (biased === 0 || biased >= 2047 || !LITTLE_ENDIAN) return _exactKey(a);
  const cell = (hi >>> (20 - CELL_BITS)) & (CELLS - 1);
  const m = a * UNSCALE[biased]!;
  const r = (m - CENTRE[cell]!) * INV_CENTRE[cell]!;
  const x = (biased - 1023 + LOG2_CENTRE[cell]! + r * (1 - r * (0.5 - r * THIRD)) * LOG2E) * MULTIPLIER;
  const k = Math.ceil(x);
  const d = k - x;
  if (d < GUARD || d > 1 - GUARD) return _exactKey(a);
  return k + OFFSET;
}

for (const v of [1e-300, 1e-6, 0.37, 1, 2.5, 1e3, 12345.678, 1e300]) {
  if (sketchKey(v) !== mapping.key(v)) throw new Error(`DDSketch key mapping changed: key(${v})`);
}
