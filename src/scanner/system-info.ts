/**
 * Facts about the machine running the scan, from Node's `os` module plus
 * `/etc/os-release` for the distribution. Local reads only: nothing here
 * sends a packet.
 */
import { readFileSync } from "node:fs";
import { arch, cpus as osCpus, freemem, hostname, loadavg, networkInterfaces, platform, release, totalmem, type, uptime } from "node:os";

/** One address of a network interface. */
export interface InterfaceAddress {
  readonly name: string;
  readonly family: "IPv4" | "IPv6";
  readonly address: string;
  /** Address with prefix length, e.g. "127.0.0.1/8". */
  readonly cidr: string | null;
  readonly mac: string;
  /** True for loopback. */
  readonly internal: boolean;
}

/** The machine a scan ran on. */
export interface SystemInfo {
  readonly hostname: string;
  /** `platform()`, e.g. "linux". */
  readonly platform: string;
  /** `type()`, e.g. "Linux". */
  readonly osType: string;
  /** Distribution name from `/etc/os-release` (PRETTY_NAME), when there is one. */
  readonly distribution: string | null;
  /** Kernel release, e.g. "6.1.0-18-amd64". */
  readonly kernel: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryTotalBytes: number;
  readonly memoryFreeBytes: number;
  readonly uptimeSeconds: number;
  /** 1, 5 and 15 minute load averages. */
  readonly loadAverage: readonly [number, number, number];
  readonly interfaces: readonly InterfaceAddress[];
  /** e.g. "v20.19.0". */
  readonly nodeVersion: string;
}

/**
 * Reads the system information (about a millisecond).
 *
 * @example
 * systemInfo().cpuCount > 0; //=> true
 */
export function systemInfo(): SystemInfo {
  const cpus = osCpus();
  const [l1, l5, l15] = loadavg();
  const interfaces: InterfaceAddress[] = [];
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    for (const a of addresses ?? []) {
      interfaces.push({ name, family: a.family, address: a.address, cidr: a.cidr, mac: a.mac, internal: a.internal });
    }
  }
  return {
    hostname: hostname(),
    platform: platform(),
    osType: type(),
    distribution: _distribution(),
    kernel: release(),
    arch: arch(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    memoryTotalBytes: totalmem(),
    memoryFreeBytes: freemem(),
    uptimeSeconds: Math.round(uptime()),
    loadAverage: [l1 ?? 0, l5 ?? 0, l15 ?? 0],
    interfaces,
    nodeVersion: process.version,
  };
}

function _distribution(): string | null {
  for (const path of ["/etc/os-release", "/usr/lib/os-release"]) {
    try {
      const fields = parseOsRelease(readFileSync(path, "utf8"));
      return fields.PRETTY_NAME ?? fields.NAME ?? null;
    } catch {
      // try the next location
    }
  }
  return null;
}

/**
 * Parses the `KEY=value` lines of os-release(5), unquoting values.
 *
 * @example
 * parseOsRelease('NAME="Debian GNU/Linux"\nVERSION_ID=12').NAME; //=> "Debian GNU/Linux"
 */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    let value = match[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2]!.replace(/\\(["\\$`])/g, "$1") : quoted[2]!;
    fields[match[1]!] = value;
  }
  return fields;
}

/**
 * Formats system information as aligned `key: value` lines for a terminal.
 *
 * @example
 * formatSystemInfo(systemInfo()).startsWith("hostname"); //=> true
 */
export function formatSystemInfo(info: SystemInfo): string {
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  const rows: [string, string][] = [
    ["hostname", info.hostname],
    ["os", `${info.distribution ?? info.osType} (${info.platform})`],
    ["kernel", info.kernel],
    ["arch", info.arch],
    ["cpu", `${info.cpuCount} x ${info.cpuModel}`],
    ["memory", `${gib(info.memoryFreeBytes)} free of ${gib(info.memoryTotalBytes)}`],
    ["uptime", `${(info.uptimeSeconds / 3600).toFixed(1)} h`],
    ["load", info.loadAverage.map((l) => l.toFixed(2)).join(" ")],
    ["node", info.nodeVersion],
    ...info.interfaces.map((i): [string, string] => [`if ${i.name}`, `${i.cidr ?? i.address}${i.internal ? " (loopback)" : ""}`]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
