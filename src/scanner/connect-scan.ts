/**
 * The TCP connect scan: a bounded pool of in-flight `connect()` calls, each
 * ending in a state with its reason. Loopback pitfalls handled here
 * (DESIGN §6): self-connects are detected and retried, EMFILE-style errors
 * back off instead of becoming port states, sockets close with a reset.
 */
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { safeConcurrency } from "./fd-limit";
import { defaultEngine, rawConnect, type ConnectEngine, type ConnectListener, type ConnectOutcome, type RawConnection } from "./raw-connect";
import type { PortResult } from "./types";

/** Options for {@link connectScan}. */
export interface ConnectScanOptions {
  /** Connects in flight at once (default 512), capped below the open-file limit. */
  readonly concurrency?: number;
  /** Milliseconds to wait for an answer before a try counts as silent (default 1000). */
  readonly timeoutMs?: number;
  /** Extra tries for a port that stayed silent (default 1). */
  readonly retries?: number;
  /** Descriptors to leave free for other work, e.g. fingerprints (default 32). */
  readonly reserveFds?: number;
  /**
   * Keep concurrency below the open-file limit (default true). Off, the scan
   * runs into EMFILE and relies on backing off alone: for experiments only.
   */
  readonly fdCap?: boolean;
  /** Called with each port's result as soon as it is known. */
  readonly onResult?: (result: PortResult) => void;
  /** How connections are opened (default: libuv's TCP handle where available, see `raw-connect.ts`). */
  readonly engine?: ConnectEngine;
}

/** What happened underneath a scan, beyond the port states. */
export interface ConnectScanStats {
  /** The concurrency actually used after the open-file cap. */
  readonly concurrency: number;
  /** Connects that reached themselves (source port == target port) and were retried. */
  readonly selfConnects: number;
  /** Connects refused by the OS (EMFILE, EADDRNOTAVAIL, ENOBUFS…) and retried after a pause. */
  readonly resourceBackoffs: number;
  /** Silent tries repeated because of `retries`. */
  readonly timeoutRetries: number;
  /** Connects started, all tries included. */
  readonly attempts: number;
}

/** Results of {@link connectScan}, sorted by port, and what it cost. */
export interface ConnectScan {
  readonly results: PortResult[];
  readonly stats: ConnectScanStats;
}

/** Errors meaning "the OS has no resources right now": retry later, never a port state. */
const RESOURCE_ERRORS = new Set(["EMFILE", "ENFILE", "EADDRNOTAVAIL", "ENOBUFS", "EAGAIN", "ENOMEM", "EADDRINUSE"]);

/** Errors that are answers from the network, with the state and reason they mean. */
const ANSWERS: Readonly<Record<string, readonly [PortResult["state"], string]>> = {
  ECONNREFUSED: ["closed", "conn-refused"],
  ECONNRESET: ["closed", "conn-reset"],
  EHOSTUNREACH: ["filtered", "host-unreach"],
  ENETUNREACH: ["filtered", "net-unreach"],
  ETIMEDOUT: ["filtered", "no-response"],
  EACCES: ["filtered", "admin-prohibited"],
  EPERM: ["filtered", "admin-prohibited"],
};

const MAX_SELF_CONNECT_RETRIES = 8;

/**
 * Whether a connect reached its own socket. On loopback the kernel may pick
 * the target port as the ephemeral source port; TCP's simultaneous open then
 * connects the socket to itself and a closed port looks open.
 *
 * @example
 * isSelfConnect({ code: null, localPort: 40000, localAddress: "127.0.0.1" }, "127.0.0.1", 40000); //=> true
 */
export function isSelfConnect(outcome: ConnectOutcome, address: string, port: number): boolean {
  return outcome.code === null && outcome.localPort === port && outcome.localAddress === address;
}

/**
 * Connect-scans `ports` of one IP address (resolve names first: see
 * `resolveTargets`). Resolves when every port has a result.
 *
 * @throws {RangeError} for bad options; rejects on an OS error that is neither an answer nor a resource shortage.
 *
 * @example
 * const { results } = await connectScan("127.0.0.1", [80, 443]);
 * results.map((r) => r.state); //=> e.g. ["closed", "closed"]
 */
export function connectScan(address: string, ports: readonly number[], options: ConnectScanOptions = {}): Promise<ConnectScan> {
  const timeoutMs = options.timeoutMs ?? 1000;
  const retries = options.retries ?? 1;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new RangeError(`Expected timeoutMs to be a positive integer but found ${timeoutMs}`);
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError(`Expected retries to be a non-negative integer but found ${retries}`);
  const family = isIP(address);
  if (family !== 4 && family !== 6) throw new TypeError(`Expected an IP address (resolve hostnames first) but found "${address}"`);
  const requested = options.concurrency ?? 512;
  const concurrency = options.fdCap === false ? safeConcurrency(requested, { limit: Infinity }) : safeConcurrency(requested, { reserve: options.reserveFds ?? 32 });
  const engine = options.engine ?? defaultEngine();
  return new Promise((resolve, reject) => {
    new _Scanner(address, family, ports, { concurrency, timeoutMs, retries, engine, onResult: options.onResult }, resolve, reject).start();
  });
}

interface _Attempt {
  readonly port: number;
  connection: RawConnection | undefined;
  readonly startedAt: number;
  readonly tries: number;
  readonly selfConnects: number;
}

interface _Job {
  readonly port: number;
  readonly tries: number;
  readonly selfConnects: number;
}

