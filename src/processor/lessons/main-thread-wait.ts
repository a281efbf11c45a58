import { waitAsync } from "../sync/wait-async";

/** Timer ticks the event loop managed while the main thread waited `waitMs`. */
export interface MainThreadWait {
  readonly waitMs: number;
  /** Ticks of a 5 ms interval during a blocking `Atomics.wait`. */
  readonly blockingTicks: number;
  /** Ticks during `Atomics.waitAsync`. */
  readonly asyncTicks: number;
}

/**
 * `Atomics.wait` on the main thread blocks the whole event loop (no timers,
 * no I/O) until it returns; `Atomics.waitAsync` lets the loop run.
 */
export async function mainThreadWait(waitMs = 200): Promise<MainThreadWait> {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const count = async (wait: () => Promise<unknown> | unknown): Promise<number> => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await new Promise((r) => setTimeout(r, 0));
    ticks = 0;
    await wait();
    // Counted at once, with no turn of the event loop: ticks that came due
    // during a blocking wait have not run, which is the point.
    const seen = ticks;
    clearInterval(timer);
    return seen;
  };
  const blockingTicks = await count(() => Atomics.wait(cell, 0, 0, waitMs));
  const asyncTicks = await count(() => {
    const r = waitAsync(cell, 0, 0, waitMs);
    return r.async ? r.value : undefined;
  });
  return { waitMs, blockingTicks, asyncTicks };
}
