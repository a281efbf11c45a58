import { foldValue, mergePartial, stateLookup, type PartialAggregates, type WindowStateTable } from "./aggregate";
import { needsAnyFlush, type Aggregator, type BatchBuffer } from "./pool";
import type { DeadLetter, Reading, ReadingChunk, SensorRegistry } from "./reading";
import { rollup, windowStats, type WindowRollup, type WindowStats } from "./stats";
import { WatermarkTracker } from "./watermark";
import type { WindowSpec } from "./window";

/** What a run did. `ingested = aggregated + late + rejected` always holds (asserted). */
export interface ProcessSummary {
  readonly ingested: number;
  readonly aggregated: number;
  readonly late: number;
  readonly rejected: number;
  /** Closed (sensor, window) results emitted. */
  readonly windows: number;
  readonly workers: number;
  readonly elapsedMs: number;
  readonly readingsPerSecond: number;
  /** Workers replaced after crashing. */
  readonly restarts: number;
  /** Most batch buffers out at once (filling or in flight). */
  readonly peakBuffers: number;
  /** Most closed results waiting for the sink at once (not yet handed over, or handed over without waiting and not written). */
  readonly peakPendingWindows: number;
  /** Stopped early by the abort signal (then drained). */
  readonly interrupted: boolean;
}

/** A snapshot for progress lines and memory-over-time plots. */
export interface Progress {
  readonly elapsedMs: number;
  readonly ingested: number;
  readonly watermark: number;
  /** Newest event time minus watermark (ms). */
  readonly watermarkLag: number;
  readonly buffers: number;
  /** Open (sensor, window) states plus closed results not yet handed to the sink. */
  readonly pendingWindows: number;
  /** Closed results not yet written: waiting to be handed to the sink, or handed over without waiting and not done. */
  readonly waitingForSink: number;
  /** JavaScript heap in use (objects; typed arrays' memory is in `arrayBuffers`). */
  readonly heapUsed: number;
  /** Memory of ArrayBuffers and SharedArrayBuffers: batch buffers, columns, partial states. */
  readonly arrayBuffers: number;
  readonly rss: number;
}

/** Options of {@link processReadings}. Durations in ms of event time. */
export interface ProcessOptions {
  readonly window: WindowSpec;
  readonly registry: SensorRegistry;
  readonly aggregator: Aggregator;
  /** How long after a window's end it still accepts readings. Default 0. */
  readonly lateness?: number;
  readonly outOfOrderness?: number;
  readonly idleTimeout?: number;
  /** Recompute the watermark every this many readings. Default 256. */
  readonly watermarkEvery?: number;
  /** The sink: awaited (a slow sink slows the sources) unless `backpressure` is false. */
  readonly onWindow?: (stats: WindowStats) => void | Promise<void>;
  readonly onRollup?: (rollup: WindowRollup) => void;
  readonly onLate?: (reading: Reading) => void;
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /**
   * Awaited (when it returns a promise) after each chunk: how slow side
   * outputs — dead letters, late readings, rollups, handed over without
   * waiting — slow the sources too, so they buffer at most about a chunk's worth.
   */
  readonly sideOutputsReady?: () => Promise<void> | void;
  /** Called at most every `progressEveryMs` (default 250). */
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /** When false, results are handed to the sink without waiting for it. Default true. */
  readonly backpressure?: boolean;
  /** Stop pulling input, then drain and flush every open window. */
  readonly signal?: AbortSignal;
}

/** Longest the coordinator keeps the event loop waiting (ms of wall time). */
const YIELD_MS = 20;

/** A flush asked of the aggregator: once its states are merged, windows up to `upToIndex` close. */
interface PendingFlush {
  /** Windows whose start index is at most this close (−Infinity: none, a flush only to free credits). */
  readonly upToIndex: number;
  partials?: PartialAggregates[];
}

/**
 * The coordinator: pulls chunks from a source, tracks the watermark, sends
 * late readings (every window of theirs closed) to the side output, folds
 * the few whose sliding windows are only partly closed into the open ones
 * itself, copies the rest in contiguous stretches
 * into batch buffers that go to the aggregator's partitions — in turn, but
 * skipping one whose buffers are all out, so a slow worker gets less (the
 * per-reading aggregation happens there, on the workers, each folding into
 * a window table of its own). When the watermark lets windows close it asks
 * every partition to flush, merges their states in partition order, and
 * emits the (sensor, window) results whose end plus the allowed lateness
 * the watermark has passed — so merging costs per window, not per batch.
 * Pulling is the backpressure: nothing new is read while buffers are all
 * out or the sink has not caught up.
 */
