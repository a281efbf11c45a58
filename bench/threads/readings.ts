// The simulated readings the benchmarks fold, and the flat columns a bare
// kernel thread (bench/threads/kernel.ts) is given.
import { SensorRegistry, simulateSensors, type ReadingChunk } from "../../src/processor";

/** Sensors in every generated stream. */
export const SENSORS = 100;
/** 2025-11-24T16:00:00Z: the simulated readings' first event time. */
export const EPOCH = 1_764_000_000_000;

/** About `readingsWanted` readings of {@link SENSORS} sensors at 1 kHz each, up to 50 ms out of order. */
export function generate(readingsWanted: number, seed = 1): { chunks: ReadingChunk[]; registry: SensorRegistry; n: number } {
  const registry = new SensorRegistry();
  const rate = 1000;
  const durationMs = Math.ceil((readingsWanted / SENSORS / rate) * 1000);
  const chunks = [...simulateSensors({ sensors: SENSORS, seed, rate, durationMs, maxDelayMs: 50, chunkSize: 1 << 16, startTime: EPOCH }, registry)];
  return { chunks, registry, n: chunks.reduce((s, c) => s + c.length, 0) };
}

/** Every chunk's columns end to end. */
export function concatColumns(chunks: readonly ReadingChunk[]): { sensor: Int32Array; time: Float64Array; value: Float64Array } {
  const n = chunks.reduce((s, c) => s + c.length, 0);
  const out = { sensor: new Int32Array(n), time: new Float64Array(n), value: new Float64Array(n) };
  let at = 0;
  for (const c of chunks) {
    out.sensor.set(c.sensor.subarray(0, c.length), at);
    out.time.set(c.time.subarray(0, c.length), at);
    out.value.set(c.value.subarray(0, c.length), at);
    at += c.length;
  }
  return out;
}