class _Scanner implements ConnectListener<_Attempt> {
  private readonly queue: _Job[];
  private readonly inFlight = new Set<_Attempt>();
  private readonly results: PortResult[] = [];
  private limit: number;
  private pausedUntil = 0;
  private backoffMs = 5;
  private sweeper: NodeJS.Timeout | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;
  private done = false;
  private stats = { selfConnects: 0, resourceBackoffs: 0, timeoutRetries: 0, attempts: 0 };

  constructor(
    private readonly address: string,
    private readonly family: 4 | 6,
    ports: readonly number[],
    private readonly options: {
      concurrency: number;
      timeoutMs: number;
      retries: number;
      engine: ConnectEngine;
      onResult?: (r: PortResult) => void;
    },
    private readonly resolve: (scan: ConnectScan) => void,
    private readonly reject: (err: Error) => void,
  ) {
    // Popped from the end: reverse so ports are tried in ascending order.
    this.queue = ports.map((port) => ({ port, tries: 0, selfConnects: 0 })).reverse();
    this.limit = options.concurrency;
  }

  start(): void {
    // One sweeping timer instead of a timer per socket: on loopback nearly
    // every connect is answered at once and per-socket timers are pure cost.
    const period = Math.max(5, Math.min(100, Math.floor(this.options.timeoutMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), period);
    this.pump();
  }

  private pump(): void {
    if (this.done) return;
    const now = performance.now();
    if (now < this.pausedUntil) {
      this.resumeTimer ??= setTimeout(() => {
        this.resumeTimer = undefined;
        this.pump();
      }, this.pausedUntil - now);
      return;
    }
    while (this.inFlight.size < this.limit && this.queue.length > 0) this.launch(this.queue.pop()!);
    if (this.inFlight.size === 0 && this.queue.length === 0) this.finish();
  }

  private launch(job: _Job): void {
    this.stats.attempts++;
    const attempt: _Attempt = { port: job.port, connection: undefined, startedAt: performance.now(), tries: job.tries, selfConnects: job.selfConnects };
    this.inFlight.add(attempt);
    attempt.connection = rawConnect(this.address, this.family, job.port, this, attempt, this.options.engine);
  }

  onConnectOutcome(attempt: _Attempt, outcome: ConnectOutcome): void {
    if (!this.inFlight.delete(attempt)) return;
    if (outcome.code === null) this.onConnect(attempt, outcome);
    else this.onError(attempt, outcome.code);
  }

  private onConnect(attempt: _Attempt, outcome: ConnectOutcome): void {
    const { port } = attempt;
    const latencyMs = performance.now() - attempt.startedAt;
    attempt.connection?.close();
    if (!isSelfConnect(outcome, this.address, port)) {
      this.record({ port, protocol: "tcp", state: "open", reason: "syn-ack", latencyMs: _round(latencyMs) });
    } else if (attempt.selfConnects < MAX_SELF_CONNECT_RETRIES) {
      this.stats.selfConnects++;
      this.queue.push({ port, tries: attempt.tries, selfConnects: attempt.selfConnects + 1 });
    } else {
      // The kernel only hands out a source port nobody has bound, so a port
      // that keeps reaching itself has no listener.
      this.record({ port, protocol: "tcp", state: "closed", reason: "self-connect", latencyMs: null });
    }
    this.pump();
  }

  private onError(attempt: _Attempt, code: string): void {
    if (RESOURCE_ERRORS.has(code)) {
      this.backOff();
      this.queue.push({ port: attempt.port, tries: attempt.tries, selfConnects: attempt.selfConnects });
    } else if (ANSWERS[code]) {
      const [state, reason] = ANSWERS[code]!;
      const latencyMs = state === "closed" ? _round(performance.now() - attempt.startedAt) : null;
      this.record({ port: attempt.port, protocol: "tcp", state, reason, latencyMs });
      if (this.limit < this.options.concurrency) this.limit++;
    } else {
      this.fail(Object.assign(new Error(`connect to ${this.address}:${attempt.port} failed with ${code}`), { code }));
      return;
    }
    this.pump();
  }

  /** The OS ran short (fds, ephemeral ports, buffers): shrink the pool and pause. */
  private backOff(): void {
    this.stats.resourceBackoffs++;
    this.limit = Math.max(1, Math.floor(Math.max(this.inFlight.size, 2) / 2));
    const now = performance.now();
    if (now >= this.pausedUntil) {
      this.pausedUntil = now + this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, 500);
    }
  }

  private sweep(): void {
    const now = performance.now();
    for (const attempt of this.inFlight) {
      if (now - attempt.startedAt < this.options.timeoutMs) continue;
      this.inFlight.delete(attempt);
      attempt.connection?.close();
      if (attempt.tries < this.options.retries) {
        this.stats.timeoutRetries++;
        this.queue.push({ port: attempt.port, tries: attempt.tries + 1, selfConnects: attempt.selfConnects });
      } else {
        this.record({ port: attempt.port, protocol: "tcp", state: "filtered", reason: "no-response", latencyMs: null });
      }
    }
    this.backoffMs = Math.max(5, this.backoffMs / 2);
    this.pump();
  }

  private record(result: PortResult): void {
    this.results.push(result);
    try {
      this.options.onResult?.(result);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private stop(): void {
    this.done = true;
    clearInterval(this.sweeper);
    clearTimeout(this.resumeTimer);
    for (const attempt of this.inFlight) attempt.connection?.close();
    this.inFlight.clear();
  }

  private finish(): void {
    this.stop();
    this.results.sort((a, b) => a.port - b.port);
    this.resolve({ results: this.results, stats: { concurrency: this.options.concurrency, ...this.stats } });
  }

  private fail(err: Error): void {
    if (this.done) return;
    this.stop();
    this.reject(err);
  }
}

function _round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
