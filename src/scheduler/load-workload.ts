import type { Job } from "./types";
import { validateJobs } from "./workload";

/**
 * Turns parsed workload JSON into jobs. Accepts an array of jobs or
 * `{ "jobs": [...] }`; a job gives either `bursts` (CPU, I/O, CPU, …) or a
 * single `burst`, plus optional `priority`, `tickets` and `nice`.
 *
 * @example
 * jobsFromJson([{ name: "A", arrival: 0, burst: 5 }])[0].bursts; //=> [5]
 */
export function jobsFromJson(data: unknown): Job[] {
  const list = Array.isArray(data) ? data : (data as { jobs?: unknown } | null)?.jobs;
  if (!Array.isArray(list)) throw new TypeError(`Expected a workload to be an array of jobs or {"jobs": [...]} but found ${data === null ? "null" : typeof data}`);
  const jobs = list.map((raw: unknown, i): Job => {
    if (typeof raw !== "object" || raw === null) throw new TypeError(`Expected job ${i} to be an object but found ${JSON.stringify(raw)}`);
    const r = raw as Record<string, unknown>;
    const bursts = r.bursts ?? (r.burst !== undefined ? [r.burst] : undefined);
    if (bursts === undefined) throw new TypeError(`Expected job ${i} (${JSON.stringify(r.name)}) to have "burst" or "bursts"`);
    return {
      name: r.name as string,
      arrival: r.arrival as number,
      bursts: bursts as number[],
      ...(r.priority !== undefined ? { priority: r.priority as number } : {}),
      ...(r.tickets !== undefined ? { tickets: r.tickets as number } : {}),
      ...(r.nice !== undefined ? { nice: r.nice as number } : {}),
    };
  });
  validateJobs(jobs);
  return jobs;
}
