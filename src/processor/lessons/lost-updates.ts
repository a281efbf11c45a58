import { runLesson } from "./run";

/** Final counter values after `workers` threads each add 1 `iterations` times. */
export interface LostUpdates {
  readonly expected: number;
  readonly plain: number;
  readonly atomic: number;
  readonly mutex: number;
  /** Share of increments lost by `counter[0]++`. */
  readonly lostFraction: number;
  /** Wall time of the slowest worker per variant, ms. */
  readonly ms: { readonly plain: number; readonly atomic: number; readonly mutex: number };
}

/**
 * The race in one line: `counter[0]++` on shared memory is a read, an add
 * and a write, and two threads interleave them, losing updates.
 * `Atomics.add` and a {@link Mutex} do not.
 */
export async function lostUpdates(options: { workers?: number; iterations?: number } = {}): Promise<LostUpdates> {
  const { workers = 2, iterations = 1_000_000 } = options;
  if (!Number.isInteger(workers) || workers < 2) throw new RangeError(`Expected at least 2 workers for a race but found ${workers}`);
  const params = Array.from({ length: workers }, () => ({ iterations }));
  const counts: number[] = [];
  const times: number[] = [];
  for (const task of ["increment-plain", "increment-atomic", "increment-mutex"] as const) {
    const shared = new SharedArrayBuffer(8);
    const reports = await runLesson(task, shared, params);
    counts.push(Atomics.load(new Int32Array(shared), 0));
    times.push(Math.max(...reports.map((r) => r.ms)));
  }
  const expected = workers * iterations;
  return {
    expected,
    plain: counts[0]!,
    atomic: counts[1]!,
    mutex: counts[2]!,
    lostFraction: (expected - counts[0]!) / expected,
    ms: { plain: times[0]!, atomic: times[1]!, mutex: times[2]! },
  };
}
