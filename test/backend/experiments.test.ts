import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  busyWait,
  connectionsUnderLimit,
  countOpenFds,
  measureAppends,
  measureFileReads,
  measureSmallWrites,
  measureStartup,
  measureTimerLateness,
  readFdLimits,
} from "../../src/backend";

const scratch = () => mkdtempSync(join(tmpdir(), "csl-backend-"));

describe("busyWait", () => {
  it("spins and reports its iterations", () => {
    expect(busyWait(1)).toBeGreaterThan(0);
  });
  it("rejects a negative duration", () => {
    expect(() => busyWait(-1)).toThrow(new RangeError("Expected ms to be a finite number of milliseconds >= 0 but found -1"));
  });
});

describe("measureTimerLateness", () => {
  it("records one lateness per tick", async () => {
    const r = await measureTimerLateness({ load: "none", ticks: 5, intervalMs: 2 });
    expect(r.latenessMs).toHaveLength(5);
    expect(r.jobs).toBe(0);
  });

  it("runs CPU jobs on the main thread or in a worker while ticking", async () => {
    for (const load of ["main thread", "worker"] as const) {
      const r = await measureTimerLateness({ load, ticks: 5, intervalMs: 5, jobMs: 2, gapMs: 0 });
      expect(r.load).toBe(load);
      expect(r.latenessMs).toHaveLength(5);
      expect(r.jobs).toBeGreaterThan(0);
    }
  });

  it("rejects a tick count out of range", async () => {
    await expect(measureTimerLateness({ load: "none", ticks: 0 })).rejects.toThrow(
      new RangeError("Expected ticks to be an integer from 1 to 10000 but found 0"),
    );
  });
});

describe("file-descriptor limits", () => {
  it("parses /proc/self/limits, including unlimited", () => {
    const text = "Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 unlimited            files\n";
    expect(readFdLimits(text)).toEqual({ soft: 1024, hard: Infinity });
  });

  it("reads this process's limits and open descriptors", () => {
    const { soft, hard } = readFdLimits();
    expect(soft).toBeLessThanOrEqual(hard);
    expect(countOpenFds()).toBeGreaterThanOrEqual(3);
  });

  it("says when the limits line is missing", () => {
    expect(() => readFdLimits("Max processes 10 10\n")).toThrow(new Error('Expected a "Max open files" line in /proc/self/limits'));
  });

  it("runs out of descriptors at the limit, two per loopback connection", async () => {
    const r = await connectionsUnderLimit(64);
    expect(r.stoppedBy).toBe("EMFILE");
    // The last connection may be counted with only its client end open.
    expect(r.baseline + 2 * r.connections).toBeLessThanOrEqual(64 + 1);
    expect(r.baseline + 2 * (r.connections + 1)).toBeGreaterThan(64);
  });

  it("stops at maxConnections when the limit is not reached", async () => {
    expect(await connectionsUnderLimit(256, 5)).toMatchObject({ limit: 256, connections: 5, stoppedBy: "none" });
  });

  it("rejects a limit too small to start node", async () => {
    await expect(connectionsUnderLimit(10)).rejects.toThrow(new RangeError("Expected limit to be an integer from 32 to 65536 but found 10"));
  });
});

describe("measureSmallWrites", () => {
  it("times each write-write-read exchange on loopback, with and without Nagle", async () => {
    for (const noDelay of [true, false]) {
      const r = await measureSmallWrites({ noDelay, requests: 3 });
      expect(r.noDelay).toBe(noDelay);
      expect(r.rttMs).toHaveLength(3);
      for (const ms of r.rttMs) expect(ms).toBeGreaterThan(0);
    }
  });

  it("rejects parts larger than a small write", async () => {
    await expect(measureSmallWrites({ noDelay: true, partBytes: 4096 })).rejects.toThrow(
      new RangeError("Expected partBytes to be an integer from 1 to 1024 but found 4096"),
    );
  });
});

describe("measureFileReads", () => {
  it("reads the file once cold and then repeatedly, and removes it", async () => {
    const dir = scratch();
    const r = await measureFileReads({ dir, sizeMiB: 2, repeats: 2 });
    expect(r.readMs).toHaveLength(3);
    expect(typeof r.cacheDropped).toBe("boolean");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rejects a size out of range", async () => {
    await expect(measureFileReads({ dir: scratch(), sizeMiB: 0 })).rejects.toThrow(
      new RangeError("Expected sizeMiB to be an integer from 1 to 1024 but found 0"),
    );
  });
});

describe("measureAppends", () => {
  it("never syncs with syncEvery 0", async () => {
    const r = await measureAppends({ dir: scratch(), records: 10, syncEvery: 0 });
    expect(r.fsyncMs).toEqual([]);
  });

  it("syncs every n records and once for the remainder, then removes the log", async () => {
    const dir = scratch();
    const r = await measureAppends({ dir, records: 10, syncEvery: 3 });
    expect(r.fsyncMs).toHaveLength(4);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rejects a negative syncEvery", async () => {
    await expect(measureAppends({ dir: scratch(), syncEvery: -1 })).rejects.toThrow(
      new RangeError("Expected syncEvery to be an integer >= 0 but found -1"),
    );
  });
});

describe("measureStartup", () => {
  it("starts and stops each kind, reporting time and memory", async () => {
    for (const kind of ["worker thread", "node process", "shell process"] as const) {
      const r = await measureStartup(kind);
      expect(r.kind).toBe(kind);
      expect(r.startMs).toBeGreaterThan(0);
      expect(Number.isFinite(r.memoryMiB)).toBe(true);
    }
  });
});
