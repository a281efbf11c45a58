// The aggregation worker: folds batches into its own window table and hands
// the table over when asked to flush. Started by pool.ts through
// start-worker.ts; never imported by other modules.
import { parentPort, workerData } from "node:worker_threads";
import type { BatchReply, FlushReply, WorkerInit, WorkerRequest } from "./protocol";
import { windowsPerReading } from "./window";
import { WindowTable } from "./window-table";

const init = workerData as WorkerInit;
const port = parentPort!;
const slots = init.slots.map((s) => ({
  sensor: new Int32Array(s.sensor),
  time: new Float64Array(s.time),
  value: new Float64Array(s.value),
}));
const tableOptions = { partition: init.bySensor ? { index: init.index, count: init.workers } : undefined };
const table = new WindowTable(init.window, tableOptions);

port.on("message", (req: WorkerRequest) => {
  if (req.kind === "flush") {
    const partial = table.flush();
    const reply: FlushReply = { kind: "flush", id: req.id, partial };
    port.postMessage(reply, [partial.sensor.buffer, partial.windowStart.buffer, partial.stats.buffer, partial.sketches.buffer] as ArrayBuffer[]);
    return;
  }
  if (init.crashOnBatch === req.seq && req.attempt === 0 && (!init.bySensor || req.seq % init.workers === init.index)) process.exit(70);
  const started = performance.timeOrigin + performance.now();
  const transfer: ArrayBuffer[] = [];
  let buffers: BatchReply["buffers"];
  if (req.kind === "shared") {
    const slot = slots[req.slot]!;
    table.add(slot.sensor, slot.time, slot.value, req.n);
  } else if (req.kind === "transfer") {
    table.add(req.sensor, req.time, req.value, req.n);
    buffers = { sensor: req.sensor, time: req.time, value: req.value };
    transfer.push(req.sensor.buffer as ArrayBuffer, req.time.buffer as ArrayBuffer, req.value.buffer as ArrayBuffer);
  } else {
    const n = req.readings.length;
    const sensor = new Int32Array(n);
    const time = new Float64Array(n);
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = req.readings[i]!;
      sensor[i] = r.s;
      time[i] = r.t;
      value[i] = r.v;
    }
    table.add(sensor, time, value, n);
  }
  const finished = performance.timeOrigin + performance.now();
  const reply: BatchReply = { kind: "batch", seq: req.seq, started, finished, buffers };
  port.postMessage(reply, transfer);
});
// Pre-warm: let the JIT optimise the kernel on synthetic data (in a table of
// its own) before the first real batch, so the first batches do not run cold code.
{
  // Each reading joins size/slide windows: fewer readings for long sliding
  // windows, so warming up costs about the same whatever the window
  // (a 1 min window sliding by 1 s made it take 9 s and 1 GB).
  const n = Math.max(256, Math.floor(32768 / windowsPerReading(init.window)));
  const sensor = new Int32Array(n);
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sensor[i] = i % 64;
    time[i] = Math.floor(i / 8);
    value[i] = 10 * Math.sin(i);
  }
  const warm = new WindowTable(init.window, tableOptions);
  for (let r = 0; r < 8; r++) {
    warm.add(sensor, time, value, n);
    warm.flush();
  }
}
port.postMessage({ ready: true });
