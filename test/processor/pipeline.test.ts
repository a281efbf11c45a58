import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { chunkOf, InlineAggregator, processReadings, SensorRegistry, windowSpec, windowStartsOf, type Reading } from "../../src/processor";
import { at, runReadings } from "./helpers";

describe("event-time windows and watermarks on hand-made streams", () => {
  test("a reading exactly on a boundary opens the next window", async () => {
    const { windows } = await runReadings(at("a", 100, 999, 1000, 1500), windowSpec(1000));
    expect(windows.map((w) => [w.windowStart, w.windowEnd, w.count])).toEqual([
      [0, 1000, 2],
      [1000, 2000, 2],
    ]);
  });

  test("a reading whose window already closed goes to the late side output", async () => {
    const { summary, windows, late } = await runReadings(at("a", 100, 1500, 950), windowSpec(1000));
    expect(late.map((r) => r.timestamp)).toEqual([950]);
    expect(windows.find((w) => w.windowStart === 0)!.count).toBe(1);
    expect(summary).toMatchObject({ ingested: 3, aggregated: 2, late: 1, rejected: 0 });
  });

  test("with sliding windows a reading late for some of its windows still counts in the open ones", async () => {
    // 1 s windows every 500 ms: 1200 belongs to [500, 1500) and [1000, 2000).
    // Readings up to 1799 move the watermark past 1500, closing the first.
    const stream = [...at("a", ...Array.from({ length: 300 }, (_, i) => 1500 + i)), { sensor: "a", timestamp: 1200, value: 100, seq: 300 }];
    const { summary, windows, late } = await runReadings(stream, windowSpec(1000, 500));
    expect(late).toEqual([]);
    const w = windows.find((x) => x.windowStart === 1000)!;
    expect([w.count, w.max]).toEqual([301, 100]);
    expect(windows.some((x) => x.windowStart === 500)).toBe(false); // its only reading came too late for it
    expect(summary).toMatchObject({ ingested: 301, aggregated: 301, late: 0 });
    // Once its last window has closed too, it is late.
    const after = await runReadings([...stream.slice(0, 300), ...at("a", 2600), { ...stream[300]!, seq: 301 }], windowSpec(1000, 500));
    expect(after.late.map((r) => r.timestamp)).toEqual([1200]);
  });

  test("allowed lateness keeps a window open until watermark = end + lateness, exclusive", async () => {
    const spec = windowSpec(1000);
    const onTime = await runReadings(at("a", 100, 1499, 950), spec, { lateness: 500 });
    expect(onTime.late).toEqual([]);
    expect(onTime.windows[0]!.count).toBe(2);
    const justLate = await runReadings(at("a", 100, 1500, 950), spec, { lateness: 500 });
    expect(justLate.late.map((r) => r.timestamp)).toEqual([950]);
  });

  test("out-of-orderness holds the watermark back so delayed readings stay on time", async () => {
    const { late } = await runReadings(at("a", 100, 1200, 950), windowSpec(1000), { outOfOrderness: 300 });
    expect(late).toEqual([]);
  });

  test("an idle sensor does not hold the watermark back", async () => {
    const stream = [...at("quiet", 0), ...at("busy", 1000, 4000, 8000), ...at("quiet", 500)];
    const withIdle = await runReadings(stream, windowSpec(1000), { idleTimeout: 2000 });
    expect(withIdle.late.map((r) => [r.sensor, r.timestamp])).toEqual([["quiet", 500]]);
    const neverIdle = await runReadings(stream, windowSpec(1000), { idleTimeout: 1e9 });
    expect(neverIdle.late).toEqual([]);
  });

  test("results come once per (sensor, window), sorted by window then sensor", async () => {
    const { windows } = await runReadings(
      [at("b", 10)[0]!, at("a", 20)[0]!, { ...at("b", 1010)[0]!, seq: 1 }, { ...at("a", 1020)[0]!, seq: 1 }],
      windowSpec(1000),
    );
    expect(windows.map((w) => `${w.windowStart}:${w.sensor}`)).toEqual(["0:a", "0:b", "1000:a", "1000:b"]);
  });

  test("rollups merge every sensor of a window", async () => {
    const rollups: { windowStart: number; count: number; sensors: number; min: number; max: number }[] = [];
    await runReadings([...at("a", 10, 20), ...at("b", 30)], windowSpec(1000), { onRollup: (r) => void rollups.push(r) });
    expect(rollups).toEqual([expect.objectContaining({ windowStart: 0, count: 3, sensors: 2, min: 0.01, max: 0.03 })]);
  });
});

test("a slow side output slows the source: no chunk is pulled while it is congested", async () => {
  const registry = new SensorRegistry();
  let pulled = 0;
  function* source() {
    for (let i = 0; i < 5; i++) {
      pulled++;
      yield chunkOf(at("a", 10 * i), registry);
    }
  }
  let asked = 0;
  let release!: () => void;
  const run = processReadings(source(), {
    window: windowSpec(1000),
    registry,
    aggregator: new InlineAggregator({ window: windowSpec(1000), batchSize: 7 }),
    sideOutputsReady: () => (++asked === 2 ? new Promise<void>((r) => (release = r)) : undefined),
  });
  await new Promise((r) => setTimeout(r, 50));
  expect([pulled, asked]).toEqual([2, 2]);
  release();
  expect((await run).ingested).toBe(5);
  expect([pulled, asked]).toEqual([5, 5]);
});

const reading = fc.record({
  sensor: fc.constantFrom("a", "b", "c"),
  timestamp: fc.integer({ min: 0, max: 20_000 }),
  value: fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }),
});

