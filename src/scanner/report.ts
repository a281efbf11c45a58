/**
 * What the CLI prints: the `--json` / `--ndjson` documents (an exact
 * contract other tools rely on) and the human-readable table.
 */
import type { SystemInfo } from "./system-info";
import type { HostReport, PortResult, ServiceInfo } from "./types";

/** A port as the JSON contract spells it. */
export interface JsonPort {
  port: number;
  protocol: "tcp" | "udp";
  state: "open" | "closed" | "filtered" | "open|filtered";
  reason: string;
  latencyMs: number | null;
  service?: {
    banner?: string;
    http?: { status: number; server?: string; poweredBy?: string; title?: string; location?: string };
    tls?: { protocol: string; subject: string; issuer: string; validTo: string; altNames: string[]; sha256: string };
  };
}

/** The `--json` document. */
export interface JsonReport {
  hosts: { target: string; address: string; startedAt: string; durationMs: number; ports: JsonPort[] }[];
  system?: SystemInfo;
}

/**
 * Projects a port result onto the JSON contract (dropping library-only
 * fields such as the HTTP reason phrase and response time).
 *
 * @example
 * toJsonPort({ port: 80, protocol: "tcp", state: "closed", reason: "conn-refused", latencyMs: 0.1 }).state; //=> "closed"
 */
export function toJsonPort(result: PortResult): JsonPort {
  const json: JsonPort = { port: result.port, protocol: result.protocol, state: result.state, reason: result.reason, latencyMs: result.latencyMs };
  const service = result.service ? _jsonService(result.service) : undefined;
  if (service && Object.keys(service).length > 0) json.service = service;
  return json;
}

function _jsonService(s: ServiceInfo): NonNullable<JsonPort["service"]> {
  const out: NonNullable<JsonPort["service"]> = {};
  if (s.banner !== undefined) out.banner = s.banner;
  if (s.http) {
    const { status, server, poweredBy, title, location } = s.http;
    out.http = { status };
    if (server !== undefined) out.http.server = server;
    if (poweredBy !== undefined) out.http.poweredBy = poweredBy;
    if (title !== undefined) out.http.title = title;
    if (location !== undefined) out.http.location = location;
  }
  if (s.tls) {
    const { protocol, subject, issuer, validTo, altNames, sha256 } = s.tls;
    out.tls = { protocol, subject, issuer, validTo, altNames: [...altNames], sha256 };
  }
  return out;
}

/**
 * Builds the `--json` document; with `openOnly`, only open ports are listed.
 *
 * @example
 * toJsonReport([], { openOnly: false }); //=> { hosts: [] }
 */
export function toJsonReport(hosts: readonly HostReport[], options: { openOnly: boolean; system?: SystemInfo }): JsonReport {
  const report: JsonReport = {
    hosts: hosts.map((h) => ({
      target: h.target,
      address: h.address,
      startedAt: h.startedAt,
      durationMs: h.durationMs,
      ports: h.ports.filter((p) => !options.openOnly || p.state === "open").map(toJsonPort),
    })),
  };
  if (options.system) report.system = options.system;
  return report;
}

/** One `--ndjson` line (without the newline): a port object plus its address. */
export function toNdjsonLine(address: string, result: PortResult): string {
  return JSON.stringify({ address, ...toJsonPort(result) });
}

/**
 * A one-line summary of what a fingerprint found, e.g.
 * `http 200 "Home" nginx/1.25 · tls TLSv1.3 CN=example`.
 */
export function serviceSummary(service: ServiceInfo | undefined): string {
  if (!service) return "";
  const parts: string[] = [];
  if (service.banner !== undefined) parts.push(`banner ${JSON.stringify(service.banner.split("\n")[0]!.slice(0, 60))}`);
  if (service.http) {
    const h = service.http;
    parts.push(
      [`http ${h.status}`, h.title !== undefined ? JSON.stringify(h.title.slice(0, 40)) : "", h.server ?? "", h.location ? `-> ${h.location}` : ""]
        .filter(Boolean)
        .join(" "),
    );
  }
  if (service.tls) parts.push(`tls ${service.tls.protocol} ${service.tls.subject}`);
  return parts.join(" · ");
}

/** Non-open ports listed individually in a table before they are summarised. */
const MAX_LISTED_CLOSED = 20;

/**
 * Formats one host as a table: port, state, reason, latency, service.
 * Large numbers of non-open ports are summarised in one line, as nmap does.
 */
export function formatHostTable(host: HostReport, options: { openOnly: boolean }): string {
  const notOpen = host.ports.filter((p) => p.state !== "open");
  const listNotOpen = !options.openOnly && notOpen.length <= MAX_LISTED_CLOSED;
  const rows = host.ports.filter((p) => p.state === "open" || listNotOpen);
  const header = ["PORT", "STATE", "REASON", "LATENCY", "SERVICE"];
  const cells = rows.map((p) => [
    `${p.port}/${p.protocol}`,
    p.state,
    p.reason,
    p.latencyMs === null ? "-" : `${p.latencyMs.toFixed(2)} ms`,
    serviceSummary(p.service),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!))).join("  ").trimEnd();
  const out = [`${host.target}${host.target === host.address ? "" : ` (${host.address})`}: ${host.ports.length} port(s) in ${host.durationMs} ms`];
  if (cells.length > 0) out.push(line(header), ...cells.map(line));
  if (!listNotOpen && notOpen.length > 0) {
    const counts = new Map<string, number>();
    for (const p of notOpen) counts.set(`${p.state} (${p.reason})`, (counts.get(`${p.state} (${p.reason})`) ?? 0) + 1);
    out.push(`not shown: ${[...counts].map(([k, n]) => `${n} ${k}`).join(", ")}`);
  }
  return out.join("\n");
}
