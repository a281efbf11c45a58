// A busy thread for `npm run bench -- ceiling`: each time it is told to, it
// runs a fixed loop of plain arithmetic that touches no memory beyond a few
// registers, and answers with the milliseconds that took. "integer" is one
// dependent chain of 32-bit multiplies (latency-bound), "float" eight
// independent multiply-add chains (bound by the floating-point units).
import { parentPort, workerData } from "node:worker_threads";

const { kind, iterations } = workerData as { kind: "integer" | "float"; iterations: number };

const integerLoop = (): number => {
  let y = 1;
  for (let i = 0; i < iterations; i++) y = (Math.imul(y, 1664525) + 1013904223) | 0;
  return y;
};

const floatLoop = (): number => {
  let a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1;
  for (let i = 0; i < iterations; i++) {
    a0 = a0 * 0.999999 + 1e-7;
    a1 = a1 * 0.999999 + 1e-7;
    a2 = a2 * 0.999999 + 1e-7;
    a3 = a3 * 0.999999 + 1e-7;
    a4 = a4 * 0.999999 + 1e-7;
    a5 = a5 * 0.999999 + 1e-7;
    a6 = a6 * 0.999999 + 1e-7;
    a7 = a7 * 0.999999 + 1e-7;
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
};

let sink = 0;
const run = (): number => {
  const t = performance.now();
  sink += kind === "integer" ? integerLoop() : floatLoop();
  return performance.now() - t;
};
for (let i = 0; i < 3; i++) run(); // warm the JIT (and leave on-stack replacement behind) before the first timed run
parentPort!.on("message", () => parentPort!.postMessage(run()));
parentPort!.postMessage("ready");
