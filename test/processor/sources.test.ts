import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  InlineAggregator,
  parseCsvRecord,
  parseNdjsonRecord,
  processReadings,
  readFile,
  SensorRegistry,
  simulateSensors,
  windowSpec,
  type ReadingChunk,
} from "../../src/processor";

const dir = mkdtempSync(join(tmpdir(), "processor-sources-"));

async function collect(chunks: AsyncIterable<ReadingChunk> | Iterable<ReadingChunk>) {
  let readings = 0;
  const reasons: string[] = [];
  for await (const c of chunks) {
    readings += c.length;
    for (const r of c.rejected) reasons.push(r.reason);
  }
  return { readings, reasons };
}

describe("record parsing", () => {
  test("CSV records name what is wrong", () => {
    expect(parseCsvRecord("s1,1000,20.5")).toEqual({ ok: true, sensor: "s1", timestamp: 1000, value: 20.5 });
    expect(parseCsvRecord("s1,1000")).toEqual({ ok: false, reason: "expected 3 fields but found 2" });
    expect(parseCsvRecord("s1,abc,1")).toEqual({ ok: false, reason: 'timestamp_ms is not a number: "abc"' });
    expect(parseCsvRecord("s1,5,")).toEqual({ ok: false, reason: "value is empty" });
    // RFC 4180 quoting: the quotes are not part of the field.
    expect(parseCsvRecord('"s1",1000,1')).toEqual({ ok: true, sensor: "s1", timestamp: 1000, value: 1 });
    expect(parseCsvRecord('s3,"1000","3"')).toEqual({ ok: true, sensor: "s3", timestamp: 1000, value: 3 });
    expect(parseCsvRecord('"hall, north","5","2.5"\r')).toEqual({ ok: true, sensor: "hall, north", timestamp: 5, value: 2.5 });
    expect(parseCsvRecord('"say ""hi""",5,1')).toEqual({ ok: true, sensor: 'say "hi"', timestamp: 5, value: 1 });
    expect(parseCsvRecord('"s1,5,1')).toEqual({ ok: false, reason: "a quoted field is not closed" });
    expect(parseCsvRecord('"s1"x,5,1')).toEqual({ ok: false, reason: "text after a closing quote" });
    expect(parseCsvRecord('s"1,5,1')).toEqual({ ok: false, reason: "a quote inside an unquoted field" });
    expect(parseCsvRecord('s1,"",1')).toEqual({ ok: false, reason: "timestamp_ms is empty" });
    expect(parseCsvRecord("s1,-5,1")).toEqual({ ok: false, reason: "timestamp_ms is negative: -5" });
    expect(parseCsvRecord("s1,5.5,1")).toEqual({ ok: false, reason: "timestamp_ms is not an integer: 5.5" });
    expect(parseCsvRecord(",5,1")).toEqual({ ok: false, reason: "sensor id is empty" });
    expect(parseCsvRecord("s1,5,NaN")).toEqual({ ok: false, reason: "value is not a finite number: NaN" });
    expect(parseCsvRecord("s1,0x10,1")).toEqual({ ok: false, reason: 'timestamp_ms is not a decimal number: "0x10"' });
    expect(parseCsvRecord("s1,5,-0b1")).toEqual({ ok: false, reason: 'value is not a decimal number: "-0b1"' });
    expect(parseCsvRecord("s1,1e3,0.5e1")).toEqual({ ok: true, sensor: "s1", timestamp: 1000, value: 5 });
    expect(parseCsvRecord("s1,5,1e200")).toEqual({ ok: false, reason: "value is beyond ±1e+150, too large to aggregate: 1e+200" });
    expect(parseCsvRecord("s1,5,-1e150")).toEqual({ ok: true, sensor: "s1", timestamp: 5, value: -1e150 });
    expect(parseCsvRecord("s1,Infinity,1")).toEqual({ ok: false, reason: "timestamp_ms is not a finite number: Infinity" });
    expect(parseCsvRecord("s1,9007199254740993,1")).toEqual({ ok: false, reason: "timestamp_ms is beyond 9007199254740991, too large to hold exactly: 9007199254740993" });
  });

  test("NDJSON records name what is wrong", () => {
    expect(parseNdjsonRecord('{"sensor":"s1","timestamp_ms":5,"value":1.5}')).toEqual({ ok: true, sensor: "s1", timestamp: 5, value: 1.5 });
    expect(parseNdjsonRecord('{"sensor":"s1"')).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid JSON: /) });
    expect(parseNdjsonRecord('\ufeff{"sensor":"s1","timestamp_ms":5,"value":1.5}')).toEqual({ ok: true, sensor: "s1", timestamp: 5, value: 1.5 });
    expect(parseNdjsonRecord("[1]")).toEqual({ ok: false, reason: "expected a JSON object" });
    expect(parseNdjsonRecord('{"sensor":1,"timestamp_ms":5,"value":1}')).toEqual({ ok: false, reason: "sensor must be a string but found 1" });
    expect(parseNdjsonRecord('{"sensor":"s","value":1}')).toEqual({ ok: false, reason: "timestamp_ms must be a number but found nothing" });
    expect(parseNdjsonRecord('{"sensor":"s","timestamp_ms":5,"value":"hot"}')).toEqual({ ok: false, reason: 'value must be a number but found "hot"' });
  });

  test("no text crashes the parsers", () => {
    fc.assert(
      fc.property(fc.string(), (line) => {
        expect(typeof parseCsvRecord(line).ok).toBe("boolean");
        expect(typeof parseNdjsonRecord(line).ok).toBe("boolean");
      }),
    );
  });
});

