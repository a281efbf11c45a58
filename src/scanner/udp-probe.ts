/**
 * UDP probing. UDP has no handshake: a datagram to a closed port makes the
 * host answer ICMP "port unreachable", which a *connected* UDP socket receives
 * as ECONNREFUSED; a listener may or may not reply; silence is ambiguous.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import type { PortResult } from "./types";

/** Options for {@link udpProbe}. */
export interface UdpProbeOptions {
  /** Milliseconds to wait for an answer per try (default 1000). */
  readonly timeoutMs?: number;
  /** Extra datagrams sent to a silent port (default 1): UDP and ICMP may be lost or rate-limited. */
  readonly retries?: number;
  /** Ports probed at once (default 64). */
  readonly concurrency?: number;
  /** Bytes sent (default: an empty datagram). */
  readonly payload?: Uint8Array;
}

/**
 * Probes UDP ports of one IP address: `open` (a reply came, reason
 * "udp-response"), `closed` (ICMP port unreachable, "port-unreach"),
 * `open|filtered` (silence, "no-response").
 *
 * @example
 * (await udpProbe("127.0.0.1", [9]))[0].state; //=> "closed" when nothing listens on 9
 */
export async function udpProbe(address: string, ports: readonly number[], options: UdpProbeOptions = {}): Promise<PortResult[]> {
  const family = isIP(address);
  if (family !== 4 && family !== 6) throw new TypeError(`Expected an IP address but found "${address}"`);
  const timeoutMs = options.timeoutMs ?? 1000;
  const retries = options.retries ?? 1;
  const concurrency = options.concurrency ?? 64;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new RangeError(`Expected timeoutMs to be a positive integer but found ${timeoutMs}`);
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError(`Expected retries to be a non-negative integer but found ${retries}`);
  const payload = options.payload ?? new Uint8Array(0);
  const results: PortResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ports.length) {
      results.push(await _probeOne(address, family, ports[next++]!, timeoutMs, retries, payload));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ports.length) }, worker));
  return results.sort((a, b) => a.port - b.port);
}

function _probeOne(address: string, family: 4 | 6, port: number, timeoutMs: number, retries: number, payload: Uint8Array): Promise<PortResult> {
  return new Promise((resolve, reject) => {
    const socket: UdpSocket = createSocket(family === 6 ? "udp6" : "udp4");
    let timer: NodeJS.Timeout | undefined;
    let sentAt = 0;
    let tries = 0;
    let settled = false;
    const settle = (result: PortResult | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const latency = () => Math.round((performance.now() - sentAt) * 1000) / 1000;
    const send = () => {
      tries++;
      sentAt = performance.now();
      socket.send(payload, (err) => {
        if (err) onError(err);
      });
      timer = setTimeout(() => {
        if (tries <= retries) send();
        else settle({ port, protocol: "udp", state: "open|filtered", reason: "no-response", latencyMs: null });
      }, timeoutMs);
    };
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") settle({ port, protocol: "udp", state: "closed", reason: "port-unreach", latencyMs: latency() });
      else if (err.code === "EHOSTUNREACH" || err.code === "ENETUNREACH") {
        settle({ port, protocol: "udp", state: "filtered", reason: err.code === "EHOSTUNREACH" ? "host-unreach" : "net-unreach", latencyMs: null });
      } else settle(err);
    };
    socket.on("error", onError);
    socket.on("message", () => settle({ port, protocol: "udp", state: "open", reason: "udp-response", latencyMs: latency() }));
    socket.connect(port, address, send);
  });
}
