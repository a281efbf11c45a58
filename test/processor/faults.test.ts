import { describe, expect, test } from "vitest";
import { InlineAggregator, processReadings, SensorRegistry, simulateSensors, windowSpec, WorkerPool, type Aggregator, type WindowStats } from "../../src/processor";

const spec = windowSpec(1000);
const SIM = { sensors: 8, seed: 9, durationMs: 6000, rate: 200, maxDelayMs: 100 };

async function run(aggregator: Aggregator, options: { slowSinkMs?: number; backpressure?: boolean } = {}) {
  const registry = new SensorRegistry();
  const windows: WindowStats[] = [];
  try {
    const summary = await processReadings(simulateSensors({ ...SIM, chunkSize: 500 }, registry), {
      window: spec,
      registry,
      aggregator,
      outOfOrderness: 100,
      backpressure: options.backpressure,
      onWindow: options.slowSinkMs
        ? (w) => new Promise<void>((resolve) => setTimeout(() => { windows.push(w); resolve(); }, options.slowSinkMs))
        : (w) => void windows.push(w),
    });
    return { summary, windows };
  } finally {
    await aggregator.close();
  }
}

describe("worker crashes", () => {
  test.each([
    ["shared", "sensor"],
    ["transfer", "sensor"],
    ["clone", "sensor"],
    ["shared", "stretch"],
    ["transfer", "stretch"],
  ] as const)("a crashed worker is replaced and its batches replayed once (%s, by %s)", async (transport, partitioning) => {
    const expected = await run(new InlineAggregator({ window: spec, batchSize: 500 }));
    const crashed = await run(await WorkerPool.start({ window: spec, workers: 2, batchSize: 500, transport, partitioning, crashOnBatch: 3 }));
    expect(crashed.summary.restarts).toBe(1);
    expect(crashed.summary.aggregated).toBe(expected.summary.aggregated);
    expect(crashed.windows.map((w) => [w.sensor, w.windowStart, w.count, w.min, w.max])).toEqual(
      expected.windows.map((w) => [w.sensor, w.windowStart, w.count, w.min, w.max]),
    );
  });
});

describe("backpressure", () => {
  test("a slow sink keeps buffered batches within the credits", async () => {
    const credits = 2;
    const workers = 2;
    const { summary, windows } = await run(await WorkerPool.start({ window: spec, workers, batchSize: 200, credits }), { slowSinkMs: 2 });
    expect(summary.peakBuffers).toBeLessThanOrEqual(workers * credits);
    // Closed windows reach the sink's queue as flushes settle. Lanes are
    // filled in any order, so the coordinator may run ahead by one flush per
    // credit before it has to wait; each closes at most one window per sensor.
    expect(summary.peakPendingWindows).toBeLessThanOrEqual((workers * credits + 2) * SIM.sensors);
    expect(windows.length).toBe(summary.windows);
  });

  test("without backpressure the same run buffers more batches than the credits", async () => {
    const { summary } = await run(await WorkerPool.start({ window: spec, workers: 2, batchSize: 200, credits: 2, transport: "transfer", bounded: false }), {
      slowSinkMs: 2,
      backpressure: false,
    });
    expect(summary.peakBuffers).toBeGreaterThan(2 * 2);
  });

  test("a lane whose buffers are all held after a flush was asked still gets one back", async () => {
    // Flush asked while the lane held nothing, then every credit used: that
    // pending flush frees nothing, so the lane must ask for another.
    const pool = await WorkerPool.start({ window: spec, workers: 1, batchSize: 4, credits: 2 });
    try {
      const first = pool.flush();
      for (let seq = 0; seq < 2; seq++) {
        const b = await pool.acquire(0);
        b.sensor.set([0, 0]);
        b.time.set([seq, seq + 1]);
        b.value.set([1, 2]);
        void pool.submit(0, b, 2, seq);
      }
      expect(pool.needsFlush(0)).toBe(true);
      const second = pool.flush();
      expect(pool.needsFlush(0)).toBe(false);
      const buffer = await Promise.race([pool.acquire(0), new Promise((r) => setTimeout(() => r("stalled"), 5000))]);
      expect(buffer).not.toBe("stalled");
      const [a] = await first;
      const [b] = await second;
      expect(a!.keys).toBe(0);
      expect(Array.from(b!.stats.subarray(0, 1))).toEqual([4]);
    } finally {
      await pool.close();
    }
  });

  test.each([1, 2, 3])("with %i credit(s) per worker the pipeline never stalls and loses nothing", async (credits) => {
    const expected = await run(new InlineAggregator({ window: spec, batchSize: 97 }));
    const got = await run(await WorkerPool.start({ window: spec, workers: 2, batchSize: 97, credits }));
    expect(got.summary.peakBuffers).toBeLessThanOrEqual(2 * credits);
    expect(got.windows.map((w) => [w.sensor, w.windowStart, w.count, w.min, w.max, w.p50, w.p95])).toEqual(
      expected.windows.map((w) => [w.sensor, w.windowStart, w.count, w.min, w.max, w.p50, w.p95]),
    );
  });

  test("shared-memory slots cannot grow without bound", async () => {
    await expect(WorkerPool.start({ window: spec, workers: 1, bounded: false })).rejects.toThrow(
      new RangeError('Expected bounded buffers with transport "shared" (its slots are fixed at start); use transport "transfer" for bounded: false'),
    );
  });
});

describe("interruption", () => {
  test("an abort from a timer stops a busy run whose source and sink never wait, and the run drains", async () => {
    // 3,000,000 simulated readings, no I/O anywhere: the coordinator used to
    // keep the event loop from ever reaching the timer (and Ctrl-C's signal
    // handler) until the whole input was done.
    const registry = new SensorRegistry();
    const pool = await WorkerPool.start({ window: spec, workers: 2, batchSize: 16384 });
    const stop = new AbortController();
    let firedAt = -1;
    const started = performance.now();
    const timer = setTimeout(() => {
      firedAt = performance.now() - started;
      stop.abort();
    }, 100);
    try {
      const windows: WindowStats[] = [];
      const summary = await processReadings(simulateSensors({ sensors: 100, seed: 3, rate: 100, durationMs: 300_000, startTime: 0 }, registry), {
        window: spec,
        registry,
        aggregator: pool,
        signal: stop.signal,
        onWindow: (w) => void windows.push(w),
      });
      const endedAt = performance.now() - started;
      expect(summary.interrupted).toBe(true);
      expect(firedAt).toBeGreaterThan(0);
      expect(endedAt - firedAt).toBeLessThan(1000);
      expect(summary.ingested).toBeLessThan(3_000_000);
      expect(summary.ingested).toBe(summary.aggregated + summary.late + summary.rejected);
      expect(windows.reduce((n, w) => n + w.count, 0)).toBe(summary.aggregated);
    } finally {
      clearTimeout(timer);
      await pool.close();
    }
  });
});
