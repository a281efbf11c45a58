import { IndexHeap } from "./heap";
import { cpuShares, jainIndex, summarize } from "./metrics";
import type { Policy, SchedulingContext } from "./policy";
import type { Job, JobMetrics, Segment, SegmentReason, SimulationResult } from "./types";
import { cpuDemand, validateJobs } from "./workload";

/** Options for {@link simulate}; every default is listed. */
export interface SimulationOptions {
  /** Number of CPUs sharing one global ready queue. Default 1. */
  readonly cpus?: number;
  /** Time a CPU spends switching to a different job than the one it ran last. Default 0. */
  readonly contextSwitchCost?: number;
  /** Keep the timeline of segments (turn off for huge runs to save memory). Default true. */
  readonly recordTimeline?: boolean;
  /** Seed for randomised policies (lottery). Default 0. */
  readonly seed?: number;
}

/**
 * Runs one deterministic discrete-event simulation of `jobs` under `policy`
 * on one CPU, or on several CPUs sharing the policy's single ready queue.
 *
 * Tie-breaking at one instant `t`, in this order:
 * 1. running segments ending at `t` are closed (finished, blocked on I/O or quantum expired), CPU 0 first;
 * 2. a policy timer due at `t` fires (e.g. MLFQ's boost);
 * 3. jobs arriving at `t` become ready, by arrival time then input order;
 * 4. I/O completions at `t` become ready, by completion time then input order;
 * 5. jobs whose quantum expired go back to the ready set — behind the arrivals of step 3;
 * 6. idle CPUs take the policy's next jobs, lowest CPU number first;
 * 7. the policy may preempt jobs that were already running before `t` (CPU 0 first);
 *    the freed CPU immediately takes the policy's next job.
 *
 * A context switch is counted each time a CPU starts a job different from the
 * last one it ran; its cost delays the job's start and is neither busy time nor
 * the job's CPU time.
 *
 * @example
 * simulate([cpuJob("A", 0, 3)], fifo()).jobs[0].completion; //=> 3
 */
