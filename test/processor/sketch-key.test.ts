import { DDSketch } from "@datadog/sketches-js";
import fc from "fast-check";
import { expect, test } from "vitest";
import { BucketCounts, createSketch, encodeSketch, SKETCH_RELATIVE_ACCURACY } from "../../src/processor/sketch";
import { sketchKey } from "../../src/processor/sketch-key";

const mapping = createSketch().mapping;
const multiplier = (mapping as unknown as { _multiplier: number })._multiplier;
const offset = (mapping as unknown as { _offset: number })._offset;
// DDSketch's own formula; adding the offset also turns a -0 from Math.ceil into 0, as the library does.
const reference = (a: number): number => Math.ceil(Math.log2(a) * multiplier) + offset;
const magnitudes = fc.double({ min: mapping.minPossible * 1.0001, max: 1e300, noNaN: true, noDefaultInfinity: true });

test("the fast bucket key equals the Math.log2 reference for any magnitude", () => {
  fc.assert(
    fc.property(magnitudes, (a) => {
      expect(sketchKey(a)).toBe(reference(a));
      expect(sketchKey(a)).toBe(mapping.key(a));
    }),
    { numRuns: 20_000 },
  );
});

test("the fast bucket key is exact right at and next to every bucket boundary from 1e-6 to 1e6", () => {
  let checked = 0;
  for (let k = Math.floor(Math.log2(1e-6) * multiplier); k <= Math.ceil(Math.log2(1e6) * multiplier); k++) {
    const boundary = Math.pow(2, k / multiplier);
    for (const a of [boundary, boundary * (1 + 2 ** -52), boundary * (1 - 2 ** -53), boundary * (1 + 1e-12), boundary * (1 - 1e-12)]) {
      expect(sketchKey(a), `key(${a})`).toBe(reference(a));
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(6000);
});

test("every value's bucket represents it within the sketch's relative accuracy", () => {
  fc.assert(
    fc.property(magnitudes, (a) => {
      expect(Math.abs(mapping.value(sketchKey(a)) - a)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * a * (1 + 1e-12));
    }),
  );
});

test("quantiles read from bucket counts are exactly DDSketch's", () => {
  const values = fc.array(fc.oneof(fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }), fc.constant(0)), { minLength: 1, maxLength: 300 });
  fc.assert(
    fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (vs, q) => {
      const sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
      for (const v of vs) sketch.accept(v);
      const counts = new BucketCounts();
      counts.addEncoded(encodeSketch(sketch));
      for (const p of [q, 0, 0.5, 0.95, 1]) expect(counts.quantile(p)).toBe(sketch.getValueAtQuantile(p));
    }),
  );
});

test("bucket counts merged from many sketches, whose key ranges grow both ways, answer as one DDSketch fed every value", () => {
  // Each part's values sit in a range of its own (from 1e-6 to 1e6, either
  // sign), so every merge can widen a store's key range below, above or both.
  const part = fc.tuple(fc.integer({ min: -6, max: 6 }), fc.boolean(), fc.array(fc.double({ min: 1, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }));
  fc.assert(
    fc.property(fc.array(part, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 5 }), (parts, zeros) => {
      // One sketch fed every value (DDSketch.merge itself loses negative
      // buckets in this library version: [1] merged with [-1] gives p0 = +0.99).
      const merged = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
      const counts = new BucketCounts();
      const viaKeys = new BucketCounts();
      for (const [exponent, negative, mantissas] of parts) {
        const sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
        for (const m of mantissas) {
          sketch.accept((negative ? -m : m) * 10 ** exponent);
          merged.accept((negative ? -m : m) * 10 ** exponent);
        }
        counts.addEncoded(Float64Array.from(encodeSketch(sketch)));
        const one = new BucketCounts();
        one.addEncoded(encodeSketch(sketch));
        viaKeys.addAll(one);
      }
      for (let z = 0; z < zeros; z++) merged.accept(0);
      counts.addEncoded([zeros, 0, 0]);
      viaKeys.addKey(0, 0, zeros);
      expect(counts.count).toBe(merged.count);
      for (const q of [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1]) {
        expect(counts.quantile(q)).toBe(merged.getValueAtQuantile(q));
        expect(viaKeys.quantile(q)).toBe(merged.getValueAtQuantile(q));
      }
      const reencoded: number[] = [];
      counts.encodeInto(reencoded);
      const again = new BucketCounts();
      again.addEncoded(reencoded);
      expect(again.quantile(0.5)).toBe(counts.quantile(0.5));
    }),
    { numRuns: 300 },
  );
});

test("quantiles of empty bucket counts, or outside [0, 1], are NaN", () => {
  const counts = new BucketCounts();
  expect(counts.quantile(0.5)).toBeNaN();
  counts.addEncoded([1, 0, 0]);
  expect(counts.quantile(1.5)).toBeNaN();
  expect(counts.quantile(0.5)).toBe(0);
});
