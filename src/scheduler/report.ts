import type { SimulationResult } from "./types";

/** A number for a table: integers as is, others with up to 2 decimals. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Math.round(x * 100) / 100);
}

/**
 * The CLI's plain-text report: one row per job, then averages and run totals.
 */
export function formatReport(result: SimulationResult): string {
  const header = ["job", "arrival", "burst", "first run", "completion", "response", "turnaround", "waiting"];
  const rows = result.jobs.map((j) => [j.name, j.arrival, j.burst, j.firstRun, j.completion, j.response, j.turnaround, j.waiting].map((v) => (typeof v === "number" ? formatNumber(v) : v)));
  rows.push(["average", "", "", "", "", formatNumber(result.response.mean), formatNumber(result.turnaround.mean), formatNumber(result.waiting.mean)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd();
  return [
    `policy ${result.policy}`,
    line(header),
    ...rows.slice(0, -1).map(line),
    line(rows[rows.length - 1]!),
    "",
    `context switches ${result.contextSwitches}, utilization ${formatNumber(result.utilization * 100)}%, throughput ${formatNumber(result.throughput)} jobs/unit, fairness ${formatNumber(result.fairness)}`,
  ].join("\n");
}

/**
 * A Markdown table comparing runs: one row per result with mean response,
 * turnaround and waiting, p95 turnaround and context switches.
 */
export function markdownSummary(results: readonly SimulationResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.policy} | ${formatNumber(r.response.mean)} | ${formatNumber(r.turnaround.mean)} | ${formatNumber(r.waiting.mean)} | ${formatNumber(r.turnaround.p95)} | ${r.contextSwitches} |`,
  );
  return ["| policy | mean response | mean turnaround | mean waiting | p95 turnaround | context switches |", "|---|---:|---:|---:|---:|---:|", ...rows].join("\n");
}