export function simulate(jobs: readonly Job[], policy: Policy, options: SimulationOptions = {}): SimulationResult {
  validateJobs(jobs);
  const cpus = options.cpus ?? 1;
  if (!(Number.isInteger(cpus) && cpus >= 1)) throw new RangeError(`Expected cpus to be an integer >= 1 but found ${cpus}`);
  const cost = options.contextSwitchCost ?? 0;
  if (!(Number.isFinite(cost) && cost >= 0)) throw new RangeError(`Expected contextSwitchCost >= 0 but found ${cost}`);
  const record = options.recordTimeline ?? true;
  const n = jobs.length;

  const remaining = new Float64Array(n);
  const burstIndex = new Int32Array(n);
  const firstRun = new Float64Array(n).fill(-1);
  const completion = new Float64Array(n);
  const cpuTime = new Float64Array(n);
  const ioTime = new Float64Array(n);
  for (let i = 0; i < n; i++) remaining[i] = jobs[i]!.bursts[0]!;

  const context: SchedulingContext = { jobs, remaining: (i) => remaining[i]! };
  const ready = policy.start(context, options.seed ?? 0);

  // Arrivals in (arrival, input index) order; I/O completions in a heap keyed by time.
  const arrivalOrder = new Int32Array(n);
  const arrivalTime = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    arrivalOrder[i] = i;
    arrivalTime[i] = jobs[i]!.arrival;
    if (i > 0 && arrivalTime[i]! < arrivalTime[i - 1]!) sorted = false;
  }
  if (!sorted) {
    arrivalOrder.set(Array.from(arrivalOrder).sort((a, b) => jobs[a]!.arrival - jobs[b]!.arrival || a - b));
    for (let i = 0; i < n; i++) arrivalTime[i] = jobs[arrivalOrder[i]!]!.arrival;
  }
  let nextArrival = 0;
  const ioDone = new Float64Array(n);
  const ioHeap = new IndexHeap(ioDone);

  // Per-CPU state: the running job (-1 when idle), when its useful work starts
  // (after any switch cost), when its segment is due to end, and whether that end is the end of its burst.
  const running = new Int32Array(cpus).fill(-1);
  const workStart = new Float64Array(cpus);
  const stopAt = new Float64Array(cpus);
  const burstEnds = new Uint8Array(cpus);
  const lastRan = new Int32Array(cpus).fill(-1);
  const dispatchedAt = new Float64Array(cpus).fill(-1);

  const timeline: Segment[] = [];
  const expired: number[] = [];
  let switches = 0;
  let busy = 0;
  let done = 0;
  let now = 0;
  let timer = ready.nextTimer ? ready.nextTimer(0) : Infinity;

  const close = (cpu: number, job: number, end: number, reason: SegmentReason): void => {
    const start = workStart[cpu]!;
    const ran = end - start;
    cpuTime[job]! += ran;
    busy += ran;
    running[cpu] = -1;
    if (record && ran > 0) {
      const level = ready.level?.(job);
      timeline.push(level === undefined ? { cpu, job: jobs[job]!.name, start, end, reason } : { cpu, job: jobs[job]!.name, start, end, reason, level });
    }
    ready.charge(job, ran, end, reason);
  };

  const dispatch = (cpu: number): void => {
    const job = ready.take(now);
    if (lastRan[cpu]! >= 0 && lastRan[cpu] !== job) {
      switches++;
      workStart[cpu] = now + cost;
    } else {
      workStart[cpu] = now;
    }
    lastRan[cpu] = job;
    running[cpu] = job;
    dispatchedAt[cpu] = now;
    if (firstRun[job]! < 0) firstRun[job] = workStart[cpu]!;
    const slice = ready.slice(job, now);
    if (!(slice > 0)) throw new RangeError(`policy ${policy.name} gave job "${jobs[job]!.name}" a non-positive slice ${slice}`);
    // A tolerance so that float residue (e.g. slices of 0.1) never leaves a sliver of a burst.
    const ends = remaining[job]! <= slice + 1e-9 * Math.max(1, slice);
    burstEnds[cpu] = ends ? 1 : 0;
    stopAt[cpu] = workStart[cpu]! + (ends ? remaining[job]! : slice);
  };

  while (done < n) {
    let t = Math.min(nextArrival < n ? arrivalTime[nextArrival]! : Infinity, ioHeap.size > 0 ? ioDone[ioHeap.peek()]! : Infinity, timer);
    for (let c = 0; c < cpus; c++) {
      if (running[c]! >= 0) t = Math.min(t, now < workStart[c]! ? workStart[c]! : stopAt[c]!);
    }
    if (t === Infinity) throw new Error(`simulation stalled at time ${now} with ${n - done} unfinished job(s)`);
    now = t;

    // 1. Segments ending now.
    for (let c = 0; c < cpus; c++) {
      const job = running[c]!;
      if (job < 0 || now < workStart[c]! || now !== stopAt[c]) continue;
      if (burstEnds[c]) {
        remaining[job] = 0;
        const bursts = jobs[job]!.bursts;
        const b = burstIndex[job]!;
        if (b === bursts.length - 1) {
          completion[job] = now;
          done++;
          close(c, job, now, "finished");
        } else {
          const io = bursts[b + 1]!;
          ioTime[job]! += io;
          burstIndex[job] = b + 2;
          remaining[job] = bursts[b + 2]!;
          close(c, job, now, "blocked");
          ioDone[job] = now + io;
          ioHeap.push(job);
        }
      } else {
        remaining[job]! -= now - workStart[c]!;
        close(c, job, now, "quantum-expired");
        expired.push(job);
      }
    }
    // 2. Policy timer.
    if (timer <= now) {
      ready.onTimer!(now, Array.from(running).filter((j) => j >= 0));
      timer = ready.nextTimer!(now);
    }
    // 3. Arrivals, 4. I/O completions, 5. expired jobs.
    while (nextArrival < n && arrivalTime[nextArrival]! <= now) ready.add(arrivalOrder[nextArrival++]!, now, "arrival");
    while (ioHeap.size > 0 && ioDone[ioHeap.peek()]! <= now) ready.add(ioHeap.pop(), now, "io-done");
    if (expired.length > 0) {
      for (const job of expired) ready.add(job, now, "quantum-expired");
      expired.length = 0;
    }

    // 6. Idle CPUs take work.
    for (let c = 0; c < cpus && ready.size > 0; c++) if (running[c]! < 0) dispatch(c);
    // 7. Preemption of jobs that were running before now.
    if (ready.preempts) {
      for (let c = 0; c < cpus && ready.size > 0; c++) {
        const job = running[c]!;
        if (job < 0 || dispatchedAt[c] === now || now < workStart[c]!) continue;
        if (!ready.preempts(job, now - workStart[c]!, now)) continue;
        remaining[job]! -= now - workStart[c]!;
        close(c, job, now, "preempted");
        ready.add(job, now, "preempted");
        dispatch(c);
      }
    }
  }

  const response = new Float64Array(n);
  const turnarounds = new Float64Array(n);
  const waiting = new Float64Array(n);
  const metrics: JobMetrics[] = jobs.map((job, i) => {
    const turnaround = completion[i]! - job.arrival;
    response[i] = firstRun[i]! - job.arrival;
    turnarounds[i] = turnaround;
    waiting[i] = turnaround - cpuTime[i]! - ioTime[i]!;
    return {
      name: job.name,
      arrival: job.arrival,
      burst: cpuDemand(job),
      firstRun: firstRun[i]!,
      completion: completion[i]!,
      response: firstRun[i]! - job.arrival,
      turnaround,
      waiting: turnaround - cpuTime[i]! - ioTime[i]!,
      cpuTime: cpuTime[i]!,
      ioTime: ioTime[i]!,
    };
  });
  let first = Infinity;
  let last = 0;
  for (const m of metrics) {
    if (m.arrival < first) first = m.arrival;
    if (m.completion > last) last = m.completion;
  }
  const makespan = n === 0 ? 0 : last - first;
  return {
    policy: policy.name,
    jobs: metrics,
    timeline,
    contextSwitches: switches,
    switchTime: switches * cost,
    makespan,
    utilization: makespan > 0 ? busy / (makespan * cpus) : 0,
    throughput: makespan > 0 ? n / makespan : 0,
    fairness: jainIndex(cpuShares(metrics)),
    response: summarize(response),
    turnaround: summarize(turnarounds),
    waiting: summarize(waiting),
  };
}
