import { describe, expect, test } from "vitest";
import { deadlockDemo, findWaitCycle, lostUpdates, mainThreadWait, Mutex, Semaphore, semaphoreOccupancy } from "../../src/processor";

describe("mutex and semaphore on one thread", () => {
  test("a mutex is taken once until unlocked", () => {
    const m = new Mutex(new SharedArrayBuffer(4));
    expect(m.tryLock()).toBe(true);
    expect(m.tryLock()).toBe(false);
    expect(m.lock(5)).toBe(false);
    m.unlock();
    expect(m.lock()).toBe(true);
  });

  test("lockAsync waits for an unlock without blocking the event loop", async () => {
    const m = new Mutex(new SharedArrayBuffer(4));
    m.lock();
    setTimeout(() => m.unlock(), 20);
    await expect(m.lockAsync(5000)).resolves.toBe(true);
  });

  test("a semaphore hands out exactly its permits", async () => {
    const buf = new SharedArrayBuffer(4);
    const s = new Semaphore(buf, 0, 2);
    expect([s.tryAcquire(), s.tryAcquire(), s.tryAcquire()]).toEqual([true, true, false]);
    expect(s.acquire(5)).toBe(false);
    setTimeout(() => s.release(), 10);
    await expect(s.acquireAsync(5000)).resolves.toBe(true);
    expect(s.available).toBe(0);
  });

  test("bad slots and permits are refused", () => {
    expect(() => new Mutex(new SharedArrayBuffer(4), 1)).toThrow(new RangeError("Expected a slot index within the 4-byte buffer but found 1"));
    expect(() => new Semaphore(new SharedArrayBuffer(4), 0, 0)).toThrow(new RangeError("Expected permits to be a positive integer but found 0"));
  });
});

describe("under contention from several workers", () => {
  test("Atomics.add and the mutex lose no increment; a plain ++ may", async () => {
    const r = await lostUpdates({ workers: 4, iterations: 200_000 });
    expect(r.atomic).toBe(r.expected);
    expect(r.mutex).toBe(r.expected);
    expect(r.plain).toBeLessThanOrEqual(r.expected);
  });

  test("a semaphore of 2 never lets 3 workers in", async () => {
    const r = await semaphoreOccupancy({ workers: 4, permits: 2, iterations: 5000 });
    expect(r.maxInside).toBeGreaterThanOrEqual(1);
    expect(r.maxInside).toBeLessThanOrEqual(2);
  });

  test("locks taken in opposite orders deadlock: the wait-for graph shows the cycle and a timeout breaks it", async () => {
    const r = await deadlockDemo({ ordered: false, holdMs: 150, timeoutMs: 400 });
    expect(r.cycle).toEqual([0, 1]);
    expect(r.timedOut).toBeGreaterThanOrEqual(1);
    expect(r.completed).toBe(false);
  });

  test("taking locks in one global order never deadlocks", async () => {
    const r = await deadlockDemo({ ordered: true, holdMs: 20, timeoutMs: 5000 });
    expect(r).toEqual({ cycle: undefined, timedOut: 0, completed: true });
  });
});

test("findWaitCycle follows waits-for → owner edges", () => {
  expect(findWaitCycle([1, 0], [0, 1])).toEqual([0, 1]);
  expect(findWaitCycle([1, -1], [0, 1])).toBeUndefined();
  expect(findWaitCycle([-1, -1], [-1, -1])).toBeUndefined();
});

test("Atomics.wait on the main thread stops every timer; waitAsync does not", async () => {
  const r = await mainThreadWait(150);
  expect(r.blockingTicks).toBe(0);
  expect(r.asyncTicks).toBeGreaterThan(0);
});
