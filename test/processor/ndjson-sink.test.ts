import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { checkWritable, commitAll, ndjsonSink } from "../../src/processor/ndjson-sink";

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

test("a symlink keeps pointing where it did; its target gets the new output", async () => {
  const dir = fresh();
  writeFileSync(join(dir, "target.ndjson"), "old\n");
  symlinkSync("target.ndjson", join(dir, "link.ndjson"));
  const sink = ndjsonSink(join(dir, "link.ndjson"));
  await sink.write({ n: 1 });
  await sink.commit();
  expect(lstatSync(join(dir, "link.ndjson")).isSymbolicLink()).toBe(true);
  expect(readFileSync(join(dir, "target.ndjson"), "utf8")).toBe('{"n":1}\n');
  expect(readdirSync(dir).sort()).toEqual(["link.ndjson", "target.ndjson"]);
});

test("devices are written directly, never renamed over", async () => {
  const sink = ndjsonSink("/dev/null");
  await sink.write({ n: 1 });
  await sink.commit();
  expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  expect(readdirSync("/dev").filter((f) => f.endsWith(".partial"))).toEqual([]);
});

test("outputs land together or not at all: one failed write discards them all", async () => {
  const dir = fresh();
  const kept = join(dir, "results.ndjson");
  writeFileSync(kept, "earlier\n");
  const good = ndjsonSink(kept);
  const full = ndjsonSink("/dev/full", "--dead-letter");
  await good.write({ ok: true });
  await full.write({ pad: "x".repeat(100_000) });
  const failed = await commitAll([good, full]);
  expect(failed?.sink.label).toBe("--dead-letter");
  expect(failed?.error.message).toMatch(/ENOSPC/);
  expect(readFileSync(kept, "utf8")).toBe("earlier\n");
  expect(readdirSync(dir)).toEqual(["results.ndjson"]);
  expect(() => full.write({})).toThrow(/ENOSPC/);
});

test("writes while congested share one wait, so listeners do not pile up", async () => {
  const sink = ndjsonSink(join(fresh(), "many.ndjson"));
  const waits = new Set<Promise<void>>();
  for (let i = 0; i < 20_000; i++) {
    const w = sink.write({ i, pad: "y".repeat(50) });
    if (w) waits.add(w);
  }
  expect(waits.size).toBe(1);
  await sink.drained();
  expect(sink.congested).toBe(false);
  await sink.commit();
});

test("a path is followed as the kernel follows it: `..` after a symlinked folder leaves the link's target", async () => {
  const dir = fresh();
  mkdirSync(join(dir, "other", "sub"), { recursive: true });
  symlinkSync(join(dir, "other", "sub"), join(dir, "linkdir"));
  const sink = ndjsonSink(`${dir}/linkdir/../x.ndjson`); // not join(): it would drop "linkdir/.." by its text
  await sink.write({ n: 1 });
  await sink.commit();
  expect(readFileSync(join(dir, "other", "x.ndjson"), "utf8")).toBe('{"n":1}\n');
  expect(existsSync(join(dir, "x.ndjson"))).toBe(false);
});

test("a link to a file not there yet creates that file, whole, and only on commit", async () => {
  const dir = fresh();
  symlinkSync("made.ndjson", join(dir, "dangling.ndjson"));
  const failed = ndjsonSink(join(dir, "dangling.ndjson"));
  await failed.write({ n: 1 });
  await failed.discard();
  expect(existsSync(join(dir, "made.ndjson"))).toBe(false);
  const sink = ndjsonSink(join(dir, "dangling.ndjson"));
  await sink.write({ n: 2 });
  await sink.commit();
  expect(lstatSync(join(dir, "dangling.ndjson")).isSymbolicLink()).toBe(true);
  expect(readFileSync(join(dir, "made.ndjson"), "utf8")).toBe('{"n":2}\n');
});

test("two paths naming one file have one identity, whether it exists yet or not", async () => {
  const dir = fresh();
  symlinkSync("a.ndjson", join(dir, "to-a"));
  const key = async (path: string) => (await checkWritable(path)).key;
  expect(await key(join(dir, "to-a"))).toBe(await key(join(dir, "a.ndjson")));
  writeFileSync(join(dir, "a.ndjson"), "");
  expect(await key(join(dir, "to-a"))).toBe(await key(join(dir, "a.ndjson")));
  expect(await key(join(dir, "b.ndjson"))).not.toBe(await key(join(dir, "a.ndjson")));
  expect(await checkWritable(join(dir, "a.ndjson"))).toMatchObject({ shareable: false });
  expect(await checkWritable("/dev/null")).toMatchObject({ shareable: true });
  await expect(checkWritable(join(dir, "missing", "c.ndjson"))).rejects.toThrow("its folder does not exist (ENOENT)");
  await expect(checkWritable("")).rejects.toThrow("expected a file path");
  await expect(checkWritable(`${dir}/zz/`)).rejects.toThrow("expected a file path");
});

test("a final write that fails is caught: nothing is renamed into place", async () => {
  const sink = ndjsonSink("/dev/full");
  void sink.write({ small: true }); // buffered: fails only when flushed at the end
  expect((await sink.finish())?.message).toMatch(/ENOSPC/);
});

test("a link whose text has `..` after a linked folder is followed as the kernel follows it", async () => {
  const dir = fresh();
  mkdirSync(join(dir, "real", "sub"), { recursive: true });
  mkdirSync(join(dir, "a"));
  symlinkSync("../real/sub", join(dir, "a", "lnk"));
  symlinkSync("a/lnk/../new1.ndjson", join(dir, "rel1"));
  const sink = ndjsonSink(join(dir, "rel1"));
  await sink.write({ n: 1 });
  await sink.commit();
  expect(readFileSync(join(dir, "real", "new1.ndjson"), "utf8")).toBe('{"n":1}\n');
  expect(existsSync(join(dir, "a", "new1.ndjson"))).toBe(false);
  expect((await checkWritable(join(dir, "rel1"))).key).toBe((await checkWritable(join(dir, "real", "new1.ndjson"))).key);
});

test("a replaced file keeps its mode: a private file stays private", async () => {
  const dir = fresh();
  const path = join(dir, "private.ndjson");
  writeFileSync(path, "old\n", { mode: 0o600 });
  const sink = ndjsonSink(path);
  await sink.write({ n: 1 });
  await sink.commit();
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(readFileSync(path, "utf8")).toBe('{"n":1}\n');
});
