import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** How a unit of concurrency is started in {@link measureStartup}. */
export type StartKind = "worker thread" | "node process" | "shell process";

/** One start measured by {@link measureStartup}. */
export interface Startup {
  readonly kind: StartKind;
  /** From the start call until the new thread or process reported in, in ms. */
  readonly startMs: number;
  /**
   * Memory it added, in MiB: for a worker, the growth of this process's RSS
   * while it is alive; for a process, its own resident set (VmRSS).
   */
  readonly memoryMiB: number;
}

const READY_WORKER = `require("node:worker_threads").parentPort.postMessage("ready"); setInterval(() => {}, 1000);`;
const READY_NODE = `process.stdout.write("ready"); setInterval(() => {}, 1000);`;

/**
 * Starts one worker thread, one Node child process or one `sh` process,
 * waits until it reports in, measures the time and the memory it adds, and
 * stops it again.
 *
 * Memory is read from `/proc` (Linux). A worker's RSS growth includes its
 * V8 isolate and heap; a process's RSS counts shared library pages too, so
 * it overstates what each extra process really costs.
 */
export async function measureStartup(kind: StartKind): Promise<Startup> {
  if (kind === "worker thread") return startWorker();
  return startProcess(kind);
}

async function startWorker(): Promise<Startup> {
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const worker = new Worker(READY_WORKER, { eval: true });
  try {
    await new Promise<void>((resolve, reject) => worker.once("message", () => resolve()).once("error", reject));
    const startMs = performance.now() - t0;
    // Let the new isolate settle before reading RSS.
    await new Promise((r) => setTimeout(r, 50));
    const memoryMiB = (process.memoryUsage().rss - before) / 2 ** 20;
    return { kind: "worker thread", startMs, memoryMiB };
  } finally {
    await worker.terminate();
  }
}

async function startProcess(kind: "node process" | "shell process"): Promise<Startup> {
  const t0 = performance.now();
  const child =
    kind === "node process"
      ? spawn(process.execPath, ["-e", READY_NODE], { stdio: ["ignore", "pipe", "ignore"] })
      : spawn("sh", ["-c", "printf ready; while :; do sleep 1; done"], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.stdout!.once("data", () => resolve());
    });
    const startMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
    return { kind, startMs, memoryMiB: residentMiB(child.pid!) };
  } finally {
    child.kill();
  }
}

function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}
