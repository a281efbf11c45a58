import { simulate, type Job, type Policy, type SimulationResult } from "../../src/scheduler";

/** Simulates jobs under a policy (a short name for `simulate` in assertions). */
export function run(jobs: readonly Job[], policy: Policy, options = {}): SimulationResult {
  return simulate(jobs, policy, options);
}

/** Per-job metric by name, for readable assertions. */
export function metric(result: SimulationResult, key: "response" | "turnaround" | "waiting" | "completion" | "firstRun"): Record<string, number> {
  return Object.fromEntries(result.jobs.map((j) => [j.name, j[key]]));
}

/** The order jobs ran in, one letter group per segment: "A B A". */
export function order(result: SimulationResult): string {
  return result.timeline.map((s) => s.job).join(" ");
}
