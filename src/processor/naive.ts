import type { DDSketch } from "@datadog/sketches-js";
import type { Reading, ReadingChunk } from "./reading";
import { createSketch } from "./sketch";
import type { WindowStats } from "./stats";
import type { WindowSpec } from "./window";

interface NaiveState {
  count: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
  sketch: DDSketch;
}

/**
 * Version 0 of the processor, kept as the baseline: one object per reading,
 * a `Map` keyed by template strings, a DDSketch object per key, one thread,
 * every window closed at the end. Same numbers as the real pipeline without
 * lateness, many times slower.
 */
export async function naiveAggregate(readings: AsyncIterable<Reading> | Iterable<Reading>, spec: WindowSpec): Promise<WindowStats[]> {
  const states = new Map<string, NaiveState>();
  for await (const r of readings) {
    const last = Math.floor(r.timestamp / spec.slide) * spec.slide;
    for (let start = last; start > r.timestamp - spec.size; start -= spec.slide) {
      const key = `${r.sensor}|${start}`;
      let st = states.get(key);
      if (!st) states.set(key, (st = { count: 0, min: Infinity, max: -Infinity, mean: 0, m2: 0, sketch: createSketch() }));
      st.count++;
      const delta = r.value - st.mean;
      st.mean += delta / st.count;
      st.m2 += delta * (r.value - st.mean);
      st.min = Math.min(st.min, r.value);
      st.max = Math.max(st.max, r.value);
      st.sketch.accept(r.value);
    }
  }
  const out: WindowStats[] = [];
  for (const [key, st] of states) {
    const [sensor, start] = key.split("|") as [string, string];
    const windowStart = Number(start);
    out.push({
      sensor,
      windowStart,
      windowEnd: windowStart + spec.size,
      count: st.count,
      min: st.min,
      max: st.max,
      mean: st.mean,
      stddev: Math.sqrt(st.m2 / st.count),
      p50: st.sketch.getValueAtQuantile(0.5),
      p95: st.sketch.getValueAtQuantile(0.95),
    });
  }
  return out.sort((a, b) => a.windowStart - b.windowStart || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0));
}

/** Unpacks chunks into one object per reading (what v0 consumes). */
export function* readingsOf(chunks: Iterable<ReadingChunk>, names: (id: number) => string): Generator<Reading> {
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) yield { sensor: names(c.sensor[i]!), timestamp: c.time[i]!, value: c.value[i]!, seq: c.seq[i]! };
  }
}
