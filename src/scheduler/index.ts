/**
 * The scheduler emulator: workloads, one deterministic engine, the classic
 * policies, metrics and text reports. The OSTEP-compatible simulators live
 * apart in `./ostep` so their quirks never leak into this clean engine.
 */
export type { Job, JobMetrics, Segment, SegmentReason, SimulationResult, Summary } from "./types";
export type { Policy, ReadyQueue, ReadyCause, SchedulingContext, StopCause } from "./policy";
export { cpuJob, cpuDemand, ioDemand, parseJobSpec, validateJobs } from "./workload";
export { generateWorkload, type BurstDistribution, type WorkloadOptions } from "./generator";
export { jobsFromJson } from "./load-workload";
export { simulate, type SimulationOptions } from "./engine";
export { jainIndex, summarize, cpuShares } from "./metrics";
export { textGantt } from "./gantt";
export { formatReport, markdownSummary } from "./report";
export * from "./policies";
export { cpuShareOverTime, levelOverTime, shareBetween, vruntimeOverTime, type Series } from "./analysis";
export { ganttChart, type GanttOptions } from "./figures";
