import { IndexHeap } from "./heap";
import { cpuShares, jainIndex, summarize } from "./metrics";
import type { Policy, SchedulingContext } from "./policy";
import type { Job, JobMetrics, Segment, SegmentReason, SimulationResult } from "./types";
import { cpuDemand, validateJobs } from "./workload";

/** Options for {@link simulate}; every default is listed. */
export interface SimulationOptions {
  /** Time the CPU spends switching to a different job than the one it ran last. Default 0. */
  readonly contextSwitchCost?: number;
  /** Keep the timeline of segments (turn off for huge runs to save memory). Default true. */
  readonly recordTimeline?: boolean;
  /** Seed for randomised policies (lottery). Default 0. */
  readonly seed?: number;
}

/**
 * Runs one deterministic discrete-event simulation of `jobs` on one CPU under `policy`.
 *
 * Tie-breaking at one instant `t`, in this order:
 * 1. the running job's segment ending at `t` is closed (finished, blocked on I/O or quantum expired);
 * 2. a policy timer due at `t` fires (e.g. MLFQ's boost);
 * 3. jobs arriving at `t` become ready, by arrival time then input order;
 * 4. I/O completions at `t` become ready, by completion time then input order;
 * 5. the job whose quantum expired goes back to the ready set — behind the arrivals of step 3;
 * 6. the policy may preempt the running job; then an idle CPU takes the policy's next job.
 *
 * A context switch is counted each time the CPU starts a job different from the
 * last one it ran; its cost delays the job's start and is neither busy time nor
 * the job's CPU time.
 *
 * @example
 * simulate([cpuJob("A", 0, 3)], fifo()).jobs[0].completion; //=> 3
 */
export function simulate(jobs: readonly Job[], policy: Policy, options: SimulationOptions = {}): SimulationResult {
  validateJobs(jobs);
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
  const arrivalOrder = Array.from({ length: n }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = jobs[i - 1]!.arrival <= jobs[i]!.arrival;
  if (!sorted) arrivalOrder.sort((a, b) => jobs[a]!.arrival - jobs[b]!.arrival || a - b);
  let nextArrival = 0;
  const ioDone = new Float64Array(n);
  const ioHeap = new IndexHeap(ioDone);

  const timeline: Segment[] = [];
  let running = -1;
  let workStart = 0;
  let stopAt = 0;
  let burstEnds = false;
  let lastRan = -1;
  let switches = 0;
  let busy = 0;
  let done = 0;
  let now = 0;
  let timer = ready.nextTimer ? ready.nextTimer(0) : Infinity;

  const close = (job: number, end: number, reason: SegmentReason): void => {
    const ran = end - workStart;
    cpuTime[job]! += ran;
    busy += ran;
    if (record && ran > 0) {
      const level = ready.level?.(job);
      timeline.push(level === undefined ? { cpu: 0, job: jobs[job]!.name, start: workStart, end, reason } : { cpu: 0, job: jobs[job]!.name, start: workStart, end, reason, level });
    }
    ready.charge(job, ran, end, reason);
  };

  while (done < n) {
    const tArrival = nextArrival < n ? jobs[arrivalOrder[nextArrival]!]!.arrival : Infinity;
    const tIo = ioHeap.size > 0 ? ioDone[ioHeap.peek()]! : Infinity;
    const tRun = running < 0 ? Infinity : now < workStart ? workStart : stopAt;
    const t = Math.min(tArrival, tIo, tRun, timer);
    if (t === Infinity) throw new Error(`simulation stalled at time ${now} with ${n - done} unfinished job(s)`);
    now = t;

    // 1. The running job's segment ends.
    let expired = -1;
    if (running >= 0 && now >= workStart && now === stopAt) {
      const job = running;
      running = -1;
      if (burstEnds) {
        remaining[job] = 0;
        const bursts = jobs[job]!.bursts;
        const b = burstIndex[job]!;
        if (b === bursts.length - 1) {
          completion[job] = now;
          done++;
          close(job, now, "finished");
        } else {
          const io = bursts[b + 1]!;
          ioTime[job]! += io;
          burstIndex[job] = b + 2;
          remaining[job] = bursts[b + 2]!;
          close(job, now, "blocked");
          ioDone[job] = now + io;
          ioHeap.push(job);
        }
      } else {
        remaining[job]! -= now - workStart;
        close(job, now, "quantum-expired");
        expired = job;
      }
    }
    // 2. Policy timer.
    if (timer <= now) {
      ready.onTimer!(now, running);
      timer = ready.nextTimer!(now);
    }
    // 3. Arrivals, 4. I/O completions, 5. the expired job.
    while (nextArrival < n && jobs[arrivalOrder[nextArrival]!]!.arrival <= now) ready.add(arrivalOrder[nextArrival++]!, now, "arrival");
    while (ioHeap.size > 0 && ioDone[ioHeap.peek()]! <= now) ready.add(ioHeap.pop(), now, "io-done");
    if (expired >= 0) ready.add(expired, now, "quantum-expired");

    // 6. Preemption, then dispatch.
    if (running >= 0 && now >= workStart && ready.size > 0 && ready.preempts?.(running, now - workStart, now)) {
      const job = running;
      running = -1;
      remaining[job]! -= now - workStart;
      close(job, now, "preempted");
      ready.add(job, now, "preempted");
    }
    if (running < 0 && ready.size > 0) {
      const job = ready.take(now);
      if (lastRan >= 0 && lastRan !== job) {
        switches++;
        workStart = now + cost;
      } else {
        workStart = now;
      }
      lastRan = job;
      running = job;
      if (firstRun[job]! < 0) firstRun[job] = workStart;
      const slice = ready.slice(job, now);
      if (!(slice > 0)) throw new RangeError(`policy ${policy.name} gave job "${jobs[job]!.name}" a non-positive slice ${slice}`);
      // A tolerance so that float residue (e.g. slices of 0.1) never leaves a sliver of a burst.
      burstEnds = remaining[job]! <= slice + 1e-9 * Math.max(1, slice);
      stopAt = workStart + (burstEnds ? remaining[job]! : slice);
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
    utilization: makespan > 0 ? busy / makespan : 0,
    throughput: makespan > 0 ? n / makespan : 0,
    fairness: jainIndex(cpuShares(metrics)),
    response: summarize(response),
    turnaround: summarize(turnarounds),
    waiting: summarize(waiting),
  };
}
