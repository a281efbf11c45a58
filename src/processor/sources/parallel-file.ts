import { statSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import type { ReadingChunk, SensorRegistry } from "../reading";
import { processorFile, startTsWorker } from "../start-worker";
import { formatOf, type FileFormat } from "./file";
import { CSV_HEADER } from "./records";
import type { ParsedRange } from "./parse-range";
import { checkInteger } from "../../shared/check";

/** A byte range to parse. */
interface RangeRequest {
  readonly path: string;
  readonly format: FileFormat;
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Pre-started parse threads, reusable across files (so a run does not pay
 * their start-up). Each thread answers its requests in order.
 */
export class ParsePool {
  private readonly queues: ((r: ParsedRange) => void)[][] = [];
  private readonly failures: ((e: Error) => void)[][] = [];
  private constructor(private readonly workers: readonly Worker[]) {}

  /** Parse threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Starts `size` parse threads and waits until they are ready. */
  static async start(size: number): Promise<ParsePool> {
    checkInteger("parse workers", size, 1, 64);
    const file = processorFile("sources/parse-worker.ts");
    const workers = Array.from({ length: size }, () => startTsWorker(file, undefined));
    const pool = new ParsePool(workers);
    try {
      await Promise.all(
        workers.map(
          (w, i) =>
            new Promise<void>((resolve, reject) => {
              pool.queues.push([]);
              pool.failures.push([]);
              w.once("message", () => {
                w.on("message", (r: ParsedRange) => {
                  pool.failures[i]!.shift();
                  pool.queues[i]!.shift()?.(r);
                });
                resolve();
              });
              w.once("error", reject);
              w.on("error", (err) => {
                for (const f of pool.failures[i]!.splice(0)) f(err);
              });
            }),
        ),
      );
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Parses one range on thread `index % size`. */
  parse(req: RangeRequest): Promise<ParsedRange> {
    const i = req.index % this.workers.length;
    return new Promise((resolve, reject) => {
      this.queues[i]!.push(resolve);
      this.failures[i]!.push(reject);
      this.workers[i]!.postMessage(req);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Options of {@link readFileParallel}. */
export interface ParallelFileOptions {
  /** Parse threads, when no `pool` is given [2]. */
  readonly workers?: number;
  /** Reuse these parse threads (not closed at the end). */
  readonly pool?: ParsePool;
  /** Bytes per range [4 MiB]. */
  readonly rangeBytes?: number;
  readonly format?: FileFormat;
}

/**
 * Streams a CSV or NDJSON file like `readFile`, but parses byte ranges on
 * worker threads: parsing text costs far more than aggregating numbers, so
 * this is where a second core pays off for file input. Ranges come back in
 * file order, at most two per thread in flight (bounded memory); sensor
 * names are interned on this thread, sequence numbers assigned in order,
 * and dead letters keep their exact line numbers.
 */
export async function* readFileParallel(path: string, registry: SensorRegistry, options: ParallelFileOptions = {}): AsyncGenerator<ReadingChunk> {
  const format = options.format ?? formatOf(path);
  const rangeBytes = options.rangeBytes ?? 4 << 20;
  if (!Number.isInteger(rangeBytes) || rangeBytes < 1) throw new RangeError(`Expected rangeBytes to be a positive integer but found ${rangeBytes}`);
  const size = statSync(path).size;
  const ranges = Math.max(1, Math.ceil(size / rangeBytes));
  const pool = options.pool ?? (await ParsePool.start(options.workers ?? 2));
  const pending = new Map<number, Promise<ParsedRange>>();
  try {
    let next = 0;
    const launch = (): void => {
      while (next < ranges && pending.size < 2 * pool.size) {
        const index = next++;
        const p = pool.parse({ path, format, index, start: index * rangeBytes, end: Math.min(size, (index + 1) * rangeBytes) });
        p.catch(() => undefined); // awaited in order below
        pending.set(index, p);
      }
    };
    const seqs: number[] = [];
    let lineOffset = 0;
    launch();
    for (let index = 0; index < ranges; index++) {
      const r = await pending.get(index)!;
      pending.delete(index);
      launch();
      if (r.badHeader !== undefined) throw new TypeError(`Expected the CSV header "${CSV_HEADER}" on line 1 of ${path} but found ${JSON.stringify(r.badHeader)}`); // control characters escaped, not sent to the terminal
      const map = r.names.map((name) => registry.intern(name));
      const sensor = r.sensor;
      const seq = new Float64Array(r.length);
      for (let i = 0; i < r.length; i++) {
        const id = map[sensor[i]!]!;
        sensor[i] = id;
        const s = seqs[id] ?? 0;
        seq[i] = s;
        seqs[id] = s + 1;
      }
      const rejected = r.rejected.map((d) => ({ origin: `${path}:${lineOffset + d.line + 1}`, record: d.record, reason: d.reason }));
      lineOffset += r.lines;
      yield { length: r.length, sensor, time: r.time, value: r.value, seq, rejected };
    }
  } finally {
    // Let in-flight ranges finish so a reused pool's queues stay aligned.
    await Promise.allSettled([...pending.values()]);
    if (!options.pool) await pool.close();
  }
}
