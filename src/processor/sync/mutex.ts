import { waitAsync } from "./wait-async";

/**
 * A mutual-exclusion lock living in one Int32 slot of shared memory, usable
 * from any thread that sees the same SharedArrayBuffer (Drepper's three-state
 * futex mutex: 0 free, 1 locked, 2 locked with waiters, so an uncontended
 * unlock costs one atomic and no wake-up).
 */
export class Mutex {
  /** Bytes one mutex needs. */
  static readonly BYTES = 4;
  private readonly cell: Int32Array;

  /** Views slot `index` (an Int32 index) of `buffer` as a mutex; a fresh buffer is unlocked. */
  constructor(buffer: SharedArrayBuffer, index = 0) {
    if (!Number.isInteger(index) || index < 0 || (index + 1) * 4 > buffer.byteLength) {
      throw new RangeError(`Expected a slot index within the ${buffer.byteLength}-byte buffer but found ${index}`);
    }
    this.cell = new Int32Array(buffer, index * 4, 1);
  }

  /** Takes the lock if free, without waiting. */
  tryLock(): boolean {
    return Atomics.compareExchange(this.cell, 0, 0, 1) === 0;
  }

  /**
   * Takes the lock, blocking the thread until it is free or `timeoutMs`
   * passed (then returns false). Blocking: for worker threads; on the main
   * thread it freezes the event loop (see {@link lockAsync}).
   */
  lock(timeoutMs = Infinity): boolean {
    let c = Atomics.compareExchange(this.cell, 0, 0, 1);
    if (c === 0) return true;
    const deadline = performance.now() + timeoutMs;
    do {
      if (c === 2 || Atomics.compareExchange(this.cell, 0, 1, 2) !== 0) {
        const left = deadline - performance.now();
        if (left <= 0) return false;
        Atomics.wait(this.cell, 0, 2, left);
      }
      c = Atomics.compareExchange(this.cell, 0, 0, 2);
    } while (c !== 0);
    return true;
  }

  /** Takes the lock without blocking the event loop (`Atomics.waitAsync`). */
  async lockAsync(timeoutMs = Infinity): Promise<boolean> {
    let c = Atomics.compareExchange(this.cell, 0, 0, 1);
    if (c === 0) return true;
    const deadline = performance.now() + timeoutMs;
    do {
      if (c === 2 || Atomics.compareExchange(this.cell, 0, 1, 2) !== 0) {
        const left = deadline - performance.now();
        if (left <= 0) return false;
        const r = waitAsync(this.cell, 0, 2, left);
        if (r.async) await r.value;
      }
      c = Atomics.compareExchange(this.cell, 0, 0, 2);
    } while (c !== 0);
    return true;
  }

  /** Releases the lock, waking one waiter if there are any. */
  unlock(): void {
    if (Atomics.sub(this.cell, 0, 1) !== 1) {
      Atomics.store(this.cell, 0, 0);
      Atomics.notify(this.cell, 0, 1);
    }
  }
}
