import type { Job } from "./types";

/**
 * Why a job is being handed (back) to the policy's ready set. "migrated": it
 * moved from another CPU's queue, whose per-job state (vruntime, pass, level)
 * stays behind, so the policy places it afresh.
 */
export type ReadyCause = "arrival" | "io-done" | "preempted" | "quantum-expired" | "migrated";

/** Why a running job stopped, as told to {@link ReadyQueue.charge}. */
export type StopCause = "finished" | "blocked" | "preempted" | "quantum-expired";

/** What the engine lets a policy see about the run. */
export interface SchedulingContext {
  readonly jobs: readonly Job[];
  /** CPU time left in job i's current burst, as of its last accounting. */
  remaining(i: number): number;
}

/**
 * One run's ready set and decisions. Jobs are referred to by index into
 * `context.jobs`. The engine owns time; the policy only orders work.
 */
export interface ReadyQueue {
  /** Number of ready jobs (not counting running ones). */
  readonly size: number;
  /** A job becomes ready. */
  add(job: number, now: number, cause: ReadyCause): void;
  /** Removes and returns the job to run next, or -1 when none is ready. */
  take(now: number): number;
  /** Longest the job just taken may run before the policy decides again (Infinity: until it finishes or blocks). */
  slice(job: number, now: number): number;
  /** The job ran `ran` time units and stopped for `cause`. */
  charge(job: number, ran: number, now: number, cause: StopCause): void;
  /** Should a ready job displace the running one now? (preemptive policies only) */
  preempts?(running: number, ranSoFar: number, now: number): boolean;
  /** Next time the policy needs control (e.g. an MLFQ boost), or Infinity. */
  nextTimer?(now: number): number;
  /** Called at the timer's time, before arrivals at that instant, with the jobs running on the CPUs. */
  onTimer?(now: number, running: readonly number[]): void;
  /** The job's queue level, recorded on its segments (MLFQ). */
  level?(job: number): number;
}

/** A scheduling policy: a name plus a factory for a fresh ready set per run. */
export interface Policy {
  readonly name: string;
  /** Whether the CPU only idles when no job is ready (true for every policy here). */
  readonly workConserving: boolean;
  start(context: SchedulingContext, seed: number): ReadyQueue;
}
