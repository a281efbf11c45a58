import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { ndjsonSink } from "../../src/processor/ndjson-sink";

const fresh = () => mkdtempSync(join(tmpdir(), "ndjson-sink-"));

test("a file appears only on commit, whole", async () => {
  const dir = fresh();
  const path = join(dir, "out.ndjson");
  const sink = ndjsonSink(path);
  for (let i = 0; i < 1000; i++) await sink.write({ i });
  expect(existsSync(path)).toBe(false);
  await sink.commit();
  const lines = readFileSync(path, "utf8").trim().split("\n");
  expect(lines.length).toBe(1000);
  expect(JSON.parse(lines[999]!)).toEqual({ i: 999 });
  expect(readdirSync(dir)).toEqual(["out.ndjson"]);
});

test("discard leaves an earlier run's file as it was and no partial file", async () => {
  const dir = fresh();
  const path = join(dir, "out.ndjson");
  writeFileSync(path, '{"earlier":true}\n');
  const sink = ndjsonSink(path);
  await sink.write({ half: "written" });
  await sink.discard();
  expect(readFileSync(path, "utf8")).toBe('{"earlier":true}\n');
  expect(readdirSync(dir)).toEqual(["out.ndjson"]);
});

test("a pipe is written directly, and a reader that does not read makes it congested until it does", async () => {
  const dir = fresh();
  const fifo = join(dir, "pipe");
  expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
  // A reader that waits a little before draining the pipe.
  const reader = spawn("sh", ["-c", `sleep 0.5; wc -l < ${fifo}`], { stdio: ["ignore", "pipe", "inherit"] });
  let counted = "";
  reader.stdout.on("data", (d: Buffer) => (counted += d.toString()));
  const sink = ndjsonSink(fifo);
  const doc = { pad: "x".repeat(1000) };
  let written = 0;
  while (!sink.congested && written < 100_000) {
    void sink.write(doc);
    written++;
  }
  expect(sink.congested).toBe(true);
  await sink.drained();
  expect(sink.congested).toBe(false);
  await sink.commit();
  await new Promise((resolve) => reader.on("close", resolve));
  expect(Number(counted.trim())).toBe(written);
  expect(readdirSync(dir)).toEqual(["pipe"]);
});
