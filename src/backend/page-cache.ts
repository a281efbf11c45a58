import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { checkInteger } from "../shared/check";

/** Bytes per read() call: large, so the time is the kernel's and the device's, not Node's. */
const READ_CHUNK = 4 << 20;

/** Options for {@link measureFileReads}. */
export interface FileReadsOptions {
  /** Folder for the temporary file; must be on a real disk (not tmpfs) to see a cold read. */
  readonly dir: string;
  /** File size in MiB (default 64). */
  readonly sizeMiB?: number;
  /** Reads after the first (default 4). */
  readonly repeats?: number;
}

/** What {@link measureFileReads} measured. */
export interface FileReads {
  readonly sizeMiB: number;
  /** Whether the file's pages could be evicted before the first read. */
  readonly cacheDropped: boolean;
  /** Time of each read, in ms; the first one after the eviction comes first. */
  readonly readMs: readonly number[];
}

/**
 * Asks the kernel to evict a file's pages from the page cache, with GNU dd's
 * `iflag=nocache` (posix_fadvise DONTNEED). The file must have no dirty pages
 * (fsync it first). Works without root; does nothing on tmpfs.
 *
 * @returns True when dd ran successfully.
 */
export function dropFileCache(path: string): boolean {
  const r = spawnSync("dd", [`if=${path}`, "iflag=nocache", "count=0", "status=none"], { stdio: "ignore", timeout: 10_000 });
  return r.status === 0;
}

/**
 * Writes a file of random bytes, fsyncs it, evicts it from the page cache,
 * then reads it whole `1 + repeats` times. The first read comes from the
 * device, the next ones from memory. The file is removed afterwards.
 *
 * @throws {RangeError} When sizeMiB or repeats is out of range.
 */
export async function measureFileReads(options: FileReadsOptions): Promise<FileReads> {
  const sizeMiB = options.sizeMiB ?? 64;
  const repeats = options.repeats ?? 4;
  checkInteger("sizeMiB", sizeMiB, 1, 1024);
  checkInteger("repeats", repeats, 1, 100);
  const dir = await mkdtemp(join(options.dir, "page-cache-"));
  const file = join(dir, "data.bin");
  try {
    const handle = await open(file, "w");
    try {
      const chunk = randomBytes(1 << 20);
      for (let i = 0; i < sizeMiB; i++) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const cacheDropped = dropFileCache(file);
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    const readMs: number[] = [];
    for (let i = 0; i <= repeats; i++) {
      const t0 = performance.now();
      readWhole(file, buffer);
      readMs.push(performance.now() - t0);
    }
    return { sizeMiB, cacheDropped, readMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads a file to its end into one reused buffer, with blocking reads (the clock measures only I/O). */
function readWhole(path: string, buffer: Buffer): number {
  const fd = openSync(path, "r");
  try {
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return total;
      total += n;
    }
  } finally {
    closeSync(fd);
  }
}
