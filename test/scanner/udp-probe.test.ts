import { createSocket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabServices, type LabServices } from "../../src/scanner/lab-services";
import { udpProbe } from "../../src/scanner/udp-probe";

let lab: LabServices;
beforeAll(async () => {
  lab = await startLabServices();
});
afterAll(async () => {
  await lab.close();
});

describe("udpProbe", () => {
  it("calls a port that replies open and one answered by port-unreachable closed", async () => {
    const results = await udpProbe(lab.address, [lab.udpEcho, lab.closed], { timeoutMs: 500 });
    const byPort = new Map(results.map((r) => [r.port, r]));
    expect(byPort.get(lab.udpEcho)).toMatchObject({ protocol: "udp", state: "open", reason: "udp-response" });
    expect(byPort.get(lab.closed)).toMatchObject({ protocol: "udp", state: "closed", reason: "port-unreach" });
    expect(byPort.get(lab.closed)!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("calls a listener that never replies open|filtered, with no latency", async () => {
    const mute = createSocket("udp4");
    await new Promise<void>((resolve) => mute.bind(0, "127.0.0.1", () => resolve()));
    try {
      const [result] = await udpProbe("127.0.0.1", [mute.address().port], { timeoutMs: 100, retries: 1 });
      expect(result).toEqual({ port: mute.address().port, protocol: "udp", state: "open|filtered", reason: "no-response", latencyMs: null });
    } finally {
      mute.close();
    }
  });

  it("probes IPv6 loopback", async () => {
    const [result] = await udpProbe("::1", [lab.closed], { timeoutMs: 500 });
    expect(result).toMatchObject({ state: "closed", reason: "port-unreach" });
  });

  it("rejects a hostname and bad options", async () => {
    await expect(udpProbe("localhost", [53])).rejects.toThrow('Expected an IP address but found "localhost"');
    await expect(udpProbe("127.0.0.1", [53], { timeoutMs: 0 })).rejects.toThrow("Expected timeoutMs to be a positive integer but found 0");
  });
});
