// A "filtered" port needs a host that drops packets. We build one: a network
// namespace joined to ours by a veth pair, with an iptables DROP rule inside.
// Traffic never leaves the machine. Needs root and `ip netns`; skipped
// otherwise, with the reason in the test name.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectScan } from "../../src/scanner/connect-scan";

const id = process.pid % 250;
const ns = `csl-scan-${process.pid}`;
const hostIf = `cslh${process.pid}`.slice(0, 15);
const nsIf = `csln${process.pid}`.slice(0, 15);
const hostAddress = `10.213.${id}.1`;
const nsAddress = `10.213.${id}.2`;
const DROPPED = 9;
const CLOSED = 10;
const OPEN = 8080;

function sh(...args: string[]): { ok: boolean; err: string } {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: "utf8" });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || "").trim() };
}

function skipReason(): string | undefined {
  if (process.platform !== "linux") return "not Linux";
  if (process.getuid?.() !== 0) return "not running as root";
  if (!sh("ip", "netns", "list").ok) return "`ip netns` is not available";
  if (!sh("sh", "-c", "command -v iptables").ok) return "iptables is not installed";
  return undefined;
}

const reason = skipReason();
let listener: ChildProcess | undefined;

describe.skipIf(reason !== undefined)(`filtered ports in a network namespace${reason ? ` (skipped: ${reason})` : ""}`, () => {
  beforeAll(async () => {
    const inNs = (...args: string[]) => ["ip", "netns", "exec", ns, ...args];
    const steps = [
      ["ip", "netns", "add", ns],
      ["ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf],
      ["ip", "link", "set", nsIf, "netns", ns],
      ["ip", "addr", "add", `${hostAddress}/30`, "dev", hostIf],
      ["ip", "link", "set", hostIf, "up"],
      inNs("ip", "addr", "add", `${nsAddress}/30`, "dev", nsIf),
      inNs("ip", "link", "set", nsIf, "up"),
      inNs("ip", "link", "set", "lo", "up"),
      inNs("iptables", "-A", "INPUT", "-p", "tcp", "--dport", `${DROPPED}`, "-j", "DROP"),
    ];
    for (const step of steps) {
      const r = sh(...step);
      if (!r.ok) throw new Error(`${step.join(" ")} failed: ${r.err}`);
    }
    const [command, ...args] = inNs(process.execPath, "-e", `require("net").createServer((s) => s.on("error", () => {}).end()).listen(${OPEN}, "${nsAddress}", () => console.log("ready"))`);
    listener = spawn(command!, args, { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      listener!.stdout!.once("data", () => resolve());
      listener!.once("exit", (code) => reject(new Error(`listener in ${ns} exited with ${code}`)));
    });
  });

  afterAll(() => {
    listener?.kill();
    // Deleting the namespace removes its end of the veth pair, and with it ours.
    sh("ip", "netns", "del", ns);
    sh("ip", "link", "del", hostIf);
  });

  it("calls a dropped port filtered (no-response) after its retries, next to closed and open ones", async () => {
    const { results, stats } = await connectScan(nsAddress, [DROPPED, CLOSED, OPEN], { timeoutMs: 300, retries: 1 });
    expect(results).toEqual([
      { port: DROPPED, protocol: "tcp", state: "filtered", reason: "no-response", latencyMs: null },
      { port: CLOSED, protocol: "tcp", state: "closed", reason: "conn-refused", latencyMs: expect.any(Number) },
      { port: OPEN, protocol: "tcp", state: "open", reason: "syn-ack", latencyMs: expect.any(Number) },
    ]);
    expect(stats.timeoutRetries).toBe(1);
  });
});
