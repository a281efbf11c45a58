// `npm run bench -- ceiling [--rounds N]`: what two busy threads get from
// this machine, round by round. Every 2-thread ratio in the processor bench
// ((b), (d) CSV) is bounded by it, so this shows whether a shortfall there
// is the code's or the machine's. Each round, for each workload, one thread
// runs alone, then two identical threads run at once (pre-started, each
// with its own data); 2 · alone / together is what two did against one
// (2.00: two independent cores).
//   integer  a dependent chain of 32-bit multiplies: registers only
//   float    eight independent multiply-add chains: the floating-point units
//   kernel   the processor's aggregation kernel (bench/threads/kernel.ts, as
//            in the processor bench's ceiling) over 2,000,000 readings:
//            typed columns, a window table, sketch buckets — memory and caches
// These 2 vCPUs share their physical cores, caches and memory with whatever
// else the host runs; the spread across rounds is the point. How to read it:
// a latency-bound chain (integer) gets about 2x even from two hardware
// threads of one core; a loop that keeps the floating-point units busy
// (float) falls to about 1x when the two vCPUs are, at that moment, threads
// of one physical core; and a lone thread that runs much faster in some
// rounds than in others had a core to itself in the fast ones, which a pair
// never gets.
import { loadavg } from "node:os";
import { windowSpec } from "../src/processor";
import { median } from "../src/shared/stats";
import { concatColumns, generate } from "./threads/readings";
import { startTimedThread, type TimedThread } from "./threads/timed";

const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 15;
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 200) {
  process.stderr.write(`error: --rounds expects an integer from 1 to 200 but got "${args[roundsAt + 1]}"\n`);
  process.exit(2);
}
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

async function main(): Promise<void> {
  const loadBefore = load();
  const columns = concatColumns(generate(2_000_000, 2).chunks);
  const pair = (name: string, data: unknown) => Promise.all([startTimedThread(name, data), startTimedThread(name, data)]);
  const workloads: Record<string, TimedThread[]> = {
    integer: await pair("spin", { kind: "integer", iterations: 150_000_000 }),
    float: await pair("spin", { kind: "float", iterations: 30_000_000 }),
    kernel: await pair("kernel", { window: windowSpec(1000), ...columns }),
  };
  console.log(`ceiling bench: ${rounds} rounds; per workload one thread alone, then two at once; 2 · alone / together; load ${loadBefore}`);
  const ratios: Record<string, number[]> = Object.fromEntries(Object.keys(workloads).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    const cells: string[] = [];
    for (const [name, [a, b]] of Object.entries(workloads)) {
      const alone = await a!.run();
      const together = Math.max(...(await Promise.all([a!.run(), b!.run()])));
      const ratio = (2 * alone) / together;
      ratios[name]!.push(ratio);
      cells.push(`${name} ${ratio.toFixed(2)}x (${alone.toFixed(0)}/${together.toFixed(0)} ms)`);
    }
    console.log(`round ${String(r + 1).padStart(2)}: ${cells.join("  ")}`);
  }
  for (const threads of Object.values(workloads)) for (const t of threads) await t.worker.terminate();
  console.log(`load before ${loadBefore}, after ${load()}`);
  for (const [name, rs] of Object.entries(ratios)) {
    const atLeast = rs.filter((x) => x >= 1.6).length;
    console.log(
      `${name}: 2 threads / 1 median ${median(rs).toFixed(2)}x, min ${Math.min(...rs).toFixed(2)}x, max ${Math.max(...rs).toFixed(2)}x; rounds at 1.6x or more: ${atLeast} of ${rs.length}`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
