/**
 * Keeps the calling thread busy for `ms` milliseconds: the stand-in for
 * CPU-bound work (parsing, hashing, image resizing) in the experiments.
 *
 * @returns How many loop iterations ran, so the work cannot be optimised away.
 * @throws {RangeError} When ms is negative or not finite.
 *
 * @example
 * busyWait(0) >= 0; //=> true
 */
export function busyWait(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`Expected ms to be a finite number of milliseconds >= 0 but found ${ms}`);
  }
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return spins;
}

/**
 * Source of a worker (run with `eval: true`) that busy-waits for the number of
 * milliseconds it receives and answers "done". Inline source keeps it working
 * under tsx, vitest and the tslab kernel alike, without a separate file.
 */
export const BUSY_WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (ms) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
  parentPort.postMessage("done");
});
`;
