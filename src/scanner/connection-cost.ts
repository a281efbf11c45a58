/**
 * What one `connect()` costs the operating system, measured: a file
 * descriptor while it is open, an ephemeral source port, and — for the side
 * that closes first with a normal FIN — a TIME_WAIT entry that outlives the
 * socket (60 s on Linux). Closing with a reset (RST) skips TIME_WAIT.
 */
import { connect, type Socket } from "node:net";
import { openFileCount } from "./fd-limit";
import { TCP_STATE, tcpTable } from "./tcp-table";

/** Options for {@link measureConnectionCost}. */
export interface ConnectionCostOptions {
  /** Connections opened at once (default 100). */
  readonly count?: number;
  /** How our side closes: "fin" (`end()`, graceful) or "reset" (`resetAndDestroy()`) (default "fin"). */
  readonly close?: "fin" | "reset";
}

/** What a batch of connections cost, as seen from `/proc`. */
export interface ConnectionCost {
  readonly count: number;
  readonly close: "fin" | "reset";
  /** Open descriptors of this process before, while connected, and after closing. */
  readonly fdsBefore: number;
  readonly fdsOpen: number;
  readonly fdsAfter: number;
  /** Source ports the kernel picked, in connection order. */
  readonly localPorts: readonly number[];
  /** Of our connections, how many the kernel still keeps in TIME_WAIT after they closed. */
  readonly timeWaitAfter: number;
}

/**
 * Opens `count` connections to a listening port, closes them, and reports
 * what the OS spent on them.
 *
 * @example
 * (await measureConnectionCost("127.0.0.1", lab.http, { count: 10 })).fdsOpen - 10; //=> about fdsBefore
 */
export async function measureConnectionCost(address: string, port: number, options: ConnectionCostOptions = {}): Promise<ConnectionCost> {
  const count = options.count ?? 100;
  const close = options.close ?? "fin";
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new RangeError(`Expected count from 1 to 10000 but found ${count}`);
  const fdsBefore = openFileCount();
  const sockets = await Promise.all(
    Array.from({ length: count }, () => new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: address, port }, () => resolve(s));
      s.once("error", reject);
    })),
  );
  const fdsOpen = openFileCount();
  const localPorts = sockets.map((s) => s.localPort ?? 0);
  await Promise.all(
    sockets.map((s) => new Promise<void>((resolve) => {
      s.once("close", () => resolve());
      s.on("error", () => {});
      if (close === "reset") s.resetAndDestroy();
      else s.end();
    })),
  );
  return { count, close, fdsBefore, fdsOpen, fdsAfter: openFileCount(), localPorts, timeWaitAfter: _timeWaitFrom(new Set(localPorts), port) };
}

/** Entries of the kernel's TCP table in TIME_WAIT from one of `ports` to `remotePort`. */
function _timeWaitFrom(ports: ReadonlySet<number>, remotePort: number): number {
  return tcpTable().filter((e) => e.state === TCP_STATE.timeWait && ports.has(e.localPort) && e.remotePort === remotePort).length;
}
