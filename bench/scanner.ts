// `npm run bench -- scanner [--runs N]`: all 65,535 ports of 127.0.0.1 with a
// handful of listeners, our connect scan vs `nmap -sT -p- -n -Pn 127.0.0.1`,
// alternating runs, medians, open-port sets checked on every run; then the
// default HTTP port set and the fingerprint of the lab services. The ratio is
// printed last.
//
// As root, everything runs inside a fresh network namespace: its loopback
// holds only our listeners, so the ground truth is exact and no other
// process's server is probed. Otherwise it runs on the host's loopback and
// takes the kernel's listener table as ground truth.
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { median } from "../src/shared/stats";
import { connectScanParallel } from "../src/scanner/parallel-scan";
import { fingerprint } from "../src/scanner/fingerprint";
import { startLabServices } from "../src/scanner/lab-services";
import { loopbackListeners } from "../src/scanner/listeners";
import { parsePortSpec } from "../src/scanner/ports";

const args = process.argv.slice(2);
const runsArg = args.indexOf("--runs");
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 10;
if (!Number.isInteger(runs) || runs < 7) {
  process.stderr.write(`error: --runs expects an integer of at least 7 but got "${args[runsArg + 1]}"\n`);
  process.exit(2);
}
if (spawnSync("nmap", ["--version"]).status !== 0) {
  process.stderr.write("error: nmap not found; install it with: apt-get install nmap\n");
  process.exit(2);
}

async function listen(port: number): Promise<Server> {
  const server = createServer((s) => s.on("error", () => {}));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}

