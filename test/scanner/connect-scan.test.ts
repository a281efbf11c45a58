import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectScan, isSelfConnect } from "../../src/scanner/connect-scan";
import { startLabServices, type LabServices } from "../../src/scanner/lab-services";
import type { PortResult } from "../../src/scanner/types";
import { loopbackListeners, portsSparingOthers } from "../../src/scanner/listeners";

let lab: LabServices;
beforeAll(async () => {
  lab = await startLabServices();
});
afterAll(async () => {
  await lab.close();
});

const openPorts = (results: readonly PortResult[]) => results.filter((r) => r.state === "open").map((r) => r.port);

describe("connectScan", () => {
  it("calls a listening port open (syn-ack) and a refused one closed (conn-refused), with latencies", async () => {
    const { results } = await connectScan(lab.address, [lab.http, lab.silent, lab.closed]);
    const byPort = new Map(results.map((r) => [r.port, r]));
    for (const port of [lab.http, lab.silent]) {
      expect(byPort.get(port)).toMatchObject({ port, protocol: "tcp", state: "open", reason: "syn-ack" });
      expect(byPort.get(port)!.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(byPort.get(lab.closed)).toMatchObject({ state: "closed", reason: "conn-refused" });
    expect(byPort.get(lab.closed)!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("streams every result through onResult and returns them sorted by port", async () => {
    const seen: number[] = [];
    const ports = [lab.closed, lab.http, lab.banner];
    const { results } = await connectScan(lab.address, ports, { onResult: (r) => seen.push(r.port) });
    expect([...seen].sort((a, b) => a - b)).toEqual([...ports].sort((a, b) => a - b));
    expect(results.map((r) => r.port)).toEqual([...ports].sort((a, b) => a - b));
  });

  it("gives the same answers through net.Socket as through the TCP handle", async () => {
    const ports = [lab.http, lab.https, lab.closed];
    const viaHandle = await connectScan(lab.address, ports, { engine: "handle" });
    const viaSocket = await connectScan(lab.address, ports, { engine: "socket" });
    const states = (s: typeof viaHandle) => s.results.map((r) => [r.port, r.state, r.reason]);
    expect(states(viaSocket)).toEqual(states(viaHandle));
  });

  it("scans IPv6 loopback", async () => {
    const { results } = await connectScan("::1", [lab.closed]);
    expect(results).toEqual([expect.objectContaining({ port: lab.closed, state: "closed", reason: "conn-refused" })]);
  });

  it("reports no phantom open ports across the ephemeral range, where self-connects happen", async () => {
    const own = [lab.http, lab.https, lab.banner, lab.silent, lab.redirect];
    // Only our own servers and empty ports: other processes' listeners are left alone.
    const ports = portsSparingOthers(32768, 60999, own);
    const { results, stats } = await connectScan("127.0.0.1", ports, { concurrency: 256 });
    const startedListening = loopbackListeners();
    expect(results).toHaveLength(ports.length);
    for (const port of openPorts(results)) {
      expect(own.includes(port) || startedListening.has(port), `phantom open port ${port}`).toBe(true);
    }
    expect(openPorts(results)).toEqual(expect.arrayContaining(own));
    expect(stats.attempts).toBe(ports.length + stats.selfConnects + stats.resourceBackoffs + stats.timeoutRetries);
  });

  it("rejects bad options and hostnames with messages naming them", () => {
    expect(() => connectScan("localhost", [80])).toThrow('Expected an IP address (resolve hostnames first) but found "localhost"');
    expect(() => connectScan("127.0.0.1", [80], { timeoutMs: 0 })).toThrow("Expected timeoutMs to be a positive integer but found 0");
    expect(() => connectScan("127.0.0.1", [80], { retries: -1 })).toThrow("Expected retries to be a non-negative integer but found -1");
    expect(() => connectScan("127.0.0.1", [80], { concurrency: 0 })).toThrow("Expected concurrency to be an integer of at least 1 but found 0");
  });
});

describe("isSelfConnect", () => {
  it("recognises a socket connected to itself by TCP simultaneous open", async () => {
    const port = lab.closed;
    const socket = connect({ port, host: "127.0.0.1", localPort: port, localAddress: "127.0.0.1" });
    const outcome = await new Promise<{ code: null; localPort: number; localAddress: string }>((resolve, reject) => {
      socket.once("connect", () => resolve({ code: null, localPort: socket.localPort!, localAddress: socket.localAddress! }));
      socket.once("error", reject);
    });
    socket.resetAndDestroy();
    expect(isSelfConnect(outcome, "127.0.0.1", port)).toBe(true);
    expect(isSelfConnect({ ...outcome, localPort: port + 1 }, "127.0.0.1", port)).toBe(false);
    expect(isSelfConnect(outcome, "127.0.0.2", port)).toBe(false);
  });
});

describe("loopbackListeners", () => {
  it("sees our listeners in the kernel's table and not a released port", () => {
    const listening = loopbackListeners();
    for (const port of [lab.http, lab.https, lab.banner, lab.silent, lab.redirect]) expect(listening.has(port)).toBe(true);
    expect(listening.has(lab.closed)).toBe(false);
  });
});
