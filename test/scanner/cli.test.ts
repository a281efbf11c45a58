import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabServices, type LabServices } from "../../src/scanner/lab-services";
import { runCli } from "./run-cli";

let lab: LabServices;
beforeAll(async () => {
  lab = await startLabServices();
});
afterAll(async () => {
  await lab.close();
});

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const keysOf = (o: object) => Object.keys(o).sort();
const isSubset = (keys: string[], allowed: string[]) => keys.every((k) => allowed.includes(k));

/** Checks a port object against the contract: exact keys, types and enums. */
function expectContractPort(p: Record<string, unknown>, extraKeys: string[] = []): void {
  expect(isSubset(keysOf(p), ["port", "protocol", "state", "reason", "latencyMs", "service", ...extraKeys])).toBe(true);
  expect(Number.isInteger(p.port)).toBe(true);
  expect(["tcp", "udp"]).toContain(p.protocol);
  expect(["open", "closed", "filtered", "open|filtered"]).toContain(p.state);
  expect(typeof p.reason).toBe("string");
  expect(p.latencyMs === null || typeof p.latencyMs === "number").toBe(true);
  if (p.service === undefined) return;
  const service = p.service as Record<string, Record<string, unknown> | string>;
  expect(isSubset(keysOf(service), ["banner", "http", "tls"])).toBe(true);
  if (service.banner !== undefined) expect(typeof service.banner).toBe("string");
  if (service.http !== undefined) {
    const http = service.http as Record<string, unknown>;
    expect(isSubset(keysOf(http), ["status", "server", "poweredBy", "title", "location"])).toBe(true);
    expect(typeof http.status).toBe("number");
  }
  if (service.tls !== undefined) {
    const tls = service.tls as Record<string, unknown>;
    expect(keysOf(tls)).toEqual(["altNames", "issuer", "protocol", "sha256", "subject", "validTo"]);
    expect(tls.validTo).toMatch(ISO);
    expect(Array.isArray(tls.altNames)).toBe(true);
  }
}