/** One nmap run: wall time, CPU time (user + system, from the shell's `times`), open ports. */
function nmapOpenPorts(): { ms: number; cpuMs: number; open: number[] } {
  const started = performance.now();
  const run = spawnSync("sh", ["-c", 'nmap -sT -p- -n -Pn -oG - 127.0.0.1 && times >&2'], { encoding: "utf8" });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`nmap failed: ${run.stderr}`);
  const line = run.stdout.split("\n").find((l) => l.includes("Ports:")) ?? "";
  const open = [...line.matchAll(/(\d+)\/open\/tcp/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  // `times` prints the shell's own user/system time, then its children's.
  const children = run.stderr.trim().split("\n").at(-1) ?? "";
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { ms, cpuMs: (seconds[0] ?? NaN) * 1000 + (seconds[1] ?? NaN) * 1000, open };
}

function wall(command: string[]): number {
  const started = performance.now();
  const run = spawnSync(command[0]!, command.slice(1), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${command.join(" ")} failed: ${run.stderr}`);
  return performance.now() - started;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((p, i) => p === b[i]);

async function main(isolated: boolean): Promise<void> {
  // A handful of listeners: well-known ports (bindable as root in our own
  // namespace) and random ephemeral ones, where self-connects happen.
  const servers: Server[] = [];
  if (isolated) for (const port of [22, 80, 443, 8080]) servers.push(await listen(port));
  for (let i = 0; i < 4; i++) servers.push(await listen(0));
  const ours = servers.map((s) => (s.address() as { port: number }).port);
  const allPorts = parsePortSpec("-");
  const truth = () => (isolated ? [...ours].sort((a, b) => a - b) : [...loopbackListeners()].sort((a, b) => a - b));

  console.log(`scanner benchmark: ${isolated ? "inside a fresh network namespace" : "on the host loopback (not root: no namespace)"}`);
  console.log(`listeners: ${ours.join(", ")}; ${runs} alternating runs each; nmap -sT -p- -n -Pn 127.0.0.1`);
  const scanMs: number[] = [];
  const singleMs: number[] = [];
  const nmapMs: number[] = [];
  const singleCpuMs: number[] = [];
  const nmapCpuMs: number[] = [];
  let scanBad = 0;
  let singleBad = 0;
  let nmapBad = 0;
  let selfConnects = 0;
  const verdict = (open: readonly number[], expected: readonly number[]) => (same(open, expected) ? "ok" : `MISMATCH open=${open.join(",")}`);
  for (let run = 0; run < runs; run++) {
    const expected = truth();
    // The default configuration ("auto": two threads for a full range on 2+ cores), then one thread, then nmap.
    let started = performance.now();
    const scan = await connectScanParallel("127.0.0.1", allPorts);
    scanMs.push(performance.now() - started);
    started = performance.now();
    const cpu = process.cpuUsage();
    const single = await connectScanParallel("127.0.0.1", allPorts, { threads: 1 });
    singleMs.push(performance.now() - started);
    const cpuUsed = process.cpuUsage(cpu);
    singleCpuMs.push((cpuUsed.user + cpuUsed.system) / 1000);
    selfConnects += scan.stats.selfConnects + single.stats.selfConnects;
    const openOf = (s: typeof single) => s.results.filter((r) => r.state === "open").map((r) => r.port);
    const nmap = nmapOpenPorts();
    nmapMs.push(nmap.ms);
    nmapCpuMs.push(nmap.cpuMs);
    if (!same(openOf(scan), expected)) scanBad++;
    if (!same(openOf(single), expected)) singleBad++;
    if (!same(nmap.open, expected)) nmapBad++;
    console.log(
      `run ${String(run + 1).padStart(2)}: scan ${fmt(scanMs.at(-1)!)} ${verdict(openOf(scan), expected)}` +
        ` | 1 thread ${fmt(singleMs.at(-1)!)} ${verdict(openOf(single), expected)}` +
        ` | nmap ${fmt(nmap.ms)} ${verdict(nmap.open, expected)} | self-connects retried ${scan.stats.selfConnects}+${single.stats.selfConnects}` +
        ` | load ${loadavg()[0]!.toFixed(1)}`,
    );
  }

  const cli = [process.execPath, "--import", "tsx", "src/scanner/cli.ts"];
  const cliAll = [0, 1, 2].map(() => wall([...cli, "--json", "--open", "--no-fingerprint", "-p", "-"]));
  // The listeners above never speak: fingerprinting them would measure the
  // 2 s silent-service deadline, which is timed separately below.
  const defaultSet = [0, 1, 2, 3, 4].map(() => wall([...cli, "--json", "--no-fingerprint"]));
  const startup = [0, 1, 2, 3, 4].map(() => wall([process.execPath, "--import", "tsx", "-e", "0"]));

  const lab = await startLabServices();
  const responsive = [lab.http, lab.redirect, lab.https, lab.banner];
  const started = performance.now();
  const prints = await Promise.all([...responsive, lab.silent].map((p) => fingerprint(lab.address, p)));
  const silent = prints.at(-1)!;
  const responsiveMs = Math.max(...prints.slice(0, -1).map((p) => p.elapsedMs));
  const allMs = performance.now() - started;
  await lab.close();
  for (const s of servers) s.close();

  console.log("");
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")} on ${availableParallelism()} cores`);
  console.log(`full range, open ports wrong in: scan ${scanBad}/${runs}, 1 thread ${singleBad}/${runs}, nmap ${nmapBad}/${runs} runs; self-connects detected and retried: ${selfConnects}`);
  console.log(`full range median wall: scan ${fmt(median(scanMs))} (default "auto": ${availableParallelism() >= 2 ? 2 : 1} threads, in-process), 1 thread ${fmt(median(singleMs))}, nmap ${fmt(median(nmapMs))} (process)`);
  console.log(
    `full range median CPU (user + system): 1 thread ${fmt(median(singleCpuMs))}, nmap ${fmt(median(nmapCpuMs))}` +
      ` (ratio ${(median(singleCpuMs) / median(nmapCpuMs)).toFixed(2)}: one thread's wall ratio on an idle core)`,
  );
  console.log(`full range as a CLI process (node + tsx start included), median of 3: ${fmt(median(cliAll))}`);
  console.log(
    `default HTTP port set as a CLI process (--no-fingerprint), median of 5: ${fmt(median(defaultSet))} (goal <= 0.3 s);` +
      ` of which starting node with tsx alone: ${fmt(median(startup))}`,
  );
  console.log(`fingerprint: responsive lab ports done in ${fmt(responsiveMs)} (goal <= 0.5 s); silent port cut off at ${fmt(silent.elapsedMs)} (goal <= 3 s); all together ${fmt(allMs)}`);
  console.log(`scan/nmap median wall ratio: ${(median(scanMs) / median(nmapMs)).toFixed(2)}`);
}

if (!args.includes("--inside") && process.getuid?.() === 0 && spawnSync("ip", ["netns", "list"]).status === 0) {
  const ns = `csl-bench-${process.pid}`;
  spawnSync("ip", ["netns", "add", ns], { stdio: "inherit" });
  try {
    spawnSync("ip", ["netns", "exec", ns, "ip", "link", "set", "lo", "up"], { stdio: "inherit" });
    const child = spawnSync("ip", ["netns", "exec", ns, process.execPath, "--import", "tsx", "bench/scanner.ts", ...args, "--inside"], { stdio: "inherit" });
    process.exitCode = child.status ?? 1;
  } finally {
    spawnSync("ip", ["netns", "del", ns]);
  }
} else {
  await main(args.includes("--inside"));
}
