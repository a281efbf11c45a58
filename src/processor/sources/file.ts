import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { ChunkBuilder, type ReadingChunk, type SensorRegistry } from "../reading";
import { CSV_HEADER, isCsvHeader, parseCsvRecord, parseNdjsonRecord, type ParsedRecord } from "./records";

/** Input file formats, chosen by extension. */
export type FileFormat = "csv" | "ndjson";

/** Options of {@link readFile}. */
export interface FileSourceOptions {
  /** Records per chunk. Default 65536. */
  readonly chunkSize?: number;
  /** Default: from the extension (.csv, .ndjson, .jsonl). */
  readonly format?: FileFormat;
}

/** The format implied by a file name. */
export function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  throw new RangeError(`Expected an input file ending in .csv, .ndjson or .jsonl but found "${path}"`);
}

/**
 * Streams readings from a CSV (`sensor,timestamp_ms,value` header) or NDJSON
 * file in chunks, never holding more than a chunk and one read buffer.
 * Bad lines become dead letters naming their line number; blank lines are
 * skipped. Sequence numbers count each sensor's readings from 0.
 */
export async function* readFile(path: string, registry: SensorRegistry, options: FileSourceOptions = {}): AsyncGenerator<ReadingChunk> {
  const format = options.format ?? formatOf(path);
  const chunkSize = options.chunkSize ?? 65536;
  const parse: (line: string) => ParsedRecord = format === "csv" ? parseCsvRecord : parseNdjsonRecord;
  const builder = new ChunkBuilder(Math.min(chunkSize, 65536));
  const seqs: number[] = [];
  let lineNo = 0;
  let carry = "";
  let headerSeen = format !== "csv";

  const line = (raw: string): void => {
    lineNo++;
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (!headerSeen) {
      headerSeen = true;
      if (!isCsvHeader(text)) throw new TypeError(`Expected the CSV header "${CSV_HEADER}" on line 1 of ${path} but found ${JSON.stringify(text.slice(0, 80))}`);
      return;
    }
    if (text.trim().length === 0) return;
    const rec = parse(text);
    if (rec.ok === false) {
      builder.reject({ origin: `${path}:${lineNo}`, record: text.slice(0, 500), reason: rec.reason });
      return;
    }
    const id = registry.intern(rec.sensor);
    const seq = seqs[id] ?? 0;
    seqs[id] = seq + 1;
    builder.push(id, rec.timestamp, rec.value, seq);
  };

  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  for await (const piece of stream as AsyncIterable<string>) {
    const text = carry + piece;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      line(text.slice(start, nl));
      start = nl + 1;
      if (builder.size >= chunkSize) yield builder.take();
    }
    carry = text.slice(start);
  }
  if (carry.length > 0) line(carry);
  if (builder.size > 0) yield builder.take();
}
