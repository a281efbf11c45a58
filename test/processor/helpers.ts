import { InlineAggregator, processReadings, SensorRegistry, chunkOf, type Reading, type WindowSpec, type WindowStats, type ProcessSummary, type ProcessOptions } from "../../src/processor";

/** Runs hand-made readings through the inline pipeline, collecting every output. */
export async function runReadings(
  readings: readonly Reading[],
  window: WindowSpec,
  options: Partial<Omit<ProcessOptions, "window" | "registry" | "aggregator">> = {},
): Promise<{ summary: ProcessSummary; windows: WindowStats[]; late: Reading[] }> {
  const registry = new SensorRegistry();
  const aggregator = new InlineAggregator({ window, batchSize: 7 });
  const windows: WindowStats[] = [];
  const late: Reading[] = [];
  const summary = await processReadings([chunkOf(readings, registry)], {
    window,
    registry,
    aggregator,
    watermarkEvery: 1,
    onWindow: (w) => void windows.push(w),
    onLate: (r) => void late.push(r),
    ...options,
  });
  return { summary, windows, late };
}

/** Readings of one sensor at the given times, value = time / 1000. */
export function at(sensor: string, ...times: number[]): Reading[] {
  return times.map((timestamp, seq) => ({ sensor, timestamp, value: timestamp / 1000, seq }));
}

/** Relative closeness for floating-point results merged in different orders. */
export function close(a: number, b: number, rel = 1e-9): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}
