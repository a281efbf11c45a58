import { median } from "../../shared/stats";
import { runLesson } from "./run";

/** Median time for two workers to `Atomics.add` into neighbouring vs padded slots. */
export interface FalseSharing {
  /** Slots 4 bytes apart: the same 64-byte cache line. */
  readonly adjacentMs: number;
  /** Slots 128 bytes apart: separate cache lines. */
  readonly paddedMs: number;
  /** adjacent / padded */
  readonly ratio: number;
}

/**
 * False sharing: the threads never touch the same counter, yet counters in
 * one cache line make the cores fight over that line.
 */
export async function falseSharing(options: { iterations?: number; repeats?: number } = {}): Promise<FalseSharing> {
  const { iterations = 5_000_000, repeats = 3 } = options;
  const run = async (gapSlots: number): Promise<number> => {
    const shared = new SharedArrayBuffer(256);
    const reports = await runLesson("false-sharing", shared, [{ iterations, slot: 0 }, { iterations, slot: gapSlots }]);
    return Math.max(...reports.map((r) => r.ms));
  };
  // Alternate the two layouts and keep medians: the machine is shared and noisy.
  const adjacent: number[] = [];
  const padded: number[] = [];
  for (let r = 0; r < repeats; r++) {
    adjacent.push(await run(1));
    padded.push(await run(32));
  }
  const adjacentMs = median(adjacent);
  const paddedMs = median(padded);
  return { adjacentMs, paddedMs, ratio: adjacentMs / paddedMs };
}
