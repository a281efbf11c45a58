import { mkdtemp, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { checkInteger } from "../shared/check";

/** Options for {@link measureAppends}. */
export interface AppendsOptions {
  /** Folder for the temporary log file (a real disk, to see what fsync costs). */
  readonly dir: string;
  /** Records appended (default 200). */
  readonly records?: number;
  /** Bytes per record (default 100). */
  readonly recordBytes?: number;
  /** fsync after every n-th record; 0 never syncs (default 0). */
  readonly syncEvery?: number;
}

/** What {@link measureAppends} measured. */
export interface Appends {
  readonly records: number;
  readonly syncEvery: number;
  /** Wall time for all appends (and fsyncs), in ms. */
  readonly totalMs: number;
  /** Time of each fsync, in ms. */
  readonly fsyncMs: readonly number[];
}

/**
 * Appends small records to a log file, calling fsync after every
 * `syncEvery` records (and once at the end when syncing at all): the choice
 * every database and message queue makes between durability and speed. The
 * file is removed afterwards.
 *
 * @throws {RangeError} When a count is out of range.
 */
export async function measureAppends(options: AppendsOptions): Promise<Appends> {
  const records = options.records ?? 200;
  const recordBytes = options.recordBytes ?? 100;
  const syncEvery = options.syncEvery ?? 0;
  checkInteger("records", records, 1, 100_000);
  checkInteger("recordBytes", recordBytes, 1, 1 << 20);
  if (!Number.isInteger(syncEvery) || syncEvery < 0) {
    throw new RangeError(`Expected syncEvery to be an integer >= 0 but found ${syncEvery}`);
  }
  const dir = await mkdtemp(join(options.dir, "fsync-"));
  try {
    const handle = await open(join(dir, "log.bin"), "a");
    try {
      const record = Buffer.alloc(recordBytes, 0x2e);
      const fsyncMs: number[] = [];
      const sync = async (): Promise<void> => {
        const t = performance.now();
        await handle.sync();
        fsyncMs.push(performance.now() - t);
      };
      const t0 = performance.now();
      for (let i = 1; i <= records; i++) {
        await handle.write(record);
        if (syncEvery > 0 && i % syncEvery === 0) await sync();
      }
      if (syncEvery > 0 && records % syncEvery !== 0) await sync();
      return { records, syncEvery, totalMs: performance.now() - t0, fsyncMs };
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
