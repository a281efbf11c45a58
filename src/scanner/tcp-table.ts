/**
 * The kernel's table of TCP sockets in this network namespace, as Linux
 * prints it in `/proc/net/tcp` and `/proc/net/tcp6`: the inside view that a
 * scan sees from outside. Empty where `/proc` is unavailable.
 */
import { readFileSync } from "node:fs";

/** TCP states as the kernel numbers them (include/net/tcp_states.h). */
export const TCP_STATE = { established: "01", timeWait: "06", listen: "0A" } as const;

/** One socket of the table; addresses stay in the kernel's hex form. */
export interface TcpTableEntry {
  /** Local address in hex, host byte order (8 digits for IPv4, 32 for IPv6). */
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Two hex digits, e.g. "0A" for LISTEN (see {@link TCP_STATE}). */
  readonly state: string;
}

/**
 * Reads every IPv4 and IPv6 TCP socket the kernel lists.
 *
 * @example
 * tcpTable().some((e) => e.state === TCP_STATE.listen); //=> true where anything listens
 */
export function tcpTable(): TcpTableEntry[] {
  const entries: TcpTableEntry[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const [, local, remote, state] = line.trim().split(/\s+/);
      if (!local || !remote || !state) continue;
      const [localAddress, localPort] = local.split(":") as [string, string];
      const [remoteAddress, remotePort] = remote.split(":") as [string, string];
      entries.push({
        localAddress,
        localPort: parseInt(localPort, 16),
        remoteAddress,
        remotePort: parseInt(remotePort, 16),
        state: state.toUpperCase(),
      });
    }
  }
  return entries;
}
