/**
 * Readers for the OSTEP simulators' printed solutions, so a notebook can run
 * a homework question through the compatible CLI and then plot its answer.
 */

/** One slice from scheduler.py's execution trace. */
export interface SchedulerSlice {
  readonly job: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Slices of `scheduler.py -c` output. Printed start times are truncated to
 * integers, so starts are rebuilt by adding up the printed run lengths.
 *
 * @example
 * schedulerTrace("  [ time   0 ] Run job 0 for 2.00 secs ( DONE at 2.00 )\n"); //=> [{ job: 0, start: 0, end: 2 }]
 */
export function schedulerTrace(stdout: string): SchedulerSlice[] {
  const slices: SchedulerSlice[] = [];
  let t = 0;
  for (const m of stdout.matchAll(/\[ time +\d+ \] Run job +(\d+) for ([\d.]+) secs/g)) {
    const ran = Number(m[2]);
    slices.push({ job: Number(m[1]), start: t, end: t + ran });
    t += ran;
  }
  return slices;
}

/** One tick of mlfq.py's execution trace. */
export interface MlfqTick {
  readonly time: number;
  readonly job: number;
  /** Queue number as mlfq.py prints it: the highest number is the top queue. */
  readonly priority: number;
}

/**
 * The ticks of `mlfq.py -c` output in which a job ran.
 *
 * @example
 * mlfqTrace("[ time 0 ] Run JOB 0 at PRIORITY 2 [ TICKS 9 ALLOT 1 TIME 9 (of 10) ]\n"); //=> [{ time: 0, job: 0, priority: 2 }]
 */
export function mlfqTrace(stdout: string): MlfqTick[] {
  return [...stdout.matchAll(/\[ time (\d+) \] Run JOB (\d+) at PRIORITY (\d+)/g)].map((m) => ({
    time: Number(m[1]),
    job: Number(m[2]),
    priority: Number(m[3]),
  }));
}

/**
 * The `--> JOB j DONE at time t` events of `lottery.py -c` output, in order.
 *
 * @example
 * lotteryCompletions("--> JOB 1 DONE at time 5\n"); //=> [{ job: 1, time: 5 }]
 */
export function lotteryCompletions(stdout: string): { readonly job: number; readonly time: number }[] {
  return [...stdout.matchAll(/--> JOB (\d+) DONE at time (\d+)/g)].map((m) => ({ job: Number(m[1]), time: Number(m[2]) }));
}
