// Parse worker: turns byte ranges of a file into columns (see parallel-file.ts).
import { parentPort } from "node:worker_threads";
import { parseRange } from "./parse-range";

parentPort!.on("message", (req: { path: string; format: "csv" | "ndjson"; index: number; start: number; end: number }) => {
  const r = parseRange(req.path, req.format, req.index, req.start, req.end);
  parentPort!.postMessage(r, [r.sensor.buffer as ArrayBuffer, r.time.buffer as ArrayBuffer, r.value.buffer as ArrayBuffer]);
});
parentPort!.postMessage({ ready: true });
