/**
 * `npm run scan -- [options] [targets…]`: a thin shell over the library.
 * Exit codes: 0 scan completed (whatever the port states), 2 usage or input
 * error (one line on stderr), 1 runtime failure.
 */
import { intFlag, parseFlags, runCli, UsageError } from "../shared/cli";
import { DEFAULT_HTTP_PORTS, formatPortSpec, parsePortSpec, RANKED_PORTS, topPorts } from "./ports";
import { formatHostTable, toJsonReport, toNdjsonLine } from "./report";
import { scanHosts } from "./scan";
import { formatSystemInfo, systemInfo } from "./system-info";
import { DEFAULT_TARGET, resolveTargets } from "./targets";

const HELP = `Usage: npm run scan -- [options] [targets…]

Connect-scans TCP ports, fingerprints open ones (banner, HTTP, TLS), optionally
probes UDP ports. Targets: IPv4/IPv6 addresses, hostnames (resolved once),
CIDR blocks up to /24 (/120). Default target: ${DEFAULT_TARGET}.
Scan only hosts you own or are allowed to scan.

Options:
  -p, --ports SPEC      TCP ports: 80 | 80,443 | 8000-8100 | - (all 1-65535) | mixed
                        (default: standard HTTP(S) ports ${formatPortSpec(DEFAULT_HTTP_PORTS)})
      --top-ports N     the N most common ports of our ranked list (1-${RANKED_PORTS.length})
      --udp SPEC        also probe these UDP ports
      --concurrency N   connects in flight (default 512; capped below the open-file limit)
      --threads N|auto  threads for the TCP scan (default auto: 2 for 16,384+ ports on 2+ cores)
      --timeout MS      per-try timeout in milliseconds (default 1000)
      --retries N       extra tries for silent ports (default 1)
      --no-fingerprint  do not fingerprint open ports
      --open            report only open ports
      --sysinfo         include information about this machine
      --json            print one JSON document
      --ndjson          print one JSON port object per line as results arrive
  -h, --help            show this help

Exit codes: 0 scan completed, 2 usage or input error, 1 runtime failure.`;

const OPTIONS = {
  ports: { type: "string", short: "p" },
  "top-ports": { type: "string" },
  udp: { type: "string" },
  concurrency: { type: "string" },
  threads: { type: "string" },
  timeout: { type: "string" },
  retries: { type: "string" },
  fingerprint: { type: "boolean", default: true },
  open: { type: "boolean", default: false },
  sysinfo: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  ndjson: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function _ports(flag: string, spec: string): number[] {
  try {
    return parsePortSpec(spec);
  } catch (err) {
    throw new UsageError(`--${flag}: ${(err as Error).message}`);
  }
}

/** Runs the scanner CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, OPTIONS, true);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.json && values.ndjson) throw new UsageError("--json and --ndjson are exclusive: pick one");
  if (values.ports !== undefined && values["top-ports"] !== undefined) throw new UsageError("--ports and --top-ports are exclusive: pick one");
  const ports =
    values.ports !== undefined
      ? _ports("ports", values.ports)
      : values["top-ports"] !== undefined
        ? topPorts(intFlag("top-ports", values["top-ports"], 0, 1, RANKED_PORTS.length))
        : [...DEFAULT_HTTP_PORTS];
  const udpPorts = values.udp !== undefined ? _ports("udp", values.udp) : [];
  const concurrency = intFlag("concurrency", values.concurrency, 512, 1, 65535);
  const timeoutMs = intFlag("timeout", values.timeout, 1000, 1, 600_000);
  const retries = intFlag("retries", values.retries, 1, 0, 10);
  const threads = values.threads === undefined || values.threads === "auto" ? "auto" : intFlag("threads", values.threads, 1, 1, 16);
  const targets = await resolveTargets(positionals);
  const openOnly = values.open;

  const total = targets.length * (ports.length + udpPorts.length);
  const progress = _progress(total);
  const hosts = await scanHosts(targets, {
    ports,
    udpPorts,
    concurrency,
    threads,
    timeoutMs,
    retries,
    fingerprint: values.fingerprint,
    onPort: (target, result) => {
      progress.tick(result.state === "open");
      if (values.ndjson && (!openOnly || result.state === "open")) process.stdout.write(`${toNdjsonLine(target.address, result)}\n`);
    },
  });
  progress.stop();
  const system = values.sysinfo ? systemInfo() : undefined;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(toJsonReport(hosts, { openOnly, ...(system ? { system } : {}) }))}\n`);
  } else if (!values.ndjson) {
    const blocks = hosts.map((h) => formatHostTable(h, { openOnly }));
    if (system) blocks.push(`system\n${formatSystemInfo(system)}`);
    process.stdout.write(`${blocks.join("\n\n")}\n`);
  }
  return 0;
}

/** A progress line on stderr, only on a terminal and only once a scan has run for a second. */
function _progress(total: number): { tick(open: boolean): void; stop(): void } {
  if (!process.stderr.isTTY) return { tick() {}, stop() {} };
  const started = Date.now();
  let done = 0;
  let open = 0;
  let shown = false;
  const draw = () => {
    if (Date.now() - started < 1000) return;
    shown = true;
    process.stderr.write(`\r\x1b[K${done}/${total} ports, ${open} open, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  const timer = setInterval(draw, 200);
  return {
    tick(isOpen) {
      done++;
      if (isOpen) open++;
    },
    stop() {
      clearInterval(timer);
      if (shown) process.stderr.write("\r\x1b[K");
    },
  };
}

runCli(main);
