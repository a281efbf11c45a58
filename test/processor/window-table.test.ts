import { DDSketch } from "@datadog/sketches-js";
import fc from "fast-check";
import { expect, test } from "vitest";
import { emptyWindowState, windowSpec, windowStartsOf, type WindowSpec, type WindowState } from "../../src/processor";
import { mergePartial } from "../../src/processor/aggregate";
import { encodeSketch, SKETCH_RELATIVE_ACCURACY } from "../../src/processor/sketch";
import { WindowTable } from "../../src/processor/window-table";
import { close } from "./helpers";

interface Row {
  sensor: number;
  time: number;
  value: number;
}

/** Brute force: every (sensor, window) with exact moments and a DDSketch fed one value at a time. */
function bruteForce(rows: readonly Row[], spec: WindowSpec) {
  const out = new Map<string, { values: number[]; sketch: DDSketch }>();
  for (const r of rows) {
    for (const start of windowStartsOf(r.time, spec)) {
      const key = `${r.sensor}@${start}`;
      if (!out.has(key)) out.set(key, { values: [], sketch: new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY }) });
      out.get(key)!.values.push(r.value);
      out.get(key)!.sketch.accept(r.value);
    }
  }
  return out;
}

/**
 * Feeds `rows` to one table in batches cut at `cuts`, flushing after the
 * batches in `flushAfter`; merges every flush. With `partitions` > 1, that
 * many tables each fold their own sensors (id % partitions) of every batch.
 */
function throughTable(rows: readonly Row[], spec: WindowSpec, cuts: number[], flushAfter: Set<number>, partitions = 1) {
  const tables = Array.from({ length: partitions }, (_, index) => new WindowTable(spec, partitions > 1 ? { partition: { index, count: partitions } } : {}));
  const states = new Map<string, WindowState>();
  const stateFor = (sensor: number, start: number): WindowState => {
    const key = `${sensor}@${start}`;
    if (!states.has(key)) states.set(key, emptyWindowState(sensor, start));
    return states.get(key)!;
  };
  const sensor = Int32Array.from(rows, (r) => r.sensor);
  const time = Float64Array.from(rows, (r) => r.time);
  const value = Float64Array.from(rows, (r) => r.value);
  const points = [...new Set(cuts.map((c) => c % (rows.length + 1))), rows.length].sort((a, b) => a - b);
  let from = 0;
  points.forEach((to, batch) => {
    for (const table of tables) table.add(sensor, time, value, to, from);
    from = to;
    if (flushAfter.has(batch)) for (const table of tables) mergePartial(table.flush(), stateFor);
  });
  for (const table of tables) {
    const partial = table.flush();
    for (const id of partial.sensor) expect(id % partitions).toBe(tables.indexOf(table));
    mergePartial(partial, stateFor);
    expect(table.keys).toBe(0);
  }
  return states;
}

function expectSame(rows: readonly Row[], spec: WindowSpec, cuts: number[], flushAfter: number[], partitions = 1): void {
  const expected = bruteForce(rows, spec);
  const got = throughTable(rows, spec, cuts, new Set(flushAfter), partitions);
  expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, { values, sketch }] of expected) {
    const st = got.get(key)!;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const m2 = values.reduce((a, v) => a + (v - mean) ** 2, 0);
    // +0 and −0 count as equal (as in JSON output): which one a window's min holds depends on arrival order.
    const z = (x: number) => (x === 0 ? 0 : x);
    expect([st.count, z(st.min), z(st.max)]).toEqual([values.length, z(Math.min(...values)), z(Math.max(...values))]);
    expect(close(st.mean, mean) || Math.abs(st.mean - mean) < 1e-9 * Math.max(1, ...values.map(Math.abs)), `${key} mean ${st.mean} vs ${mean}`).toBe(true);
    expect(Math.abs(st.m2 - m2), `${key} m2 ${st.m2} vs ${m2}`).toBeLessThanOrEqual(1e-9 * Math.max(1, m2, ...values.map((v) => v * v)));
    const buckets: number[] = [];
    st.buckets.encodeInto(buckets);
    expect(buckets, key).toEqual(encodeSketch(sketch));
  }
}

const narrow = fc.double({ min: 5, max: 40, noNaN: true });
const wide = fc.oneof(narrow, fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e-300, -1e-300, 1e12));
const rowsOf = (sensors: number, values: fc.Arbitrary<number>) =>
  fc.array(fc.record({ sensor: fc.nat(sensors - 1), time: fc.nat(6000), value: values }), { minLength: 1, maxLength: 400 });
const cuts = fc.array(fc.nat(), { maxLength: 8 });
const flushes = fc.array(fc.nat(8), { maxLength: 4 });

test.each([
  ["tumbling", windowSpec(1000)],
  ["sliding", windowSpec(1000, 250)],
  ["sliding, slide not dividing the size", windowSpec(1000, 300)],
])("state kept across batches and flushes equals a brute-force aggregate (%s)", (_name, spec) => {
  fc.assert(fc.property(rowsOf(20, wide), cuts, flushes, (rows, c, f) => expectSame(rows, spec, c, f)), { numRuns: 150 });
});

test("growing bucket ranges and sensor ids mid-batch keep every count where it was", () => {
  // Values drift from one octave to far beyond, and sensor ids jump, so the
  // dense table is re-laid out while rows already hold counts.
  const rows: Row[] = [];
  for (let i = 0; i < 3000; i++) rows.push({ sensor: i < 1500 ? i % 7 : 100 + (i % 300), time: i, value: (i % 2 ? 1 : -1) * 1.5 ** (i % 60) });
  expectSame(rows, windowSpec(1000), [700, 1400, 2100], [1]);
});

test("thousands of sensors with widely spread values fall back to per-row buckets and back", () => {
  fc.assert(
    fc.property(rowsOf(4000, wide), cuts, flushes, (rows, c, f) => {
      // Sensor 3999 and values from 1e-300 to 1e9 exceed the dense table (16 MiB).
      expectSame([{ sensor: 3999, time: 0, value: 1e-300 }, { sensor: 0, time: 1, value: 1e9 }, ...rows], windowSpec(1000), c, f);
    }),
    { numRuns: 40 },
  );
});

test("tables partitioned by sensor fold exactly their own sensors, whatever the batches and new sensor ids", () => {
  // Sensor ids up to 299 pass the table's first capacity (64) mid-batch, so
  // picking out a partition's readings stops at a new id and resumes.
  fc.assert(
    fc.property(rowsOf(300, wide), cuts, flushes, fc.integer({ min: 2, max: 4 }), (rows, c, f, partitions) => expectSame(rows, windowSpec(1000, 500), c, f, partitions)),
    { numRuns: 150 },
  );
});

test("moments only keeps no buckets", () => {
  const table = new WindowTable(windowSpec(1000), { quantiles: false });
  table.add(Int32Array.of(0, 0, 1), Float64Array.of(0, 10, 20), Float64Array.of(1, 3, 5), 3);
  const p = table.flush();
  expect(p.keys).toBe(2);
  expect(Array.from(p.stats)).toEqual([2, 1, 3, 2, 2, 1, 5, 5, 5, 0]);
  expect(Array.from(p.sketches)).toEqual([0, 0, 0, 0, 0, 0]);
});
