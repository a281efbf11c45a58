// A bare aggregation thread for `npm run bench -- processor` (b) and `ceiling`: it folds
// the readings it was given into a window table of its own each time it is
// told to, and answers with the milliseconds that took. No coordinator, no
// batches, no messages per reading: two of these at once show what two
// busy threads get from this machine.
import { parentPort, workerData } from "node:worker_threads";
import { WindowTable, type WindowSpec } from "../../src/processor";

const { window, sensor, time, value } = workerData as { window: WindowSpec; sensor: Int32Array; time: Float64Array; value: Float64Array };
const foldAll = (): number => {
  const t = performance.now();
  const table = new WindowTable(window);
  table.add(sensor, time, value, sensor.length);
  table.flush();
  return performance.now() - t;
};
foldAll(); // warm the JIT before the first timed run
parentPort!.on("message", () => parentPort!.postMessage(foldAll()));
parentPort!.postMessage("ready");
