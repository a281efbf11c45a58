/**
 * The inside view: which TCP ports have a listening socket on loopback,
 * read from the kernel's own tables (`/proc/net/tcp`, `/proc/net/tcp6`).
 * A scan is the outside view of the same fact; comparing the two checks a
 * scanner, and lets tests and notebooks avoid probing other people's servers.
 */
import { TCP_STATE, tcpTable } from "./tcp-table";

/**
 * TCP ports listening on 127.0.0.1 or ::1 (bound to them or to the wildcard
 * address) in this network namespace; empty where `/proc` is unavailable.
 *
 * @example
 * loopbackListeners().has(22); //=> true when an SSH server runs locally
 */
export function loopbackListeners(): Set<number> {
  const ports = new Set<number>();
  for (const entry of tcpTable()) {
    if (entry.state === TCP_STATE.listen && _reachesLoopback(entry.localAddress)) ports.add(entry.localPort);
  }
  return ports;
}

/** Hex addresses as the kernel prints them (host byte order, little-endian here). */
function _reachesLoopback(hex: string): boolean {
  const upper = hex.toUpperCase();
  if (upper.length === 8) return upper === "00000000" || upper.endsWith("7F"); // 0.0.0.0 or 127.x.y.z
  return (
    /^0{32}$/.test(upper) || // ::
    upper === "00000000000000000000000001000000" || // ::1
    upper === "0000000000000000FFFF00000100007F" || // ::ffff:127.0.0.1
    upper === "0000000000000000FFFF000000000000" // ::ffff:0.0.0.0
  );
}

/**
 * The ports of `from`..`to` where nothing listens now, plus `own` ports: a
 * port list that probes only one's own servers and empty ports.
 *
 * @example
 * portsSparingOthers(40000, 40010, [40005]).includes(40005); //=> true
 */
export function portsSparingOthers(from: number, to: number, own: readonly number[] = []): number[] {
  const listening = loopbackListeners();
  const mine = new Set(own);
  const ports: number[] = [];
  for (let p = from; p <= to; p++) if (mine.has(p) || !listening.has(p)) ports.push(p);
  return ports;
}