export async function processReadings(
  source: AsyncIterable<ReadingChunk> | Iterable<ReadingChunk>,
  options: ProcessOptions,
): Promise<ProcessSummary> {
  const { window: spec, registry, aggregator, onWindow, onRollup, onLate, onDeadLetter, onProgress, signal } = options;
  const lateness = options.lateness ?? 0;
  const every = options.watermarkEvery ?? 256;
  const backpressure = options.backpressure ?? true;
  const progressEvery = options.progressEveryMs ?? 250;
  if (!(lateness >= 0)) throw new RangeError(`Expected lateness >= 0 ms but found ${lateness}`);
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`Expected watermarkEvery to be a positive integer but found ${every}`);
  const tracker = new WatermarkTracker({ outOfOrderness: options.outOfOrderness, idleTimeout: options.idleTimeout });
  const t0 = performance.now();

  let ingested = 0;
  let aggregated = 0;
  let late = 0;
  let rejected = 0;
  let windows = 0;
  let seq = 0;
  let sinceTick = 0;
  let lastCloseIndex = -Infinity;
  let peakBuffers = 0;
  let peakPendingWindows = 0;
  let lastProgress = -Infinity;
  let failure: Error | undefined;

  // One buffer is filled at a time, with contiguous stretches of the input;
  // full buffers go to the partitions (workers) in turn, skipping any that
  // has no free buffer.
  let current: BatchBuffer | undefined;
  let currentLane = 0;
  let filled = 0;
  const outstanding = new Set<Promise<void>>();
  const flushes: PendingFlush[] = [];
  const table: WindowStateTable = new Map();
  const outbox: WindowStats[] = [];
  const sinkWrites = new Set<Promise<void>>();

  const stateFor = stateLookup(table);

  const notePending = (): void => {
    const waiting = outbox.length + sinkWrites.size;
    if (waiting > peakPendingWindows) peakPendingWindows = waiting;
  };

  const closeUpTo = (upToIndex: number): void => {
    const starts = [...table.keys()].filter((s) => s / spec.slide <= upToIndex).sort((a, b) => a - b);
    for (const start of starts) {
      const states = [...table.get(start)!.values()];
      table.delete(start);
      const named = states.map((st) => ({ name: registry.name(st.sensor), st }));
      named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const { name, st } of named) outbox.push(windowStats(name, st, spec.size));
      if (onRollup) onRollup(rollup(states, start, spec.size));
    }
    notePending();
  };

  // Merges answered flushes in the order they were asked (each in
  // partition order), closing the windows each one allows.
  const settle = (): void => {
    while (flushes.length > 0 && flushes[0]!.partials) {
      const f = flushes.shift()!;
      for (const partial of f.partials!) mergePartial(partial, stateFor);
      if (f.upToIndex > -Infinity) closeUpTo(f.upToIndex);
    }
  };

  const track = (job: Promise<unknown>): void => {
    const tracked: Promise<void> = job.then(
      () => { outstanding.delete(tracked); },
      (err: Error) => {
        failure ??= err;
        outstanding.delete(tracked);
      },
    );
    outstanding.add(tracked);
  };

  const requestFlush = (upToIndex: number): void => {
    const f: PendingFlush = { upToIndex };
    flushes.push(f);
    track(
      aggregator.flush().then((partials) => {
        f.partials = partials;
        settle();
      }),
    );
  };

  // Resolves the wait for the sink to catch up once no write is left.
  let sinkIdle: (() => void) | undefined;
  const settleWrite = (p: Promise<void>): void => {
    sinkWrites.delete(p);
    if (sinkWrites.size === 0) sinkIdle?.();
  };

  const drainOutbox = async (): Promise<void> => {
    while (outbox.length > 0) {
      const stats = outbox.shift()!;
      windows++;
      if (!onWindow) continue;
      const r = onWindow(stats);
      if (r && typeof (r as Promise<void>).then === "function") {
        if (backpressure) await r;
        else {
          const p: Promise<void> = (r as Promise<void>).then(
            () => settleWrite(p),
            (err: Error): void => {
              failure ??= err;
              settleWrite(p);
            },
          );
          sinkWrites.add(p);
          notePending();
        }
      }
    }
  };

  const dispatch = (): void => {
    const buffer = current!;
    const p = currentLane;
    const n = filled;
    current = undefined;
    filled = 0;
    track(aggregator.submit(p, buffer, n, seq++));
  };

  // Windows up to index openFrom − 1 have closed (end + lateness <= the
  // watermark). A reading whose earliest window has closed (t < lateBefore)
  // leaves the batch: if all its windows have closed (t < allLateBefore,
  // only its last window's start matters) it is late and goes to the side
  // output; otherwise, sliding windows only, the coordinator folds it into
  // the ones still open itself — rare, and it keeps what a worker folds
  // free of any per-reading window limit.
  let lateBefore = -Infinity;
  let allLateBefore = -Infinity;
  let openFrom = -Infinity;
  // Set by a tick that lets windows up to this index close. The close waits
  // for the end of the stretch being scanned: readings after the tick that
  // are on time start in later windows, and the coordinator folds the
  // partly late ones only into later windows, so none can touch these ones.
  let closeAfterScan = -Infinity;
  const tick = (): void => {
    const wm = tracker.advance();
    const closeIndex = Math.floor((wm - lateness - spec.size) / spec.slide);
    if (Number.isFinite(closeIndex)) {
      lateBefore = closeIndex * spec.slide + spec.size;
      openFrom = closeIndex + 1;
      allLateBefore = openFrom * spec.slide;
    }
    if (closeIndex > lastCloseIndex && Number.isFinite(closeIndex)) {
      lastCloseIndex = closeIndex;
      closeAfterScan = closeIndex;
    }
  };

  const report = (): void => {
    const now = performance.now();
    if (!onProgress || now - lastProgress < progressEvery) return;
    lastProgress = now;
    const mem = process.memoryUsage();
    let pendingWindows = 0;
    for (const m of table.values()) pendingWindows += m.size;
    onProgress({
      elapsedMs: now - t0,
      ingested,
      watermark: tracker.current,
      watermarkLag: tracker.newestEventTime - tracker.current,
      buffers: aggregator.buffersInUse,
      pendingWindows: pendingWindows + outbox.length,
      waitingForSink: outbox.length + sinkWrites.size,
      heapUsed: mem.heapUsed,
      arrayBuffers: mem.arrayBuffers,
      rss: mem.rss,
    });
  };

  let interrupted = false;
  let lastTurn = performance.now();
  const copyInto = (chunk: ReadingChunk, from: number, to: number): void => {
    const b = current!;
    if (to - from > 16) {
      b.sensor.set(chunk.sensor.subarray(from, to), filled);
      b.time.set(chunk.time.subarray(from, to), filled);
      b.value.set(chunk.value.subarray(from, to), filled);
    } else {
      for (let i = from, f = filled; i < to; i++, f++) {
        b.sensor[f] = chunk.sensor[i]!;
        b.time[f] = chunk.time[i]!;
        b.value[f] = chunk.value[i]!;
      }
    }
    filled += to - from;
  };
  // Readings of [from, to) whose earliest window has closed, by the current
  // `lateBefore`: the on-time run before each goes into the buffer, the
  // reading itself to the side output or into its open windows here.
  let runStart = 0;
  let lateInScan = 0;
  const takeLate = (chunk: ReadingChunk, from: number, to: number): void => {
    const time = chunk.time;
    for (let i = from; i < to; i++) {
      const t = time[i]!;
      if (t >= lateBefore) continue;
      if (i > runStart) copyInto(chunk, runStart, i);
      runStart = i + 1;
      if (t >= allLateBefore) {
        const s = chunk.sensor[i]!;
        const v = chunk.value[i]!;
        for (let k = openFrom, last = Math.floor(t / spec.slide); k <= last; k++) foldValue(stateFor(s, k * spec.slide), v);
        continue;
      }
      lateInScan++;
      if (onLate) onLate({ sensor: registry.name(chunk.sensor[i]!), timestamp: t, value: chunk.value[i]!, seq: chunk.seq[i]! });
    }
  };
  // The coordinator's only per-reading work: watermark bookkeeping and the
  // lateness test over readings [from, to) of `chunk`, a block per watermark
  // period. On-time readings are copied into the current buffer in runs (a
  // memcpy per run); a block whose earliest reading is on time needs no test.
  const scan = (chunk: ReadingChunk, from: number, to: number): void => {
    runStart = from;
    lateInScan = 0;
    for (let i = from; i < to; ) {
      const tickIn = every - sinceTick;
      const j = Math.min(to, i + tickIn);
      const earliest = tracker.observeAll(chunk.sensor, chunk.time, i, j);
      const ticks = j - i === tickIn; // reading j − 1 completes a period
      if (earliest < lateBefore) takeLate(chunk, i, ticks ? j - 1 : j);
      if (ticks) {
        sinceTick = 0;
        tick();
        takeLate(chunk, j - 1, j);
      } else sinceTick += j - i;
      i = j;
    }
    if (to > runStart) copyInto(chunk, runStart, to);
    late += lateInScan;
    aggregated += to - from - lateInScan;
  };

  for await (const chunk of source) {
    ingested += chunk.length + chunk.rejected.length;
    rejected += chunk.rejected.length;
    if (onDeadLetter) for (const d of chunk.rejected) onDeadLetter(d);
    for (let at = 0; at < chunk.length; ) {
      if (!current) {
        // A lane whose buffers are all folded but held for crash replay
        // can only get one back from a flush (closing nothing).
        if (needsAnyFlush(aggregator)) requestFlush(-Infinity);
        ({ lane: currentLane, buffer: current } = await aggregator.acquireAny());
        if (aggregator.buffersInUse > peakBuffers) peakBuffers = aggregator.buffersInUse;
      }
      const to = Math.min(chunk.length, at + current.capacity - filled);
      scan(chunk, at, to);
      at = to;
      if (filled === current.capacity) dispatch();
      if (closeAfterScan > -Infinity) {
        if (current && filled > 0) dispatch();
        requestFlush(closeAfterScan);
        closeAfterScan = -Infinity;
      }
    }
    if (failure) throw failure;
    if (outbox.length > 0) await drainOutbox();
    const sideOutputs = options.sideOutputsReady?.();
    if (sideOutputs) await sideOutputs;
    report();
    // With a source and a sink that never wait (in memory, simulated), the
    // coordinator runs on promise callbacks that the workers' replies resolve
    // one after another, and the event loop never gets to its timers or
    // signals: Ctrl-C went unseen until the run had ended. So a turn of the
    // event loop comes at least every YIELD_MS.
    if (performance.now() - lastTurn >= YIELD_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastTurn = performance.now();
    }
    if (signal?.aborted) {
      interrupted = true;
      break;
    }
  }

  // A network source closed by the abort ends the loop without a chunk.
  if (signal?.aborted) interrupted = true;
  // Drain: everything pending goes out (an empty buffer too, which hands
  // its credit back), every open window closes.
  if (current) dispatch();
  requestFlush(Infinity);
  while (outstanding.size > 0) await Promise.all([...outstanding]);
  if (failure) throw failure;
  settle();
  await drainOutbox();
  // Results handed over without waiting: the sink catches up, reported as
  // it goes (one wait per report, not one per write still out).
  // setTimeout takes at most 2^31 − 1 ms (longer becomes 1 ms).
  const wait = Math.min(Math.max(progressEvery, 1), 2 ** 31 - 1);
  while (sinkWrites.size > 0) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<void>((resolve) => (sinkIdle = resolve));
    await (onProgress ? Promise.race([idle, new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)))]) : idle);
    clearTimeout(timer);
    report();
  }
  sinkIdle = undefined;
  if (failure) throw failure;
  report();

  if (ingested !== aggregated + late + rejected) {
    throw new Error(`accounting identity violated: ingested ${ingested} != aggregated ${aggregated} + late ${late} + rejected ${rejected}`);
  }
  if (table.size > 0) throw new Error(`${table.size} window(s) still open after the drain`);
  const elapsedMs = performance.now() - t0;
  return {
    ingested,
    aggregated,
    late,
    rejected,
    windows,
    workers: aggregator.size,
    elapsedMs,
    readingsPerSecond: elapsedMs > 0 ? (ingested / elapsedMs) * 1000 : 0,
    restarts: aggregator.restarts,
    peakBuffers,
    peakPendingWindows,
    interrupted,
  };
}
