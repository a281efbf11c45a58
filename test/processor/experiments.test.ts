import { expect, test } from "vitest";
import { crashDrill, lateVsLateness, memoryOverTime } from "../../src/processor";

test("more allowed lateness never makes more readings late, and enough makes none late", async () => {
  const points = await lateVsLateness([0, 200, 400, 900], { durationMs: 5000 });
  for (const p of points) expect(p.ingested).toBe(p.late + p.aggregated);
  for (let i = 1; i < points.length; i++) expect(points[i]!.late).toBeLessThanOrEqual(points[i - 1]!.late);
  expect(points[0]!.late).toBeGreaterThan(0);
  expect(points[3]!.late).toBe(0);
});

test("the crash drill replaces the worker and reproduces the clean run", async () => {
  expect(await crashDrill()).toMatchObject({ restarts: 1, identical: true });
});

test("with backpressure a slow sink holds batches at the credits and never most results waiting, whatever the input size; without, results pile up with the input", async () => {
  const run = (backpressure: boolean, readings: number) => memoryOverTime({ backpressure, readings });
  const bounded = [await run(true, 200_000), await run(true, 400_000)];
  const unbounded = [await run(false, 200_000), await run(false, 400_000)];
  for (const r of bounded) {
    expect(r.summary.peakBuffers).toBeLessThanOrEqual(6);
    // What the windows closing between two drains hand to the sink: a few
    // windows of 200 sensors, more on a loaded machine (1585 of 4000 seen),
    // never most of the run's results as without backpressure.
    expect(r.summary.peakPendingWindows).toBeLessThan(0.5 * r.summary.windows);
  }
  for (const r of unbounded) {
    expect(r.summary.peakBuffers).toBeGreaterThan(6);
    // The sink still had most of the run's results when the input ended.
    expect(r.summary.peakPendingWindows).toBeGreaterThan(0.8 * r.summary.windows);
  }
  expect(unbounded[1]!.summary.peakPendingWindows).toBeGreaterThan(1.6 * unbounded[0]!.summary.peakPendingWindows);
  expect(unbounded.map((r) => r.summary.aggregated)).toEqual(bounded.map((r) => r.summary.aggregated));
});