describe("file sources", () => {
  test("a CSV file streams in chunks, dead-lettering bad lines with their line number", async () => {
    const path = join(dir, "mixed.csv");
    const lines = ["sensor,timestamp_ms,value"];
    for (let i = 0; i < 1000; i++) lines.push(i % 100 === 7 ? `s${i % 3},oops,1` : `s${i % 3},${i * 10},${i % 17}`);
    writeFileSync(path, lines.join("\r\n") + "\n\n");
    const registry = new SensorRegistry();
    const chunks: ReadingChunk[] = [];
    for await (const c of readFile(path, registry, { chunkSize: 128 })) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.reduce((s, c) => s + c.length, 0)).toBe(990);
    const dead = chunks.flatMap((c) => c.rejected);
    expect(dead[0]).toEqual({ origin: `${path}:9`, record: "s1,oops,1", reason: 'timestamp_ms is not a number: "oops"' });
    expect(registry.size).toBe(3);
  });

  test("an NDJSON file gives the same readings as the equivalent CSV", async () => {
    const csv = join(dir, "same.csv");
    const ndjson = join(dir, "same.ndjson");
    const rows = Array.from({ length: 300 }, (_, i) => ({ sensor: `t${i % 4}`, timestamp_ms: i * 7, value: Math.sin(i) }));
    writeFileSync(csv, ["sensor,timestamp_ms,value", ...rows.map((r) => `${r.sensor},${r.timestamp_ms},${r.value}`)].join("\n"));
    writeFileSync(ndjson, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const spec = windowSpec(500);
    const results: unknown[][] = [];
    for (const path of [csv, ndjson]) {
      const registry = new SensorRegistry();
      const out: unknown[] = [];
      await processReadings(readFile(path, registry), { window: spec, registry, aggregator: new InlineAggregator({ window: spec }), onWindow: (w) => void out.push(w) });
      results.push(out);
    }
    expect(results[0]!.length).toBeGreaterThan(0);
    expect(results[1]).toEqual(results[0]);
  });

  test("a CSV file with the wrong header is refused", async () => {
    const path = join(dir, "bad-header.csv");
    writeFileSync(path, "id,time,value\n1,2,3\n");
    await expect(collect(readFile(path, new SensorRegistry()))).rejects.toThrow(
      new TypeError(`Expected the CSV header "sensor,timestamp_ms,value" on line 1 of ${path} but found "id,time,value"`),
    );
  });
});

describe("simulated sensors", () => {
  test("the same seed gives the same stream, another seed another", async () => {
    const opts = { sensors: 5, durationMs: 3000, rate: 50, jitterMs: 5, maxDelayMs: 200, malformedRate: 0.05, burstRate: 0.01 };
    const first = [...simulateSensors({ ...opts, seed: 3 }, new SensorRegistry())];
    const again = [...simulateSensors({ ...opts, seed: 3 }, new SensorRegistry())];
    const other = [...simulateSensors({ ...opts, seed: 4 }, new SensorRegistry())];
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  test("malformed records are dead-lettered by the same parser as files", async () => {
    const { readings, reasons } = await collect(simulateSensors({ sensors: 4, durationMs: 5000, rate: 100, malformedRate: 0.1, seed: 1 }, new SensorRegistry()));
    expect(readings + reasons.length).toBe(2000);
    expect(reasons.length).toBeGreaterThan(100);
    expect(new Set(reasons).size).toBeGreaterThan(3);
  });

  test("arrival order departs from event order by at most the delay bound", () => {
    for (const chunk of simulateSensors({ sensors: 6, durationMs: 4000, rate: 100, maxDelayMs: 250, seed: 5 }, new SensorRegistry())) {
      let newest = -Infinity;
      for (let i = 0; i < chunk.length; i++) {
        expect(chunk.time[i]!).toBeGreaterThanOrEqual(newest - 250);
        newest = Math.max(newest, chunk.time[i]!);
      }
    }
  });

  test("drop-outs leave gaps of the configured length", () => {
    const registry = new SensorRegistry();
    const times: number[] = [];
    for (const c of simulateSensors({ sensors: 1, durationMs: 20_000, rate: 100, dropoutRate: 0.001, dropoutMs: 1500, seed: 2 }, registry)) times.push(...c.time);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1500);
  });

  test("bad options are refused with their value", () => {
    expect(() => [...simulateSensors({ sensors: 0 }, new SensorRegistry())]).toThrow(new RangeError("Expected sensors to be an integer >= 1 but found 0"));
    expect(() => [...simulateSensors({ sensors: 1, malformedRate: 2 }, new SensorRegistry())]).toThrow(
      new RangeError("Expected malformedRate to be a probability in [0, 1] but found 2"),
    );
    // Readings wait for their arrival slice; a delay of days would walk days of empty slices.
    expect(() => [...simulateSensors({ sensors: 1, maxDelayMs: 60_001 }, new SensorRegistry())]).toThrow(new RangeError("Expected maxDelayMs to be at most 60000 but found 60001"));
    expect(() => [...simulateSensors({ sensors: 1, jitterMs: 1e20 }, new SensorRegistry())]).toThrow(new RangeError("Expected jitterMs to be at most 60000 but found 100000000000000000000"));
  });
});
