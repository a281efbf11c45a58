import { Worker } from "node:worker_threads";
import { BUSY_WORKER_SOURCE, busyWait } from "./busy-wait";
import { checkInteger } from "../shared/check";

/** Where the CPU-bound work of {@link measureTimerLateness} runs. */
export type LoadPlacement = "none" | "main thread" | "worker";

/** Options for {@link measureTimerLateness}. */
export interface TimerLatenessOptions {
  /** Where the CPU work runs: nowhere, on the event loop, or in a worker thread. */
  readonly load: LoadPlacement;
  /** Number of timer ticks measured (default 100). */
  readonly ticks?: number;
  /** Milliseconds between ticks (default 10). */
  readonly intervalMs?: number;
  /** Length of one CPU-bound job (default 50 ms). */
  readonly jobMs?: number;
  /** A new job starts this many ms after the previous one ends (default 50). */
  readonly gapMs?: number;
}

/** What {@link measureTimerLateness} measured. */
export interface TimerLateness {
  readonly load: LoadPlacement;
  /** For each tick: how late it fired, in ms, relative to its schedule. */
  readonly latenessMs: readonly number[];
  /** How many CPU jobs started during the measurement (the first starts before the first tick). */
  readonly jobs: number;
}

/**
 * Measures how late a steady timer fires while CPU-bound jobs run either on
 * the event loop itself or in a worker thread. Timers stand in for every
 * other request a server is handling at the same time.
 *
 * Each tick is scheduled for `start + i * intervalMs`; its lateness is the
 * difference between when it ran and that time.
 *
 * @throws {RangeError} When a count or duration is out of range.
 */
export async function measureTimerLateness(options: TimerLatenessOptions): Promise<TimerLateness> {
  const ticks = options.ticks ?? 100;
  const intervalMs = options.intervalMs ?? 10;
  const jobMs = options.jobMs ?? 50;
  const gapMs = options.gapMs ?? 50;
  checkInteger("ticks", ticks, 1, 10_000);
  for (const [name, value] of [["intervalMs", intervalMs], ["jobMs", jobMs], ["gapMs", gapMs]] as const) {
    if (!Number.isFinite(value) || value < 0 || value > 10_000) {
      throw new RangeError(`Expected ${name} to be from 0 to 10000 ms but found ${value}`);
    }
  }
  const worker = options.load === "worker" ? new Worker(BUSY_WORKER_SOURCE, { eval: true }) : undefined;
  let jobs = 0;
  let running = true;
  let pendingJob: NodeJS.Timeout | undefined;
  const runJob = async (): Promise<void> => {
    if (!running) return;
    jobs++;
    if (worker) {
      worker.postMessage(jobMs);
      await new Promise<void>((resolve) => worker.once("message", () => resolve()));
    } else {
      busyWait(jobMs);
    }
    if (running) pendingJob = setTimeout(() => void runJob(), gapMs);
  };
  try {
    if (worker) await new Promise<void>((resolve, reject) => worker.once("online", resolve).once("error", reject));
    const lateness: number[] = [];
    const start = performance.now();
    if (options.load !== "none") pendingJob = setTimeout(() => void runJob(), 0);
    await new Promise<void>((resolve) => {
      // Tick i is due at start + i * intervalMs; scheduling against the
      // absolute time keeps one late tick from delaying all the later ones.
      const tick = (i: number): void => {
        lateness.push(performance.now() - (start + i * intervalMs));
        if (i === ticks) return resolve();
        setTimeout(() => tick(i + 1), Math.max(0, start + (i + 1) * intervalMs - performance.now()));
      };
      setTimeout(() => tick(1), intervalMs);
    });
    return { load: options.load, latenessMs: lateness, jobs };
  } finally {
    running = false;
    if (pendingJob) clearTimeout(pendingJob);
    if (worker) await worker.terminate();
  }
}
