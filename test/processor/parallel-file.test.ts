import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { ParsePool, readFile, readFileParallel, SensorRegistry, type ReadingChunk } from "../../src/processor";

const dir = mkdtempSync(join(tmpdir(), "processor-parallel-"));

async function flatten(chunks: AsyncIterable<ReadingChunk>, registry: SensorRegistry) {
  const rows: [string, number, number, number][] = [];
  const dead: string[] = [];
  for await (const c of chunks) {
    for (let i = 0; i < c.length; i++) rows.push([registry.name(c.sensor[i]!), c.time[i]!, c.value[i]!, c.seq[i]!]);
    for (const d of c.rejected) dead.push(`${d.origin} ${d.reason}`);
  }
  return { rows, dead };
}

const line = fc.oneof(
  fc.tuple(fc.constantFrom("a", "b", "sensor-7"), fc.nat(100_000), fc.integer({ min: -500, max: 500 })).map(([s, t, v]) => `${s},${t},${v / 10}`),
  fc.constantFrom("", "garbage", "a,1", "b,x,1", ",5,1", "a,5,NaN"),
);

test("parsing byte ranges on workers yields exactly what the sequential reader yields", async () => {
  let file = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 60 }), fc.integer({ min: 1, max: 80 }), fc.boolean(), async (lines, rangeBytes, crlf) => {
      const path = join(dir, `f${file++}.csv`);
      writeFileSync(path, ["sensor,timestamp_ms,value", ...lines].join(crlf ? "\r\n" : "\n"));
      const r1 = new SensorRegistry();
      const r2 = new SensorRegistry();
      const sequential = await flatten(readFile(path, r1), r1);
      const parallel = await flatten(readFileParallel(path, r2, { workers: 2, rangeBytes }), r2);
      expect(parallel).toEqual(sequential);
    }),
    { numRuns: 25 },
  );
});

test("NDJSON ranges too, and a wrong CSV header is refused the same way", async () => {
  const nd = join(dir, "x.ndjson");
  writeFileSync(nd, Array.from({ length: 500 }, (_, i) => JSON.stringify({ sensor: `s${i % 3}`, timestamp_ms: i, value: i / 7 })).join("\n") + "\n{oops\n");
  const [r1, r2] = [new SensorRegistry(), new SensorRegistry()];
  expect(await flatten(readFileParallel(nd, r2, { rangeBytes: 1000 }), r2)).toEqual(await flatten(readFile(nd, r1), r1));
  const bad = join(dir, "bad.csv");
  writeFileSync(bad, "id,time,value\n1,2,3\n");
  await expect(flatten(readFileParallel(bad, new SensorRegistry()), new SensorRegistry())).rejects.toThrow(
    new TypeError(`Expected the CSV header "sensor,timestamp_ms,value" on line 1 of ${bad} but found "id,time,value"`),
  );
  // Bytes that are not text are shown escaped, not sent to the terminal.
  writeFileSync(bad, Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x0a]));
  await expect(flatten(readFileParallel(bad, new SensorRegistry()), new SensorRegistry())).rejects.toThrow(
    new TypeError(`Expected the CSV header "sensor,timestamp_ms,value" on line 1 of ${bad} but found "\\u001b[2J\\u0007"`),
  );
});

test("a parse pool can be reused for several files", async () => {
  const pool = await ParsePool.start(2);
  try {
    for (let k = 0; k < 3; k++) {
      const path = join(dir, `reuse${k}.csv`);
      writeFileSync(path, ["sensor,timestamp_ms,value", ...Array.from({ length: 200 + k }, (_, i) => `s${i % 4},${i},${k}`)].join("\n"));
      const [r1, r2] = [new SensorRegistry(), new SensorRegistry()];
      expect(await flatten(readFileParallel(path, r2, { pool, rangeBytes: 300 }), r2)).toEqual(await flatten(readFile(path, r1), r1));
    }
  } finally {
    await pool.close();
  }
});

test("a header whose fields are quoted, as some exporters write every field, is the header", async () => {
  const quoted = join(dir, "quoted.csv");
  writeFileSync(quoted, '"sensor","timestamp_ms","value"\r\n"s1",1000,"1.5"\r\n"s,2","2000",3\r\n');
  const [r1, r2] = [new SensorRegistry(), new SensorRegistry()];
  const serial = await flatten(readFile(quoted, r1), r1);
  expect(await flatten(readFileParallel(quoted, r2), r2)).toEqual(serial);
  expect([serial.rows.length, serial.dead.length]).toEqual([2, 0]);
});
