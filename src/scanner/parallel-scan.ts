/**
 * A connect scan split over threads. On loopback a scan is bound by the CPU
 * spent per connect (DESIGN §6), and one event loop uses one core; a worker
 * thread scanning every other port uses a second one. Measured on 2 cores
 * (`npm run bench -- scanner`, 20 runs): all 65,535 ports in a median 1.17 s
 * with two threads vs 1.72 s with one (nmap: 2.24 s) — but when other
 * processes kept both cores busy, two threads were the slower ones. Workers
 * load our TypeScript through tsx's CommonJS hook, so this works the same
 * under the CLI, vitest and the notebook kernel.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { connectScan, type ConnectScan, type ConnectScanOptions, type ConnectScanStats } from "./connect-scan";
import { safeConcurrency } from "./fd-limit";
import type { ScanWorkerMessage } from "./scan-worker";
import type { PortResult } from "./types";

/** Ports from which "auto" uses a second thread. */
export const PARALLEL_MIN_PORTS = 16_384;

/** Options for {@link connectScanParallel}. */
export interface ParallelScanOptions extends ConnectScanOptions {
  /**
   * Threads scanning at once, this one included (default "auto": 2 for
   * {@link PARALLEL_MIN_PORTS} ports or more on a machine with 2+ cores, else
   * 1 — a worker costs 50–500 ms to start, worth it only for big scans).
   */
  readonly threads?: number | "auto";
}

/**
 * Like `connectScan`, with the ports dealt round-robin to several threads.
 * Concurrency and the open-file budget are shared out between them.
 *
 * @example
 * const { results } = await connectScanParallel("127.0.0.1", parsePortSpec("-"), { threads: 2 });
 * results.length; //=> 65535
 */
export async function connectScanParallel(address: string, ports: readonly number[], options: ParallelScanOptions = {}): Promise<ConnectScan> {
  const requested = options.threads ?? "auto";
  if (requested !== "auto" && (!Number.isInteger(requested) || requested < 1 || requested > 16)) {
    throw new RangeError(`Expected threads to be "auto" or an integer from 1 to 16 but found ${requested}`);
  }
  const threads = requested !== "auto" ? requested : ports.length >= PARALLEL_MIN_PORTS && availableParallelism() >= 2 ? 2 : 1;
  const { threads: _ignored, onResult, ...base } = options;
  if (threads === 1) return connectScan(address, ports, { ...base, onResult });

  const total = options.fdCap === false ? (options.concurrency ?? 512) : safeConcurrency(options.concurrency ?? 512, { reserve: options.reserveFds ?? 32 });
  const share = Math.max(1, Math.floor(total / threads));
  const chunks = Array.from({ length: threads }, (_, t) => ports.filter((_, i) => i % threads === t));
  const perThread = { ...base, concurrency: share, fdCap: false };
  const results: PortResult[] = [];
  const collect = (r: PortResult) => {
    results.push(r);
    onResult?.(r);
  };
  const scans = [
    connectScan(address, chunks[0]!, { ...perThread, onResult: collect }).then((s) => s.stats),
    ...chunks.slice(1).map((chunk) => _inWorker(address, chunk, perThread, collect)),
  ];
  const stats = await Promise.all(scans);
  results.sort((a, b) => a.port - b.port);
  const sum = (key: keyof Omit<ConnectScanStats, "concurrency">) => stats.reduce((n, s) => n + s[key], 0);
  return {
    results,
    stats: {
      concurrency: share * threads,
      selfConnects: sum("selfConnects"),
      resourceBackoffs: sum("resourceBackoffs"),
      timeoutRetries: sum("timeoutRetries"),
      attempts: sum("attempts"),
    },
  };
}

/** The worker's bootstrap: register tsx's CommonJS hook, then load the worker module. */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
require(workerData.tsxApi).register();
require(workerData.module);
`;

function _inWorker(
  address: string,
  ports: readonly number[],
  options: Omit<ConnectScanOptions, "onResult">,
  onResult: (r: PortResult) => void,
): Promise<ConnectScanStats> {
  // No import.meta in src (the notebook kernel compiles to CommonJS): find
  // files from the repository root, where every runner starts.
  const root = process.cwd();
  const tsxApi = createRequire(join(root, "package.json")).resolve("tsx/cjs/api");
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { scanWorker: true, tsxApi, module: join(root, "src", "scanner", "scan-worker.ts"), address, ports, options },
  });
  return new Promise((resolve, reject) => {
    let done = false;
    worker.on("message", (message: ScanWorkerMessage) => {
      if (message.kind === "results") message.results.forEach(onResult);
      else {
        done = true;
        resolve(message.stats);
        void worker.terminate();
      }
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (!done) reject(new Error(`scan worker exited with code ${code} before finishing`));
    });
  });
}
