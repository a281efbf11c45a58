import { IndexHeap } from "./heap";
import { cpuShares, jainIndex, summarize } from "./metrics";
import type { Policy, ReadyQueue, SchedulingContext } from "./policy";
import type { Job, JobMetrics, Segment, SegmentReason, SimulationResult } from "./types";
import { cpuDemand, validateJobs } from "./workload";

/** Options for {@link simulate}; every default is listed. */
export interface SimulationOptions {
  /** Number of CPUs. Default 1. */
  readonly cpus?: number;
  /**
   * "global": every CPU takes work from one shared ready queue (default).
   * "per-cpu": each CPU has its own queue; an arriving job joins the least
   * loaded CPU and stays there (affinity) unless migrated.
   */
  readonly queues?: "global" | "per-cpu";
  /** With per-CPU queues: an idle CPU with an empty queue steals the next job of the busiest queue. Default true. */
  readonly migration?: boolean;
  /** Time a CPU spends switching to a different job than the one it ran last. Default 0. */
  readonly contextSwitchCost?: number;
  /** Keep the timeline of segments (turn off for huge runs to save memory). Default true. */
  readonly recordTimeline?: boolean;
  /** Seed for randomised policies (lottery). Default 0. */
  readonly seed?: number;
}

/**
 * Runs one deterministic discrete-event simulation of `jobs` under `policy`
 * on one CPU, or on several CPUs sharing one ready queue or each with its own
 * (an arriving job joins the least loaded CPU, lowest number on ties, and
 * returns there after I/O; with migration an idle CPU steals work).
 *
 * Tie-breaking at one instant `t`, in this order:
 * 1. running segments ending at `t` are closed (finished, blocked on I/O or quantum expired), CPU 0 first;
 * 2. a policy timer due at `t` fires (e.g. MLFQ's boost);
 * 3. jobs arriving at `t` become ready, by arrival time then input order;
 * 4. I/O completions at `t` become ready, by completion time then input order;
 * 5. jobs whose quantum expired go back to the ready set — behind the arrivals of step 3;
 * 6. idle CPUs take the policy's next jobs, lowest CPU number first (stealing first if their own queue is empty);
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
  const perCpu = (options.queues ?? "global") === "per-cpu";
  if (options.queues !== undefined && options.queues !== "global" && options.queues !== "per-cpu") {
    throw new RangeError(`Expected queues to be "global" or "per-cpu" but found "${options.queues}"`);
  }
  const migration = options.migration ?? true;
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
  const seed = options.seed ?? 0;
  // One ready set per queue; with per-CPU queues, `home[job]` is the CPU (and queue) a job belongs to.
  const readySets: ReadyQueue[] = perCpu ? Array.from({ length: cpus }, (_, c) => policy.start(context, seed + c)) : [policy.start(context, seed)];
  const home = new Int32Array(n);
  const queueOf = (cpu: number): ReadyQueue => readySets[perCpu ? cpu : 0]!;
  const homeOf = (job: number): ReadyQueue => readySets[perCpu ? home[job]! : 0]!;

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
  const expired = new Int32Array(cpus);
  let expiredCount = 0;
  let switches = 0;
  let migrations = 0;
  let busy = 0;
  let done = 0;
  let now = 0;
  const timers = readySets.map((q) => (q.nextTimer ? q.nextTimer(0) : Infinity));

  /** Per-CPU queues: where an arriving job goes — fewest queued plus running jobs, lowest number on ties. */
  const leastLoaded = (): number => {
    let best = 0;
    let bestLoad = Infinity;
    for (let c = 0; c < cpus; c++) {
      const load = readySets[c]!.size + (running[c]! >= 0 ? 1 : 0);
      if (load < bestLoad) {
        best = c;
        bestLoad = load;
      }
    }
    return best;
  };

  const close = (cpu: number, job: number, end: number, reason: SegmentReason): void => {
    const start = workStart[cpu]!;
    const ran = end - start;
    cpuTime[job]! += ran;
    busy += ran;
    running[cpu] = -1;
    if (record && ran > 0) {
      const level = homeOf(job).level?.(job);
      timeline.push(level === undefined ? { cpu, job: jobs[job]!.name, start, end, reason } : { cpu, job: jobs[job]!.name, start, end, reason, level });
    }
    homeOf(job).charge(job, ran, end, reason);
  };

  /** Per-CPU queues: the CPU with the most queued jobs (lowest number on ties), or -1. */
  const busiest = (): number => {
    let best = -1;
    for (let c = 0; c < cpus; c++) if (readySets[c]!.size > 0 && (best < 0 || readySets[c]!.size > readySets[best]!.size)) best = c;
    return best;
  };
  const canRun = (cpu: number): boolean => queueOf(cpu).size > 0 || (perCpu && migration && busiest() >= 0);

  const dispatch = (cpu: number): void => {
    const ready = queueOf(cpu);
    if (ready.size === 0) {
      const victim = busiest();
      const stolen = readySets[victim]!.take(now);
      home[stolen] = cpu;
      migrations++;
      ready.add(stolen, now, "migrated");
    }
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
    let t = Math.min(nextArrival < n ? arrivalTime[nextArrival]! : Infinity, ioHeap.size > 0 ? ioDone[ioHeap.peek()]! : Infinity);
    for (let q = 0; q < timers.length; q++) if (timers[q]! < t) t = timers[q]!;
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
        expired[expiredCount++] = job;
      }
    }
    // 2. Policy timers.
    for (let q = 0; q < readySets.length; q++) {
      if (timers[q]! > now) continue;
      const ready = readySets[q]!;
      ready.onTimer!(now, Array.from(running).filter((j) => j >= 0 && homeOf(j) === ready));
      timers[q] = ready.nextTimer!(now);
    }
    // 3. Arrivals, 4. I/O completions, 5. expired jobs.
    while (nextArrival < n && arrivalTime[nextArrival]! <= now) {
      const job = arrivalOrder[nextArrival++]!;
      if (perCpu) home[job] = leastLoaded();
      homeOf(job).add(job, now, "arrival");
    }
    while (ioHeap.size > 0 && ioDone[ioHeap.peek()]! <= now) {
      const job = ioHeap.pop();
      homeOf(job).add(job, now, "io-done");
    }
    for (let k = 0; k < expiredCount; k++) homeOf(expired[k]!).add(expired[k]!, now, "quantum-expired");
    expiredCount = 0;

    // 6. Idle CPUs take work.
    for (let c = 0; c < cpus; c++) if (running[c]! < 0 && canRun(c)) dispatch(c);
    // 7. Preemption of jobs that were running before now.
    for (let c = 0; c < cpus; c++) {
      const job = running[c]!;
      const ready = queueOf(c);
      if (job < 0 || !ready.preempts || ready.size === 0 || dispatchedAt[c] === now || now < workStart[c]!) continue;
      if (!ready.preempts(job, now - workStart[c]!, now)) continue;
      remaining[job]! -= now - workStart[c]!;
      close(c, job, now, "preempted");
      ready.add(job, now, "preempted");
      dispatch(c);
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
    migrations,
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
