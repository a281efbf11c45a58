/**
 * Domain types of the scheduler emulator: plain readonly data that the
 * engine consumes and produces, easy to plot and to assert on.
 */

/**
 * A job: it arrives, then alternates CPU and I/O bursts, starting and ending
 * with a CPU burst (`bursts[0]` is CPU, `bursts[1]` I/O, `bursts[2]` CPU…).
 */
export interface Job {
  readonly name: string;
  /** Time the job enters the system (>= 0). */
  readonly arrival: number;
  /** Alternating CPU and I/O burst lengths; odd count, every CPU burst > 0. */
  readonly bursts: readonly number[];
  /** Priority for the priority policies: a lower number is more urgent (Unix style). Default 0. */
  readonly priority?: number;
  /** Lottery/stride tickets (an integer > 0). Default 100. */
  readonly tickets?: number;
  /** CFS nice value in [-20, 19]. Default 0. */
  readonly nice?: number;
}

/** Why a job left the CPU at the end of a segment. */
export type SegmentReason = "finished" | "preempted" | "blocked" | "quantum-expired";

/** A stretch of time one job ran on one CPU. */
export interface Segment {
  readonly cpu: number;
  readonly job: string;
  readonly start: number;
  readonly end: number;
  readonly reason: SegmentReason;
  /** The job's queue level while it ran (MLFQ only; 0 is the top queue). */
  readonly level?: number;
}

/** Per-job results. */
export interface JobMetrics {
  readonly name: string;
  readonly arrival: number;
  /** Total CPU demand (sum of CPU bursts). */
  readonly burst: number;
  readonly firstRun: number;
  readonly completion: number;
  /** firstRun − arrival. */
  readonly response: number;
  /** completion − arrival. */
  readonly turnaround: number;
  /** Time spent ready but not running: turnaround − CPU time − I/O time. */
  readonly waiting: number;
  readonly cpuTime: number;
  readonly ioTime: number;
}

/** Mean, median, 95th percentile and maximum of one metric over the jobs. */
export interface Summary {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** Everything one simulation run produces. */
export interface SimulationResult {
  readonly policy: string;
  readonly jobs: readonly JobMetrics[];
  /** Segments in the order they ended (empty when the run was asked not to record them). */
  readonly timeline: readonly Segment[];
  readonly contextSwitches: number;
  /** Jobs moved between per-CPU queues (0 with one global queue). */
  readonly migrations: number;
  /** Time spent switching between jobs (contextSwitches × cost). */
  readonly switchTime: number;
  /** First arrival to last completion. */
  readonly makespan: number;
  /** Busy CPU time (useful work) / (makespan × CPUs), in [0, 1]. */
  readonly utilization: number;
  /** Completed jobs per time unit over the makespan. */
  readonly throughput: number;
  /** Jain's index over each job's CPU share while in the system (cpuTime / turnaround). */
  readonly fairness: number;
  readonly response: Summary;
  readonly turnaround: Summary;
  readonly waiting: Summary;
}
