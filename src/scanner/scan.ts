/**
 * A whole scan of one or more resolved targets: TCP connect scan, the
 * fingerprint of each open port as soon as it is found, and UDP probes.
 */
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import type { ConnectScanStats } from "./connect-scan";
import { fingerprint, type FingerprintOptions } from "./fingerprint";
import { connectScanParallel } from "./parallel-scan";
import { DEFAULT_HTTP_PORTS } from "./ports";
import type { ConnectEngine } from "./raw-connect";
import type { HostReport, PortResult, ResolvedTarget } from "./types";
import { udpProbe } from "./udp-probe";

/** Options for {@link scanHost} and {@link scanHosts}. */
export interface ScanOptions {
  /** TCP ports (default {@link DEFAULT_HTTP_PORTS}); empty for none. */
  readonly ports?: readonly number[];
  /** UDP ports to probe (default none). */
  readonly udpPorts?: readonly number[];
  /** TCP connects in flight (default 512, capped by the open-file limit). */
  readonly concurrency?: number;
  /** Per-try timeout in milliseconds, TCP and UDP (default 1000). */
  readonly timeoutMs?: number;
  /** Extra tries for silent ports (default 1). */
  readonly retries?: number;
  /** Fingerprint open TCP ports (default true). */
  readonly fingerprint?: boolean;
  /** Banner wait, deadline and read cap of each fingerprint. */
  readonly fingerprintOptions?: Omit<FingerprintOptions, "hostname">;
  /** Ports fingerprinted at once (default 32). */
  readonly fingerprintConcurrency?: number;
  /** How TCP connects are opened (see `raw-connect.ts`). */
  readonly engine?: ConnectEngine;
  /** Threads for the TCP scan (default "auto", see `parallel-scan.ts`). */
  readonly threads?: number | "auto";
  /** Called with each port's final result (fingerprint included) as soon as it is known. */
  readonly onPort?: (target: ResolvedTarget, result: PortResult) => void;
}

/** A host's report plus what the connect scan cost underneath. */
export interface HostScan extends HostReport {
  readonly stats: ConnectScanStats;
}

/**
 * Scans one resolved target.
 *
 * @example
 * const [target] = await resolveTargets(["127.0.0.1"]);
 * (await scanHost(target, { ports: [80] })).ports[0].state; //=> e.g. "closed"
 */
export async function scanHost(target: ResolvedTarget, options: ScanOptions = {}): Promise<HostScan> {
  const startedAt = new Date();
  const started = performance.now();
  const fingerprintConcurrency = options.fingerprintConcurrency ?? 32;
  const doFingerprint = options.fingerprint ?? true;
  const hostname = isIP(target.target) ? undefined : target.target.includes("/") ? undefined : target.target;
  const results: PortResult[] = [];
  const emit = (result: PortResult) => {
    results.push(result);
    options.onPort?.(target, result);
  };
  const pending: Promise<void>[] = [];
  const slots = _semaphore(fingerprintConcurrency);
  const onResult = (result: PortResult) => {
    if (result.state !== "open" || !doFingerprint) return emit(result);
    pending.push(
      slots(async () => {
        const { service } = await fingerprint(target.address, result.port, { ...options.fingerprintOptions, ...(hostname ? { hostname } : {}) });
        emit(Object.keys(service).length > 0 ? { ...result, service } : result);
      }),
    );
  };
  const tcpPorts = options.ports ?? DEFAULT_HTTP_PORTS;
  const { stats } = await connectScanParallel(target.address, tcpPorts, {
    threads: options.threads,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    engine: options.engine,
    // Fingerprints run alongside the scan: leave them descriptors (two sockets each).
    reserveFds: 32 + (doFingerprint ? 2 * fingerprintConcurrency : 0),
    onResult,
  });
  if (options.udpPorts?.length) {
    const udp = await udpProbe(target.address, options.udpPorts, { timeoutMs: options.timeoutMs, retries: options.retries });
    udp.forEach(emit);
  }
  await Promise.all(pending);
  results.sort((a, b) => (a.protocol === b.protocol ? a.port - b.port : a.protocol === "tcp" ? -1 : 1));
  return {
    target: target.target,
    address: target.address,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    ports: results,
    stats,
  };
}

/**
 * Scans resolved targets one after another (each host's ports in parallel).
 *
 * @example
 * (await scanHosts(await resolveTargets(["127.0.0.1", "::1"]), { ports: [80] })).length; //=> 2
 */
export async function scanHosts(targets: readonly ResolvedTarget[], options: ScanOptions = {}): Promise<HostScan[]> {
  const reports: HostScan[] = [];
  for (const target of targets) reports.push(await scanHost(target, options));
  return reports;
}

function _semaphore(limit: number): (task: () => Promise<void>) => Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Expected fingerprintConcurrency to be a positive integer but found ${limit}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
