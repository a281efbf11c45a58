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

test("with backpressure a slow sink keeps the buffers at the credits; without, they pile up", async () => {
  const bounded = await memoryOverTime({ backpressure: true, readings: 200_000, sinkEvery: 5 });
  const unbounded = await memoryOverTime({ backpressure: false, readings: 200_000, sinkEvery: 5 });
  expect(bounded.summary.peakBuffers).toBeLessThanOrEqual(6);
  expect(unbounded.summary.peakBuffers).toBeGreaterThan(bounded.summary.peakBuffers);
  expect(unbounded.summary.aggregated).toBe(bounded.summary.aggregated);
});
