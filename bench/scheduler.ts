// `npm run bench -- scheduler [--repeats R] [--sizes 10000,100000,1000000] [--policies fifo,cfs] [--timeline]`
// Simulates seeded random workloads with every policy and reports jobs per
// second, peak memory and the growth ratio time(10^6)/time(10^5), last.
// Each policy runs in its own child process: a fresh heap for its memory
// figure, and JIT call sites that have only ever seen that one policy.
import { spawnSync } from "node:child_process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseArgs } from "node:util";
import { generateWorkload, policyByName, POLICY_NAMES, simulate } from "../src/scheduler";
import { median } from "../src/shared/stats";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    repeats: { type: "string", default: "3" },
    sizes: { type: "string", default: "10000,100000,1000000" },
    policies: { type: "string", default: POLICY_NAMES.join(",") },
    timeline: { type: "boolean", default: false },
    child: { type: "string" },
  },
});
const repeats = Number(values.repeats);
const sizes = values.sizes.split(",").map(Number);
const record = values.timeline;
const GOAL_SECONDS = 3;
const GOAL_RATIO = 12;
const GOAL_MB = 1024;
const workloadOptions = { seed: 42, interactiveFraction: 0.2 };

/** One policy at one size, as a child reports it. */
interface Row {
  readonly policy: string;
  readonly jobs: number;
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  readonly switches: number;
  readonly segments: number;
  readonly heapMb: number;
}

function runChild(policyName: string): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const rows: Row[] = [];
  for (const n of sizes) {
    const jobs = generateWorkload({ count: n, ...workloadOptions });
    const times: number[] = [];
    let heap = 0;
    let switches = 0;
    let segments = 0;
    for (let r = 0; r < repeats; r++) {
      gc();
      const before = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const result = simulate(jobs, policyByName(policyName), { recordTimeline: record });
      times.push(performance.now() - t0);
      heap = Math.max(heap, process.memoryUsage().heapUsed - before);
      switches = result.contextSwitches;
      segments = result.timeline.length;
    }
    rows.push({ policy: policyName, jobs: n, medianMs: median(times), runsMs: times, switches, segments, heapMb: heap / 2 ** 20 });
  }
  process.stdout.write(`${JSON.stringify({ rows, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function runParent(): void {
  const policies = values.policies.split(",").map((p) => policyByName(p).name);
  console.log(`scheduler bench: ${policies.length} policies × sizes ${sizes.join(", ")}, median of ${repeats} run(s) each, one child process per policy`);
  console.log(`workload: generateWorkload(${JSON.stringify(workloadOptions)}) — exponential bursts (mean 8), arrivals every 10 on average (load ≈ 0.8), 20% interactive jobs with I/O`);
  console.log(`quantum 4 for rr/mlfq/lottery/stride; cfs with Linux defaults; timeline ${record ? "recorded" : "not recorded (metrics only)"}`);
  console.log("");
  console.log(`${"policy".padEnd(20)}${"jobs".padStart(9)}${"median ms".padStart(11)}${"jobs/s".padStart(12)}${"switches".padStart(11)}${"heap MB".padStart(9)}${"peak RSS MB".padStart(13)}`);
  const medians = new Map<string, number>();
  const peaks = new Map<string, number>();
  for (const name of policies) {
    const args = ["--import", "tsx", "bench/scheduler.ts", "--child", name, "--repeats", String(repeats), "--sizes", sizes.join(","), ...(record ? ["--timeline"] : [])];
    const child = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20 });
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      throw new Error(`benchmark child for ${name} exited with status ${child.status}`);
    }
    const { rows, peakRssMb } = JSON.parse(child.stdout) as { rows: Row[]; peakRssMb: number };
    peaks.set(name, peakRssMb);
    for (const row of rows) {
      medians.set(`${name}:${row.jobs}`, row.medianMs);
      const rss = row.jobs === Math.max(...sizes) ? peakRssMb.toFixed(0) : "";
      console.log(
        `${name.padEnd(20)}${String(row.jobs).padStart(9)}${row.medianMs.toFixed(0).padStart(11)}${Math.round((row.jobs / row.medianMs) * 1000).toLocaleString("en-US").padStart(12)}${String(row.switches).padStart(11)}${row.heapMb.toFixed(0).padStart(9)}${rss.padStart(13)}`,
      );
    }
  }
  console.log("(heap MB: heap growth during one run, result included; peak RSS: the whole child process, workloads of every size included)");

  const big = Math.max(...sizes);
  const mid = sizes.includes(big / 10) ? big / 10 : undefined;
  console.log("");
  const slowest = policies.map((p) => ({ p, ms: medians.get(`${p}:${big}`)! })).sort((a, b) => b.ms - a.ms)[0]!;
  const overTime = policies.filter((p) => medians.get(`${p}:${big}`)! > GOAL_SECONDS * 1000);
  console.log(`slowest at ${big} jobs: ${slowest.p} ${(slowest.ms / 1000).toFixed(2)} s; goal ≤ ${GOAL_SECONDS} s ${overTime.length === 0 ? "met by every policy" : `missed by ${overTime.join(", ")}`}`);
  const heaviest = [...peaks].sort((a, b) => b[1] - a[1])[0]!;
  console.log(`highest peak RSS: ${heaviest[0]} ${heaviest[1].toFixed(0)} MB (goal ≤ ${GOAL_MB} MB): ${heaviest[1] <= GOAL_MB ? "met" : "missed"}`);
  if (mid !== undefined) {
    const ratios = policies.map((p) => ({ p, ratio: medians.get(`${p}:${big}`)! / medians.get(`${p}:${mid}`)! }));
    const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    console.log(`growth ratio time(${big})/time(${mid}) per policy: ${ratios.map((r) => `${r.p} ${r.ratio.toFixed(1)}`).join(", ")}`);
    console.log(`growth ratio time(${big})/time(${mid}): worst ${worst.ratio.toFixed(1)} (${worst.p}), goal ≤ ${GOAL_RATIO}: ${worst.ratio <= GOAL_RATIO ? "met" : "missed"}`);
  }
}

if (values.child) runChild(values.child);
else runParent();
