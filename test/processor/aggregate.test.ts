import { DDSketch } from "@datadog/sketches-js";
import fc from "fast-check";
import { expect, test } from "vitest";
import { aggregateBatch, emptyWindowState, mergeMoments, naiveAggregate, processReadings, InlineAggregator, SensorRegistry, chunkOf, windowSpec } from "../../src/processor";
import { encodeSketch, SKETCH_RELATIVE_ACCURACY } from "../../src/processor/sketch";
import { close } from "./helpers";

const values = fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 300 });

test("the kernel's typed buckets are exactly DDSketch's buckets", () => {
  fc.assert(
    fc.property(values, (vs) => {
      const n = vs.length;
      const partial = aggregateBatch(new Int32Array(n), new Float64Array(n), Float64Array.from(vs), n, windowSpec(1000));
      const sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
      for (const v of vs) sketch.accept(v);
      expect(Array.from(partial.sketches)).toEqual(encodeSketch(sketch));
    }),
  );
});

test("merging moments of any split equals the moments of the whole", () => {
  fc.assert(
    fc.property(values, fc.array(fc.nat(), { maxLength: 5 }), (vs, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (vs.length + 1)))].sort((a, b) => a - b);
      const parts: number[][] = [];
      let from = 0;
      for (const p of [...points, vs.length]) {
        parts.push(vs.slice(from, p));
        from = p;
      }
      const whole = emptyWindowState(0, 0);
      const n = vs.length;
      const one = aggregateBatch(new Int32Array(n), new Float64Array(n), Float64Array.from(vs), n, windowSpec(1000)).stats;
      mergeMoments(whole, one[0]!, one[1]!, one[2]!, one[3]!, one[4]!);
      const merged = emptyWindowState(0, 0);
      for (const part of parts.filter((p) => p.length > 0)) {
        const s = aggregateBatch(new Int32Array(part.length), new Float64Array(part.length), Float64Array.from(part), part.length, windowSpec(1000)).stats;
        mergeMoments(merged, s[0]!, s[1]!, s[2]!, s[3]!, s[4]!);
      }
      expect([merged.count, merged.min, merged.max]).toEqual([whole.count, whole.min, whole.max]);
      expect(close(merged.mean, whole.mean) || Math.abs(merged.mean - whole.mean) < 1e-9).toBe(true);
      expect(Math.abs(merged.m2 - whole.m2)).toBeLessThanOrEqual(1e-9 * Math.max(1, whole.m2));
    }),
  );
});

test("version 0 (objects and string keys) agrees with the pipeline when nothing is late", async () => {
  const readings = Array.from({ length: 500 }, (_, i) => ({ sensor: `s${i % 5}`, timestamp: i * 13, value: Math.cos(i) * 10, seq: i }));
  const spec = windowSpec(1000, 500);
  const registry = new SensorRegistry();
  const fast: unknown[] = [];
  await processReadings([chunkOf(readings, registry)], { window: spec, registry, aggregator: new InlineAggregator({ window: spec }), onWindow: (w) => void fast.push(w) });
  const slow = await naiveAggregate(readings, spec);
  expect(slow.map((w) => [w.sensor, w.windowStart, w.count, w.min, w.max, w.p50, w.p95])).toEqual(
    (fast as typeof slow).map((w) => [w.sensor, w.windowStart, w.count, w.min, w.max, w.p50, w.p95]),
  );
});

test("with many sensors the sorted-bucket path gives DDSketch's buckets too", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(3999), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })), { minLength: 40, maxLength: 400 }), (rows) => {
      // Up to 4000 sensors × values from 1e-300 to 1e6: far beyond the dense bucket table.
      const n = rows.length + 2;
      const sensor = Int32Array.from([0, 3999, ...rows.map((r) => r[0])]);
      const value = Float64Array.from([1e-300, -1e5, ...rows.map((r) => r[1])]);
      const partial = aggregateBatch(sensor, new Float64Array(n), value, n, windowSpec(1000));
      const bySensor = new Map<number, DDSketch>();
      for (let i = 0; i < n; i++) {
        if (!bySensor.has(sensor[i]!)) bySensor.set(sensor[i]!, new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY }));
        bySensor.get(sensor[i]!)!.accept(value[i]!);
      }
      const expected: number[] = [];
      for (let k = 0; k < partial.keys; k++) expected.push(...encodeSketch(bySensor.get(partial.sensor[k]!)!));
      expect(Array.from(partial.sketches)).toEqual(expected);
    }),
    { numRuns: 50 },
  );
});
