import { runLesson } from "./run";

/** What happened when two workers each took two locks. */
export interface DeadlockOutcome {
  /** A cycle found in the wait-for graph while they ran (worker ids), if any. */
  readonly cycle: readonly number[] | undefined;
  /** Workers that gave up on their second lock after the timeout. */
  readonly timedOut: number;
  /** Both workers got both locks. */
  readonly completed: boolean;
}

/**
 * Worker i waits for the lock another worker holds: edges of the wait-for
 * graph, read from shared memory. Returns a cycle of worker ids, if any.
 */
export function findWaitCycle(waitsForLock: readonly number[], ownerOfLock: readonly number[]): number[] | undefined {
  for (let start = 0; start < waitsForLock.length; start++) {
    const path: number[] = [];
    let w: number | undefined = start;
    while (w !== undefined && !path.includes(w)) {
      path.push(w);
      const lock: number = waitsForLock[w]!;
      w = lock >= 0 ? (ownerOfLock[lock]! >= 0 ? ownerOfLock[lock] : undefined) : undefined;
    }
    if (w !== undefined) return path.slice(path.indexOf(w));
  }
  return undefined;
}

/**
 * Two workers take locks A and B: in opposite orders (`ordered: false`, the
 * classic deadlock) or both A then B (lock ordering, the fix). Each waits at
 * most `timeoutMs` for its second lock, and the coordinator watches the
 * wait-for graph to name the cycle.
 */
export async function deadlockDemo(options: { ordered: boolean; holdMs?: number; timeoutMs?: number }): Promise<DeadlockOutcome> {
  const { ordered, holdMs = 50, timeoutMs = 300 } = options;
  // [lock A, lock B, owner of A, owner of B, worker 0 waits for, worker 1 waits for] (0 = none, else id + 1)
  const shared = new SharedArrayBuffer(6 * 4);
  const s = new Int32Array(shared);
  let cycle: number[] | undefined;
  const detect = (): void => {
    if (cycle) return;
    const owner = [Atomics.load(s, 2) - 1, Atomics.load(s, 3) - 1];
    const waits = [Atomics.load(s, 4) - 1, Atomics.load(s, 5) - 1];
    cycle = findWaitCycle(waits, owner);
  };
  const params = [
    { first: 0, second: 1, holdMs, timeoutMs },
    ordered ? { first: 0, second: 1, holdMs, timeoutMs } : { first: 1, second: 0, holdMs, timeoutMs },
  ];
  const reports = await runLesson("deadlock", shared, params, detect);
  const timedOut = reports.filter((r) => r.acquired === false).length;
  return { cycle, timedOut, completed: timedOut === 0 };
}
