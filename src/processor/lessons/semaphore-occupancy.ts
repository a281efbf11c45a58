import { Semaphore } from "../sync/semaphore";
import { runLesson } from "./run";

/**
 * Several workers hammer a {@link Semaphore} of `permits`; returns the most
 * holders ever seen inside at once (never above `permits` if it works).
 */
export async function semaphoreOccupancy(options: { workers?: number; permits?: number; iterations?: number } = {}): Promise<{ readonly permits: number; readonly maxInside: number }> {
  const { workers = 4, permits = 2, iterations = 20_000 } = options;
  const shared = new SharedArrayBuffer(12);
  new Semaphore(shared, 2, permits);
  await runLesson("semaphore", shared, Array.from({ length: workers }, () => ({ iterations })));
  return { permits, maxInside: Atomics.load(new Int32Array(shared), 1) };
}
