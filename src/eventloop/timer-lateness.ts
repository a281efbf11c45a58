/** One timer firing: when it was due and how late it ran. */
export interface LatenessSample {
  /** Milliseconds since the measurement started, when the timer was due. */
  readonly dueMs: number;
  /** How long after its due time the callback actually ran (ms). */
  readonly lateMs: number;
}

/** Options for {@link measureTimerLateness}. */
export interface LatenessOptions {
  /** How long to measure (ms, 1–10000). */
  readonly durationMs: number;
  /** Timer period (ms, 1–1000; default 5). */
  readonly intervalMs?: number;
  /**
   * Synchronous CPU work to interleave: every `everyMs` a callback spins for
   * `forMs`, the way a JSON.parse of a big body or a sort would. Omit for an
   * idle event loop.
   */
  readonly busy?: { readonly everyMs: number; readonly forMs: number };
}

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // deliberately blocking: this is the CPU-bound work being measured
  }
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`Expected ${name} to be a number from ${min} to ${max} but found ${value}`);
  }
}

/**
 * Measures event-loop responsiveness: a timer asks to run `intervalMs` from
 * now, records how late it ran, and asks again, until `durationMs` is over. On an idle loop lateness stays near a
 * millisecond; synchronous work on the same thread delays every timer queued
 * behind it by up to the length of that work.
 *
 * @example
 * const samples = await measureTimerLateness({ durationMs: 50 });
 * samples.every((s) => s.lateMs >= 0); //=> true
 */
export async function measureTimerLateness(options: LatenessOptions): Promise<LatenessSample[]> {
  const intervalMs = options.intervalMs ?? 5;
  checkRange("durationMs", options.durationMs, 1, 10_000);
  checkRange("intervalMs", intervalMs, 1, 1000);
  if (options.busy) {
    checkRange("busy.everyMs", options.busy.everyMs, 1, 10_000);
    checkRange("busy.forMs", options.busy.forMs, 0, 1000);
  }
  const start = performance.now();
  const samples: LatenessSample[] = [];
  const busyTimer = options.busy
    ? setInterval(() => spin(options.busy!.forMs), options.busy.everyMs)
    : undefined;
  try {
    await new Promise<void>((resolve) => {
      let due = intervalMs;
      const tick = (): void => {
        const now = performance.now() - start;
        samples.push({ dueMs: due, lateMs: Math.max(0, now - due) });
        if (now + intervalMs > options.durationMs) return resolve();
        // Each timer is asked for "intervalMs from now", as a request handler's
        // timer would be: lateness is what this one waited, not a backlog.
        due = now + intervalMs;
        setTimeout(tick, intervalMs);
      };
      setTimeout(tick, intervalMs);
    });
  } finally {
    if (busyTimer) clearInterval(busyTimer);
  }
  return samples;
}