describe("scan CLI", () => {
  it("--json prints one document in the contract's shape, with every fingerprint field", async () => {
    const ports = [lab.http, lab.redirect, lab.https, lab.banner, lab.closed].join(",");
    const run = await runCli(["--json", "--sysinfo", "-p", ports, "--udp", `${lab.udpEcho},${lab.closed}`, "--timeout", "500", "127.0.0.1"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    const doc = JSON.parse(run.stdout) as { hosts: Record<string, unknown>[]; system?: Record<string, unknown> };
    expect(keysOf(doc)).toEqual(["hosts", "system"]);
    expect(doc.system).toMatchObject({ nodeVersion: expect.any(String), cpuCount: expect.any(Number) });
    expect(doc.hosts).toHaveLength(1);
    const host = doc.hosts[0]!;
    expect(keysOf(host)).toEqual(["address", "durationMs", "ports", "startedAt", "target"]);
    expect(host).toMatchObject({ target: "127.0.0.1", address: "127.0.0.1", startedAt: expect.stringMatching(ISO), durationMs: expect.any(Number) });
    const hostPorts = host.ports as Record<string, unknown>[];
    hostPorts.forEach((p) => expectContractPort(p));
    const find = (port: number, protocol: string) => hostPorts.find((p) => p.port === port && p.protocol === protocol);
    expect(find(lab.http, "tcp")).toMatchObject({
      state: "open",
      reason: "syn-ack",
      service: { http: { status: 200, server: "lab-http/1.0", poweredBy: "node", title: "Core Systems Lab" } },
    });
    expect(find(lab.redirect, "tcp")).toMatchObject({ service: { http: { status: 301, location: "https://lab.invalid/moved" } } });
    expect(find(lab.https, "tcp")).toMatchObject({
      service: { tls: { protocol: "TLSv1.3", subject: "CN=localhost", issuer: "CN=localhost", altNames: ["DNS:localhost", "IP Address:127.0.0.1"] } },
    });
    expect(find(lab.banner, "tcp")).toMatchObject({ service: { banner: "SSH-2.0-LabSSH_1.0" } });
    expect(find(lab.closed, "tcp")).toEqual({ port: lab.closed, protocol: "tcp", state: "closed", reason: "conn-refused", latencyMs: expect.any(Number) });
    expect(find(lab.udpEcho, "udp")).toMatchObject({ state: "open", reason: "udp-response" });
    expect(find(lab.closed, "udp")).toMatchObject({ state: "closed", reason: "port-unreach" });
    expect(hostPorts).toHaveLength(7);
  });

  it("--open lists only open ports, and --no-fingerprint leaves services out", async () => {
    const run = await runCli(["--json", "--open", "--no-fingerprint", "-p", `${lab.http},${lab.closed}`, "127.0.0.1"]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { hosts: { ports: unknown[] }[] };
    expect(keysOf(doc)).toEqual(["hosts"]);
    expect(doc.hosts[0]!.ports).toEqual([{ port: lab.http, protocol: "tcp", state: "open", reason: "syn-ack", latencyMs: expect.any(Number) }]);
  });

  it("--ndjson prints one port object with its address per line, for every host", async () => {
    const run = await runCli(["--ndjson", "-p", `${lab.http},${lab.closed}`, "127.0.0.1", "::1"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    lines.forEach((l) => expectContractPort(l, ["address"]));
    expect(lines.map((l) => `${l.address} ${l.port} ${l.state}`).sort()).toEqual(
      [`127.0.0.1 ${lab.http} open`, `127.0.0.1 ${lab.closed} closed`, `::1 ${lab.http} closed`, `::1 ${lab.closed} closed`].sort(),
    );
  });

  it("prints a readable table by default", async () => {
    const run = await runCli(["-p", `${lab.http},${lab.closed}`, "127.0.0.1"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PORT\s+STATE\s+REASON\s+LATENCY\s+SERVICE$/m);
    expect(run.stdout).toMatch(new RegExp(`^${lab.http}/tcp\\s+open\\s+syn-ack\\s+[\\d.]+ ms\\s+http 200 "Core Systems Lab" lab-http/1.0$`, "m"));
    expect(run.stdout).toMatch(new RegExp(`^${lab.closed}/tcp\\s+closed\\s+conn-refused`, "m"));
  });

  it("prints help and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: npm run scan -- [options] [targets…]");
  });

  it.each([
    [["-p", "0"], 'error: --ports: Expected ports from 1 to 65535 but found 0 in "0"'],
    [["-p", "65536"], 'error: --ports: Expected ports from 1 to 65535 but found 65536 in "65536"'],
    [["-p", "9-3"], 'error: --ports: Expected a range low-high with low <= high but found "9-3"'],
    [["-p", "abc"], 'error: --ports: Expected a port number or a range like 8000-8100 but found "abc"'],
    [["-p", ""], "error: --ports: Expected a port spec but found an empty string"],
    [["--udp", "53,,"], 'error: --udp: Expected a port or range but found an empty item at position 2 in "53,,"'],
    [["--top-ports", "0"], '--top-ports expects an integer from 1 to'],
    [["--concurrency", "many"], 'error: --concurrency expects an integer from 1 to 65535 but got "many"'],
    [["255.255.255.255"], "error: Refusing to scan broadcast address 255.255.255.255"],
    [["224.0.0.1"], "error: Refusing to scan multicast address 224.0.0.1"],
    [["10.0.0.0/16"], 'error: Expected a block of at most 256 addresses (/24 or longer) but found /16 in "10.0.0.0/16"'],
    [["--threads", "0"], 'error: --threads expects an integer from 1 to 16 but got "0"'],
    [["--json", "--ndjson"], "error: --json and --ndjson are exclusive: pick one"],
    [["--bogus"], "error: Unknown option '--bogus'"],
  ])("rejects %j with one line on stderr and exit code 2", async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
    expect(lines[0]).toMatch(/^error: /);
  });
});
