/**
 * Body of a scan worker thread (see `parallel-scan.ts`): connect-scans the
 * ports it is given and posts results back in batches.
 */
import { parentPort, workerData } from "node:worker_threads";
import { connectScan, type ConnectScanOptions, type ConnectScanStats } from "./connect-scan";
import type { PortResult } from "./types";

/** What the main thread sends a scan worker. */
export interface ScanWorkerData {
  readonly address: string;
  readonly ports: readonly number[];
  readonly options: Omit<ConnectScanOptions, "onResult">;
}

/** Messages from a scan worker. */
export type ScanWorkerMessage =
  | { readonly kind: "results"; readonly results: PortResult[] }
  | { readonly kind: "done"; readonly stats: ConnectScanStats };

const BATCH = 2048;

if (parentPort && workerData && (workerData as { scanWorker?: boolean }).scanWorker) {
  const port = parentPort;
  const { address, ports, options } = workerData as ScanWorkerData;
  let batch: PortResult[] = [];
  const flush = () => {
    if (batch.length > 0) port.postMessage({ kind: "results", results: batch } satisfies ScanWorkerMessage);
    batch = [];
  };
  connectScan(address, ports, {
    ...options,
    onResult: (r) => {
      batch.push(r);
      if (batch.length >= BATCH) flush();
    },
  }).then(({ stats }) => {
    flush();
    port.postMessage({ kind: "done", stats } satisfies ScanWorkerMessage);
  });
}
