import { statSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import type { ReadingChunk, SensorRegistry } from "../reading";
import { processorFile, startTsWorker } from "../start-worker";
import { formatOf, type FileFormat } from "./file";
import { CSV_HEADER } from "./records";
import type { ParsedRange } from "./parse-range";

/** Options of {@link readFileParallel}. */
export interface ParallelFileOptions {
  /** Parse threads [2]. */
  readonly workers?: number;
  /** Bytes per range [4 MiB]. */
  readonly rangeBytes?: number;
  readonly format?: FileFormat;
}

/**
 * Streams a CSV or NDJSON file like `readFile`, but parses byte ranges on
 * worker threads: parsing text costs far more than aggregating numbers, so
 * this is where a second core pays off for file input. Ranges come back in
 * file order, at most two per worker in flight (bounded memory); sensor
 * names are interned on this thread, sequence numbers assigned in order,
 * and dead letters keep their exact line numbers.
 */
export async function* readFileParallel(path: string, registry: SensorRegistry, options: ParallelFileOptions = {}): AsyncGenerator<ReadingChunk> {
  const format = options.format ?? formatOf(path);
  const workers = options.workers ?? 2;
  const rangeBytes = options.rangeBytes ?? 4 << 20;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`Expected workers to be a positive integer but found ${workers}`);
  if (!Number.isInteger(rangeBytes) || rangeBytes < 1) throw new RangeError(`Expected rangeBytes to be a positive integer but found ${rangeBytes}`);
  const size = statSync(path).size;
  const ranges = Math.max(1, Math.ceil(size / rangeBytes));
  const file = processorFile("sources/parse-worker.ts");
  const pool: Worker[] = [];
  const pending = new Map<number, Promise<ParsedRange>>();
  const waiting: ((r: ParsedRange) => void)[][] = [];
  try {
    for (let i = 0; i < workers; i++) {
      const w = startTsWorker(file, undefined);
      const queue: ((r: ParsedRange) => void)[] = [];
      waiting.push(queue);
      await new Promise<void>((resolve, reject) => {
        w.once("message", () => resolve());
        w.once("error", reject);
      });
      w.on("message", (r: ParsedRange) => queue.shift()?.(r));
      pool.push(w);
    }
    let next = 0;
    const launch = (): void => {
      while (next < ranges && pending.size < 2 * workers) {
        const index = next++;
        const w = index % workers;
        pending.set(index, new Promise<ParsedRange>((resolve, reject) => {
          waiting[w]!.push(resolve);
          pool[w]!.once("error", reject);
        }));
        pool[w]!.postMessage({ path, format, index, start: index * rangeBytes, end: Math.min(size, (index + 1) * rangeBytes) });
      }
    };
    const seqs: number[] = [];
    let lineOffset = 0;
    launch();
    for (let index = 0; index < ranges; index++) {
      const r = await pending.get(index)!;
      pending.delete(index);
      launch();
      if (r.badHeader !== undefined) throw new TypeError(`Expected the CSV header "${CSV_HEADER}" on line 1 of ${path} but found "${r.badHeader}"`);
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
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
