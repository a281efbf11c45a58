// The aggregation worker: receives batches, answers with partial aggregates.
// Started by pool.ts through start-worker.ts; never imported by other modules.
import { parentPort, workerData } from "node:worker_threads";
import { aggregateBatch, type PartialAggregates } from "./aggregate";
import type { WorkerInit, WorkerRequest, WorkerReply } from "./protocol";

const init = workerData as WorkerInit;
const port = parentPort!;
const slots = init.slots.map((s) => ({
  sensor: new Int32Array(s.sensor),
  time: new Float64Array(s.time),
  value: new Float64Array(s.value),
}));

port.on("message", (req: WorkerRequest) => {
  if (init.crashOnBatch === req.seq && req.attempt === 0) process.exit(70);
  const started = performance.timeOrigin + performance.now();
  let partial: PartialAggregates;
  const transfer: ArrayBuffer[] = [];
  let buffers: WorkerReply["buffers"];
  if (req.kind === "shared") {
    const slot = slots[req.slot]!;
    partial = aggregateBatch(slot.sensor, slot.time, slot.value, req.n, init.window);
  } else if (req.kind === "transfer") {
    partial = aggregateBatch(req.sensor, req.time, req.value, req.n, init.window);
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
    partial = aggregateBatch(sensor, time, value, n, init.window);
  }
  const finished = performance.timeOrigin + performance.now();
  transfer.push(
    partial.sensor.buffer as ArrayBuffer,
    partial.windowStart.buffer as ArrayBuffer,
    partial.stats.buffer as ArrayBuffer,
    partial.sketches.buffer as ArrayBuffer,
  );
  const reply: WorkerReply = { seq: req.seq, partial, started, finished, buffers };
  port.postMessage(reply, transfer);
});
// Pre-warm: let the JIT optimise the kernel on synthetic data before the
// first real batch, so the first measured batches do not run cold code.
{
  const n = 32768;
  const sensor = new Int32Array(n);
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sensor[i] = i % 64;
    time[i] = Math.floor(i / 8);
    value[i] = 10 * Math.sin(i);
  }
  for (let r = 0; r < 8; r++) aggregateBatch(sensor, time, value, n, init.window);
}
port.postMessage({ ready: true });
