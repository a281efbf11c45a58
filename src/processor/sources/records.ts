import { rejectReason } from "../reading";

/** A record parsed from text: either a reading's fields or why it was refused. */
export type ParsedRecord =
  | { readonly ok: true; readonly sensor: string; readonly timestamp: number; readonly value: number }
  | { readonly ok: false; readonly reason: string };

/** The CSV header every CSV input starts with. */
export const CSV_HEADER = "sensor,timestamp_ms,value";

function numberField(name: string, raw: string): number | string {
  const text = raw.trim();
  if (text.length === 0) return `${name} is empty`;
  // Number() also reads 0x10, 0o7 and 0b1: a CSV number is decimal.
  if (/^[+-]?0[xob]/i.test(text)) return `${name} is not a decimal number: "${text}"`;
  const n = Number(text);
  if (Number.isNaN(n) && text !== "NaN") return `${name} is not a number: "${text}"`;
  return n;
}

/**
 * The fields of a CSV line, with RFC 4180 quoting: a field may be wrapped in
 * double quotes, inside which a comma is text and two quotes are one.
 * Returns why it cannot be split when a quote is not closed or stands
 * elsewhere. (A quoted field cannot span lines: each line is one record.)
 */
function splitCsvLine(line: string): string[] | string {
  if (!line.includes('"')) return line.split(",");
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let j = i;
    while (line[j] === " " || line[j] === "\t") j++;
    if (line[j] === '"') {
      let text = "";
      for (j++; ; ) {
        const q = line.indexOf('"', j);
        if (q < 0) return "a quoted field is not closed";
        text += line.slice(j, q);
        j = q + 1;
        if (line[j] !== '"') break;
        text += '"';
        j++;
      }
      while (line[j] === " " || line[j] === "\t" || line[j] === "\r") j++;
      if (j < line.length && line[j] !== ",") return "text after a closing quote";
      fields.push(text);
      if (j >= line.length) return fields;
      i = j + 1;
    } else {
      const comma = line.indexOf(",", i);
      const raw = comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (raw.includes('"')) return "a quote inside an unquoted field";
      fields.push(raw);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

/** True for the CSV header line, its fields quoted or not (`"sensor","timestamp_ms","value"`). */
export function isCsvHeader(line: string): boolean {
  const text = line.trim();
  if (text === CSV_HEADER) return true;
  const fields = splitCsvLine(text);
  return typeof fields !== "string" && fields.map((f) => f.trim()).join(",") === CSV_HEADER;
}

/**
 * Parses and validates one CSV line `sensor,timestamp_ms,value`. Fields may
 * be quoted as RFC 4180 has it (`"s,1",1000,"20.5"`).
 *
 * @example
 * parseCsvRecord("s1,1000,20.5"); //=> { ok: true, sensor: "s1", timestamp: 1000, value: 20.5 }
 */
export function parseCsvRecord(line: string): ParsedRecord {
  const parts = splitCsvLine(line);
  if (typeof parts === "string") return { ok: false, reason: parts };
  if (parts.length !== 3) return { ok: false, reason: `expected 3 fields but found ${parts.length}` };
  const sensor = parts[0]!.trim();
  const timestamp = numberField("timestamp_ms", parts[1]!);
  if (typeof timestamp === "string") return { ok: false, reason: timestamp };
  const value = numberField("value", parts[2]!);
  if (typeof value === "string") return { ok: false, reason: value };
  // The line's own text in messages, not the double it was rounded to.
  const reason = rejectReason(sensor, timestamp, value, parts[1]!.trim());
  return reason ? { ok: false, reason } : { ok: true, sensor, timestamp, value };
}

/**
 * Parses and validates one NDJSON line `{"sensor","timestamp_ms","value"}`.
 *
 * @example
 * parseNdjsonRecord('{"sensor":"s1","timestamp_ms":5,"value":1}'); //=> { ok: true, sensor: "s1", timestamp: 5, value: 1 }
 */
export function parseNdjsonRecord(line: string): ParsedRecord {
  // A file saved with a byte-order mark has it before its first line.
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { ok: false, reason: "expected a JSON object" };
  const o = doc as Record<string, unknown>;
  if (typeof o.sensor !== "string") return { ok: false, reason: `sensor must be a string but found ${JSON.stringify(o.sensor) ?? "nothing"}` };
  if (typeof o.timestamp_ms !== "number") return { ok: false, reason: `timestamp_ms must be a number but found ${JSON.stringify(o.timestamp_ms) ?? "nothing"}` };
  if (typeof o.value !== "number") return { ok: false, reason: `value must be a number but found ${JSON.stringify(o.value) ?? "nothing"}` };
  const reason = rejectReason(o.sensor, o.timestamp_ms, o.value);
  return reason ? { ok: false, reason } : { ok: true, sensor: o.sensor, timestamp: o.timestamp_ms, value: o.value };
}
