import { closeSync, openSync, readSync } from "node:fs";
import { isCsvHeader, parseCsvRecord, parseNdjsonRecord } from "./records";

/** A byte range of a file parsed into columns with its own sensor dictionary. */
export interface ParsedRange {
  readonly index: number;
  readonly length: number;
  /** Ids into `names` (local to this range). */
  readonly sensor: Int32Array;
  readonly time: Float64Array;
  readonly value: Float64Array;
  readonly names: readonly string[];
  /** Lines that start in this range (blank and header lines included). */
  readonly lines: number;
  /** Refused records with their line number counted from the range's first line (0-based). */
  readonly rejected: readonly { line: number; record: string; reason: string }[];
  /** Set when range 0 does not start with the CSV header. */
  readonly badHeader?: string;
}

const NEWLINE = 10;

/**
 * Parses the lines that start within bytes [start, end) of a CSV or NDJSON
 * file (a line that starts before `start` belongs to the previous range; the
 * last line may run past `end`). Used by parse workers, so ranges of one file
 * are parsed in parallel.
 */
export function parseRange(path: string, format: "csv" | "ndjson", index: number, start: number, end: number): ParsedRange {
  const fd = openSync(path, "r");
  let text: string;
  try {
    const from = Math.max(0, start - 1);
    let size = end - from + 4096;
    let buf = Buffer.allocUnsafe(size);
    let got = readSync(fd, buf, 0, size, from);
    // Extend until the line crossing `end` is complete (or the file ends).
    while (got === size && buf.indexOf(NEWLINE, Math.max(0, end - 1 - from)) === -1) {
      size *= 2;
      buf = Buffer.allocUnsafe(size);
      got = readSync(fd, buf, 0, size, from);
    }
    let first = 0;
    if (start > 0) {
      const nl = buf.indexOf(NEWLINE, 0);
      first = nl === -1 || nl >= got ? got : nl + 1;
    }
    let last = buf.indexOf(NEWLINE, Math.max(first, end - 1 - from));
    last = last === -1 || last >= got ? got : last + 1;
    // Lines starting at or after `end` belong to the next range.
    if (first >= end - from) first = last = 0;
    text = buf.toString("utf8", first, last);
  } finally {
    closeSync(fd);
  }
  const parse = format === "csv" ? parseCsvRecord : parseNdjsonRecord;
  const ids = new Map<string, number>();
  const names: string[] = [];
  let cap = 1024;
  let sensor = new Int32Array(cap);
  let time = new Float64Array(cap);
  let value = new Float64Array(cap);
  let n = 0;
  const rejected: { line: number; record: string; reason: string }[] = [];
  let lines = 0;
  let badHeader: string | undefined;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf("\n", pos);
    if (nl === -1) nl = text.length;
    let line = text.slice(pos, nl);
    pos = nl + 1;
    const lineNo = lines++;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (index === 0 && lineNo === 0 && format === "csv") {
      if (!isCsvHeader(line)) badHeader = line.slice(0, 80);
      continue;
    }
    if (line.trim().length === 0) continue;
    const rec = parse(line);
    if (rec.ok === false) {
      rejected.push({ line: lineNo, record: line.slice(0, 500), reason: rec.reason });
      continue;
    }
    let id = ids.get(rec.sensor);
    if (id === undefined) {
      id = names.length;
      ids.set(rec.sensor, id);
      names.push(rec.sensor);
    }
    if (n === cap) {
      cap *= 2;
      const s = new Int32Array(cap);
      s.set(sensor);
      sensor = s;
      const t = new Float64Array(cap);
      t.set(time);
      time = t;
      const v = new Float64Array(cap);
      v.set(value);
      value = v;
    }
    sensor[n] = id;
    time[n] = rec.timestamp;
    value[n] = rec.value;
    n++;
  }
  return { index, length: n, sensor: sensor.slice(0, n), time: time.slice(0, n), value: value.slice(0, n), names, lines, rejected, badHeader };
}
