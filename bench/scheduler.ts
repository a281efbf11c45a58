// `npm run bench -- scheduler [--repeats R] [--sizes 10000,100000,1000000] [--policies fifo,cfs] [--timeline]`
// Simulates seeded random workloads with every policy and reports jobs per
// second, peak memory and the growth ratio time(10^6)/time(10^5), last.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseArgs } from "node:util";
import { generateWorkload, policyByName, POLICY_NAMES, simulate, type Job } from "../src/scheduler";
import { median } from "../src/shared/stats";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    repeats: { type: "string", default: "3" },
    sizes: { type: "string", default: "10000,100000,1000000" },
    policies: { type: "string", default: POLICY_NAMES.join(",") },
    timeline: { type: "boolean", default: false },
  },
});
const repeats = Number(values.repeats);
const sizes = values.sizes.split(",").map(Number);
const record = values.timeline;
const policies = values.policies.split(",").map((p) => policyByName(p).name);
const GOAL_SECONDS = 3;
const GOAL_RATIO = 12;
const GOAL_MB = 1024;

const mb = (bytes: number) => bytes / 2 ** 20;
console.log(`scheduler bench: ${policies.length} policies × sizes ${sizes.join(", ")}, median of ${repeats} run(s) each`);
console.log(`workload: generateWorkload({ seed: 42, interactiveFraction: 0.2 }) — exponential bursts (mean 8), arrivals every 10 on average (load ≈ 0.8), 20% interactive jobs with I/O`);
console.log(`quantum 4 for rr/mlfq/lottery/stride; cfs with Linux defaults; timeline ${record ? "recorded" : "not recorded (metrics only)"}`);
console.log("");

const workloads = new Map<number, Job[]>(sizes.map((n) => [n, generateWorkload({ count: n, seed: 42, interactiveFraction: 0.2 })]));
const medians = new Map<string, number>();
let peakHeap = 0;
console.log(`${"policy".padEnd(20)}${"jobs".padStart(9)}${"median ms".padStart(11)}${"jobs/s".padStart(12)}${"segments".padStart(11)}${"heap MB".padStart(9)}`);
for (const name of policies) {
  for (const n of sizes) {
    const jobs = workloads.get(n)!;
    const times: number[] = [];
    let segments = 0;
    let heap = 0;
    for (let r = 0; r < repeats; r++) {
      gc();
      const before = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const result = simulate(jobs, policyByName(name), { recordTimeline: record });
      times.push(performance.now() - t0);
      heap = Math.max(heap, process.memoryUsage().heapUsed - before);
      segments = record ? result.timeline.length : result.contextSwitches;
    }
    peakHeap = Math.max(peakHeap, heap);
    const ms = median(times);
    medians.set(`${name}:${n}`, ms);
    console.log(`${name.padEnd(20)}${String(n).padStart(9)}${ms.toFixed(0).padStart(11)}${Math.round((n / ms) * 1000).toLocaleString("en-US").padStart(12)}${String(segments).padStart(11)}${mb(heap).toFixed(0).padStart(9)}`);
  }
}
console.log(`(segments column: ${record ? "timeline segments" : "context switches"}; heap MB: heap growth during one run, result included)`);

const peakRss = process.resourceUsage().maxRSS / 1024;
const big = Math.max(...sizes);
const mid = sizes.includes(big / 10) ? big / 10 : undefined;
console.log("");
const slowest = policies.map((p) => ({ p, ms: medians.get(`${p}:${big}`)! })).sort((a, b) => b.ms - a.ms)[0]!;
console.log(`slowest at ${big} jobs: ${slowest.p} ${(slowest.ms / 1000).toFixed(2)} s (goal ≤ ${GOAL_SECONDS} s): ${slowest.ms <= GOAL_SECONDS * 1000 ? "met" : "missed"}`);
console.log(`peak RSS of the whole bench process (workloads of every size included): ${peakRss.toFixed(0)} MB (goal ≤ ${GOAL_MB} MB): ${peakRss <= GOAL_MB ? "met" : "missed"}`);
if (mid !== undefined) {
  const ratios = policies.map((p) => ({ p, ratio: medians.get(`${p}:${big}`)! / medians.get(`${p}:${mid}`)! }));
  const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(`growth ratio time(${big})/time(${mid}) per policy: ${ratios.map((r) => `${r.p} ${r.ratio.toFixed(1)}`).join(", ")}`);
  console.log(`growth ratio time(${big})/time(${mid}): worst ${worst.ratio.toFixed(1)} (${worst.p}), goal ≤ ${GOAL_RATIO}: ${worst.ratio <= GOAL_RATIO ? "met" : "missed"}`);
}
