// Measured experiments the chapter notebook runs: each returns plain data to
// plot. Wall-clock numbers on a shared machine are noisy; callers show what
// they measured, never a constant.
import { median } from "../shared/stats";
import { naiveAggregate, readingsOf } from "./naive";
import { processReadings, type Progress, type ProcessSummary } from "./pipeline";
import { InlineAggregator, WorkerPool, type Aggregator, type Partitioning, type TaskSpan } from "./pool";
import type { Transport } from "./protocol";
import { SensorRegistry, type ReadingChunk } from "./reading";
import { simulateSensors, type SimulationOptions } from "./sources/simulated";
import type { WindowStats } from "./stats";
import { windowSpec, type WindowSpec } from "./window";

/** An in-memory input: columns generated once, replayed by every variant. */
export interface Workload {
  readonly chunks: readonly ReadingChunk[];
  readonly registry: SensorRegistry;
  readonly readings: number;
}

/** Generates about `readings` readings from `sensors` simulated sensors at 1 kHz each. */
export function workload(readings: number, options: Partial<SimulationOptions> = {}): Workload {
  const registry = new SensorRegistry();
  const sensors = options.sensors ?? 100;
  const rate = options.rate ?? 1000;
  const durationMs = Math.max(1, Math.ceil((readings / sensors / rate) * 1000));
  const chunks = [...simulateSensors({ seed: 1, chunkSize: 1 << 16, ...options, sensors, rate, durationMs }, registry)];
  return { chunks, registry, readings: chunks.reduce((s, c) => s + c.length + c.rejected.length, 0) };
}

/** One timed run. */
export interface Throughput {
  readonly label: string;
  readonly workers: number;
  readonly batchSize: number;
  readonly transport: Transport | "inline" | "objects";
  readonly ms: number;
  readonly readingsPerSecond: number;
  readonly summary?: ProcessSummary;
  readonly activity?: readonly TaskSpan[];
}

/** Version 0: one object per reading into a string-keyed Map, one thread (median of `repeats`). */
export async function timeNaive(w: Workload, window: WindowSpec = windowSpec(1000), repeats = 3): Promise<Throughput> {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    await naiveAggregate(readingsOf(w.chunks, (id) => w.registry.name(id)), window);
    times.push(performance.now() - t);
  }
  const ms = median(times);
  return { label: "v0 objects + Map", workers: 0, batchSize: 1, transport: "objects", ms, readingsPerSecond: (w.readings / ms) * 1000 };
}

/** Options of {@link timePipeline}. */
export interface PipelineRun {
  /** 0: aggregate on the calling thread. */
  readonly workers: number;
  readonly transport?: Transport;
  /** How a pool splits readings between its workers. Default "stretch". */
  readonly partitioning?: Partitioning;
  readonly batchSize?: number;
  readonly window?: WindowSpec;
  readonly label?: string;
  /** Timed runs on the same pool; the median is reported. Default 3. */
  readonly repeats?: number;
}

/**
 * Times the full pipeline over a workload. The pool is started (and warmed
 * on a small slice) before the clock starts, and closed afterwards.
 */
export async function timePipeline(w: Workload, run: PipelineRun): Promise<Throughput> {
  const window = run.window ?? windowSpec(1000);
  const batchSize = run.batchSize ?? 16384;
  const transport = run.transport ?? "shared";
  const make = async (): Promise<Aggregator> =>
    run.workers === 0 ? new InlineAggregator({ window, batchSize }) : WorkerPool.start({ window, workers: run.workers, transport, batchSize, partitioning: run.partitioning });
  const aggregator = await make();
  try {
    await processReadings(w.chunks.slice(0, 2), { window, registry: w.registry, aggregator });
    const times: number[] = [];
    let summary: ProcessSummary | undefined;
    for (let r = 0; r < (run.repeats ?? 3); r++) {
      (aggregator.activity as TaskSpan[]).length = 0;
      const t = performance.now();
      summary = await processReadings(w.chunks, { window, registry: w.registry, aggregator, onWindow: () => undefined });
      times.push(performance.now() - t);
    }
    const ms = median(times);
    const label = run.label ?? (run.workers === 0 ? "inline" : `${run.workers} worker(s), ${transport}`);
    return { label, workers: run.workers, batchSize, transport: run.workers === 0 ? "inline" : transport, ms, readingsPerSecond: (w.readings / ms) * 1000, summary, activity: [...aggregator.activity] };
  } finally {
    await aggregator.close();
  }
}

/** Late and aggregated readings for one allowed lateness. */
export interface LatenessPoint {
  readonly lateness: number;
  readonly late: number;
  readonly aggregated: number;
  readonly ingested: number;
}

/**
 * Runs the same out-of-order stream (delays up to `maxDelayMs`, watermark
 * with no out-of-orderness allowance) with each allowed lateness.
 */
