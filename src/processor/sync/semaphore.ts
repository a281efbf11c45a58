import { waitAsync } from "./wait-async";

/**
 * A counting semaphore in one Int32 slot of shared memory: at most `permits`
 * holders at a time across every thread sharing the buffer.
 */
export class Semaphore {
  /** Bytes one semaphore needs. */
  static readonly BYTES = 4;
  private readonly cell: Int32Array;

  /**
   * Views slot `index` of `buffer`. Pass `permits` once, from the thread that
   * creates it, to set the initial count; other threads omit it.
   */
  constructor(buffer: SharedArrayBuffer, index = 0, permits?: number) {
    if (!Number.isInteger(index) || index < 0 || (index + 1) * 4 > buffer.byteLength) {
      throw new RangeError(`Expected a slot index within the ${buffer.byteLength}-byte buffer but found ${index}`);
    }
    this.cell = new Int32Array(buffer, index * 4, 1);
    if (permits !== undefined) {
      if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`Expected permits to be a positive integer but found ${permits}`);
      Atomics.store(this.cell, 0, permits);
    }
  }

  /** Permits currently free. */
  get available(): number {
    return Atomics.load(this.cell, 0);
  }

  /** Takes a permit if one is free, without waiting. */
  tryAcquire(): boolean {
    for (;;) {
      const c = Atomics.load(this.cell, 0);
      if (c <= 0) return false;
      if (Atomics.compareExchange(this.cell, 0, c, c - 1) === c) return true;
    }
  }

  /** Takes a permit, blocking the thread up to `timeoutMs` (false on timeout). For workers. */
  acquire(timeoutMs = Infinity): boolean {
    const deadline = performance.now() + timeoutMs;
    while (!this.tryAcquire()) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.cell, 0, 0, left);
    }
    return true;
  }

  /** Takes a permit without blocking the event loop. */
  async acquireAsync(timeoutMs = Infinity): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!this.tryAcquire()) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      const r = waitAsync(this.cell, 0, 0, left);
      if (r.async) await r.value;
    }
    return true;
  }

  /** Returns a permit and wakes one waiter. */
  release(): void {
    Atomics.add(this.cell, 0, 1);
    Atomics.notify(this.cell, 0, 1);
  }
}
