import { afterAll, describe, expect, test } from "vitest";
import {
  InlineAggregator,
  processReadings,
  SensorRegistry,
  simulateSensors,
  windowSpec,
  WorkerPool,
  type Aggregator,
  type Partitioning,
  type ProcessSummary,
  type Transport,
  type WindowSpec,
  type WindowStats,
} from "../../src/processor";
import { close } from "./helpers";

const SIM = { sensors: 12, seed: 42, durationMs: 8000, rate: 150, jitterMs: 3, maxDelayMs: 400, dropoutRate: 0.002, stuckRate: 0.002, burstRate: 0.002, malformedRate: 0.01 };

async function run(spec: WindowSpec, make: () => Promise<Aggregator> | Aggregator): Promise<{ summary: ProcessSummary; windows: WindowStats[] }> {
  const registry = new SensorRegistry();
  const aggregator = await make();
  const windows: WindowStats[] = [];
  try {
    const summary = await processReadings(simulateSensors({ ...SIM, chunkSize: 5000 }, registry), {
      window: spec,
      registry,
      aggregator,
      lateness: 200,
      outOfOrderness: 150,
      onWindow: (w) => void windows.push(w),
    });
    return { summary, windows };
  } finally {
    await aggregator.close();
  }
}

function expectSameResults(a: WindowStats[], b: WindowStats[]): void {
  expect(b.length).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    expect([y.sensor, y.windowStart, y.windowEnd, y.count, y.min, y.max, y.p50, y.p95]).toEqual([x.sensor, x.windowStart, x.windowEnd, x.count, x.min, x.max, x.p50, x.p95]);
    expect(close(x.mean, y.mean), `mean ${x.mean} vs ${y.mean}`).toBe(true);
    expect(close(x.stddev, y.stddev), `stddev ${x.stddev} vs ${y.stddev}`).toBe(true);
  }
}

const pools: WorkerPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe.each([
  ["tumbling 1 s", windowSpec(1000)],
  ["sliding 1 s every 250 ms", windowSpec(1000, 250)],
])("%s windows", (_name, spec) => {
  let baseline: { summary: ProcessSummary; windows: WindowStats[] };

  test("the single-threaded run accounts for every reading", async () => {
    baseline = await run(spec, () => new InlineAggregator({ window: spec, batchSize: 1000 }));
    const s = baseline.summary;
    expect(s.ingested).toBe(s.aggregated + s.late + s.rejected);
    expect(s.rejected).toBeGreaterThan(0);
    expect(s.aggregated).toBeGreaterThan(10_000);
    expect(baseline.windows.length).toBe(s.windows);
  });

  test.each([
    [1, 64, "shared", "sensor"],
    [2, 1000, "shared", "sensor"],
    [4, 4096, "shared", "sensor"],
    [2, 333, "transfer", "sensor"],
    [2, 2048, "clone", "sensor"],
    [4, 1, "shared", "sensor"],
    [2, 1000, "shared", "stretch"],
    [3, 777, "transfer", "stretch"],
    [4, 1, "shared", "stretch"],
  ] as [number, number, Transport, Partitioning][])("%i worker(s), batches of %i, %s transport, partitioned by %s give identical results", async (workers, batchSize, transport, partitioning) => {
    const result = await run(spec, () => WorkerPool.start({ window: spec, workers, batchSize, transport, partitioning }));
    expect({ ...result.summary, elapsedMs: 0, readingsPerSecond: 0, workers: 0, peakBuffers: 0, peakPendingWindows: 0 }).toEqual({
      ...baseline.summary,
      elapsedMs: 0,
      readingsPerSecond: 0,
      workers: 0,
      peakBuffers: 0,
      peakPendingWindows: 0,
    });
    expect(result.summary.workers).toBe(workers);
    expectSameResults(baseline.windows, result.windows);
  });
});