export async function lateVsLateness(latenesses: readonly number[], sim: Partial<SimulationOptions> = {}): Promise<LatenessPoint[]> {
  const window = windowSpec(1000);
  const out: LatenessPoint[] = [];
  for (const lateness of latenesses) {
    const registry = new SensorRegistry();
    const s = await processReadings(simulateSensors({ sensors: 20, durationMs: 20_000, rate: 100, maxDelayMs: 800, seed: 11, ...sim }, registry), {
      window,
      registry,
      aggregator: new InlineAggregator({ window }),
      lateness,
      watermarkEvery: 16,
    });
    out.push({ lateness, late: s.late, aggregated: s.aggregated, ingested: s.ingested });
  }
  return out;
}

/** One sample of a memory-over-time run. */
export interface MemorySample {
  readonly ms: number;
  /** JavaScript objects (results waiting for the sink live here). */
  readonly heapMiB: number;
  /** ArrayBuffers and SharedArrayBuffers (batch buffers live here). */
  readonly arrayBuffersMiB: number;
  readonly rssMiB: number;
  readonly buffers: number;
  readonly pendingWindows: number;
  readonly waitingForSink: number;
}

/**
 * A run whose sink is slow (sleeps `sinkPauseMs` every `sinkEvery` results;
 * by default it needs about three times as long as the pipeline), sampled
 * every 50 ms. With backpressure the coordinator awaits every write and
 * takes a free credit for every batch, so the sink sets the pace; without
 * it, the run reads on at full speed, hands results over without waiting
 * and allocates buffers instead of waiting for one (by transfer: shared
 * slots cannot grow), and what the sink has not taken piles up.
 */
export async function memoryOverTime(options: { backpressure: boolean; readings?: number; windowMs?: number; sinkEvery?: number; sinkPauseMs?: number }): Promise<{ samples: MemorySample[]; summary: ProcessSummary }> {
  const { backpressure, readings = 1_500_000, windowMs = 100, sinkEvery = 5, sinkPauseMs = 1 } = options;
  const window = windowSpec(windowMs);
  const registry = new SensorRegistry();
  const aggregator = await WorkerPool.start({ window, workers: 2, batchSize: 4096, credits: 3, transport: backpressure ? "shared" : "transfer", bounded: backpressure });
  const samples: MemorySample[] = [];
  let written = 0;
  // One write at a time, as to a file or a socket: each starts when the one
  // before it is done, whether or not the coordinator waits for it.
  let tail: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => (++written % sinkEvery === 0 ? new Promise<void>((r) => setTimeout(r, sinkPauseMs)) : Promise.resolve());
  const sensors = 200;
  try {
    const summary = await processReadings(simulateSensors({ sensors, rate: 1000, durationMs: Math.ceil((readings / sensors / 1000) * 1000), seed: 4, chunkSize: 8192 }, registry), {
      window,
      registry,
      aggregator,
      backpressure,
      progressEveryMs: 50,
      onProgress: (p: Progress) =>
        void samples.push({
          ms: p.elapsedMs,
          heapMiB: p.heapUsed / 2 ** 20,
          arrayBuffersMiB: p.arrayBuffers / 2 ** 20,
          rssMiB: p.rss / 2 ** 20,
          buffers: p.buffers,
          pendingWindows: p.pendingWindows,
          waitingForSink: p.waitingForSink,
        }),
      onWindow: (_w: WindowStats) => (tail = tail.then(write)),
    });
    return { samples, summary };
  } finally {
    await aggregator.close();
  }
}

/** Closeness for sums merged in a different order: 1e-9 relative to the larger of a, b and `scale` (the values' size, for results near 0). */
const closeTo = (a: number, b: number, scale: number): boolean => a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), scale);

/**
 * The same run with and without a worker killed mid-way. `identical`: the
 * same (sensor, window) keys in the same order with equal count, min, max,
 * p50 and p95, and mean and standard deviation within 1e-9 relative (a
 * replayed batch can be folded in another order).
 */
export async function crashDrill(): Promise<{ restarts: number; identical: boolean; windows: number; aggregated: number }> {
  const window = windowSpec(1000);
  const run = async (crashOnBatch?: number) => {
    const registry = new SensorRegistry();
    const pool = await WorkerPool.start({ window, workers: 2, batchSize: 2048, crashOnBatch });
    const out: WindowStats[] = [];
    try {
      const s = await processReadings(simulateSensors({ sensors: 20, durationMs: 10_000, rate: 200, maxDelayMs: 100, seed: 8 }, registry), {
        window,
        registry,
        aggregator: pool,
        outOfOrderness: 100,
        onWindow: (w) => void out.push(w),
      });
      return { s, out };
    } finally {
      await pool.close();
    }
  };
  const clean = await run();
  const crashed = await run(5);
  return {
    restarts: crashed.s.restarts,
    identical:
      clean.out.length === crashed.out.length &&
      clean.out.every((a, i) => {
        const b = crashed.out[i]!;
        const exact = ["sensor", "windowStart", "count", "min", "max", "p50", "p95"] as const;
        const scale = Math.max(Math.abs(a.min), Math.abs(a.max));
        return exact.every((k) => a[k] === b[k]) && closeTo(a.mean, b.mean, scale) && closeTo(a.stddev, b.stddev, scale);
      }),
    windows: crashed.s.windows,
    aggregated: crashed.s.aggregated,
  };
}