/**
 * What the pipeline should do, by brute force, with the watermark advanced
 * after every reading (as `runReadings` asks): the watermark is the highest
 * so far of min over sensors not idle (newest within 2 s of the newest
 * overall) of their newest time − out-of-orderness; window k has closed once
 * k·slide + size + lateness <= watermark. Each reading counts in its windows
 * still open when it arrives, and is late when none is.
 */
function reference(readings: readonly Reading[], size: number, slide: number, lateness: number, outOfOrderness: number) {
  const groups = new Map<string, number[]>();
  const late: number[] = [];
  const newest = new Map<string, number>();
  let watermark = -Infinity;
  for (const r of readings) {
    newest.set(r.sensor, Math.max(newest.get(r.sensor) ?? -Infinity, r.timestamp));
    const overall = Math.max(...newest.values());
    const active = [...newest.values()].filter((t) => t >= overall - 2000);
    watermark = Math.max(watermark, Math.min(...active) - outOfOrderness);
    const open = windowStartsOf(r.timestamp, windowSpec(size, slide)).filter((start) => start + size + lateness > watermark);
    if (open.length === 0) late.push(r.seq);
    for (const start of open) {
      const key = `${r.sensor}@${start}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(r.value);
    }
  }
  return { groups, late };
}

test("every emitted window equals a brute-force aggregate of the readings still open for it, and exactly the rest are late", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(reading, { maxLength: 150 }),
      fc.constantFrom([1000, 1000], [1000, 250], [3000, 1000]),
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 0, max: 2000 }),
      async (raw, [size, slide], lateness, outOfOrderness) => {
        const readings = raw.map((r, seq) => ({ ...r, seq }));
        const { summary, windows, late } = await runReadings(readings, windowSpec(size!, slide!), { lateness, outOfOrderness });
        expect(summary.ingested).toBe(summary.aggregated + summary.late + summary.rejected);
        const { groups: expected, late: expectedLate } = reference(readings, size!, slide!, lateness, outOfOrderness);
        expect(late.map((r) => r.seq)).toEqual(expectedLate);
        expect(windows.length).toBe(expected.size);
        for (const w of windows) {
          const values = expected.get(`${w.sensor}@${w.windowStart}`)!;
          expect(values).toBeDefined();
          expect(w.windowEnd - w.windowStart).toBe(size);
          expect(w.count).toBe(values.length);
          expect(w.min).toBe(Math.min(...values));
          expect(w.max).toBe(Math.max(...values));
          const mean = values.reduce((s, v) => s + v, 0) / values.length;
          expect(Math.abs(w.mean - mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
          const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
          expect(Math.abs(w.stddev - sd)).toBeLessThanOrEqual(1e-9 * Math.max(1, sd));
          const sorted = [...values].sort((x, y) => x - y);
          for (const [q, got] of [[0.5, w.p50], [0.95, w.p95]] as const) {
            const rank = q * (sorted.length - 1);
            const lo = sorted[Math.floor(rank)]!;
            const hi = sorted[Math.ceil(rank)]!;
            // DDSketch: within 1 % of the value at that rank (plus the tiny values it maps to zero)
            const ok = [lo, hi].some((x) => Math.abs(got - x) <= 0.01 * Math.abs(x) + 1e-9);
            expect(ok, `p${q * 100} ${got} vs ${lo}..${hi}`).toBe(true);
          }
        }
      },
    ),
    { numRuns: 150 },
  );
});

test("with tumbling windows each on-time reading is counted in exactly one emitted window, each key once", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(reading, { maxLength: 200 }), fc.integer({ min: 0, max: 3000 }), async (raw, lateness) => {
      const readings = raw.map((r, seq) => ({ ...r, seq }));
      const { late, windows } = await runReadings(readings, windowSpec(1000), { lateness });
      const keys = windows.map((w) => `${w.sensor}@${w.windowStart}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(windows.reduce((s, w) => s + w.count, 0)).toBe(readings.length - late.length);
    }),
  );
});

test("without backpressure the run still waits for every write, reports the backlog as the sink catches up, and fails if a write fails", async () => {
  const stream = at("a", ...Array.from({ length: 40 }, (_, i) => 100 * i));
  let unfinished = 0;
  const backlog: number[] = [];
  const slowWrite = () => {
    unfinished++;
    return new Promise<void>((r) => setTimeout(() => { unfinished--; r(); }, 20));
  };
  const { summary } = await runReadings(stream, windowSpec(100), {
    backpressure: false,
    onWindow: slowWrite,
    progressEveryMs: 0,
    onProgress: (p) => void backlog.push(p.waitingForSink),
  });
  expect(unfinished).toBe(0);
  expect(summary.windows).toBe(40);
  expect(summary.peakPendingWindows).toBeGreaterThan(1);
  expect(Math.max(...backlog)).toBeGreaterThan(1);
  expect(backlog.at(-1)).toBe(0);

  // "Report only at the end": no timer longer than setTimeout can take (Node would warn and fire every 1 ms).
  const warnings: string[] = [];
  const onWarning = (w: Error) => void warnings.push(w.name);
  process.on("warning", onWarning);
  try {
    await runReadings(stream, windowSpec(100), { backpressure: false, onWindow: slowWrite, progressEveryMs: Infinity, onProgress: () => undefined });
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("warning", onWarning);
  }
  expect(warnings).toEqual([]);

  const failing = runReadings(stream, windowSpec(100), {
    backpressure: false,
    onWindow: (w) => (w.windowStart === 500 ? Promise.reject(new Error("disk full")) : slowWrite()),
  });
  await expect(failing).rejects.toThrow("disk full");
});
