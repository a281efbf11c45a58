import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabServices, type LabServices } from "../../src/scanner/lab-services";
import { scanHost, scanHosts } from "../../src/scanner/scan";
import type { PortResult } from "../../src/scanner/types";

let lab: LabServices;
beforeAll(async () => {
  lab = await startLabServices();
});
afterAll(async () => {
  await lab.close();
});

const target = { target: "127.0.0.1", address: "127.0.0.1", family: 4 } as const;

describe("scanHost", () => {
  it("streams each port once, open ones with their fingerprint, and reports TCP then UDP by port", async () => {
    const streamed: PortResult[] = [];
    const report = await scanHost(target, {
      ports: [lab.banner, lab.http, lab.closed],
      udpPorts: [lab.udpEcho],
      timeoutMs: 500,
      onPort: (t, r) => {
        expect(t).toBe(target);
        streamed.push(r);
      },
    });
    expect(streamed).toHaveLength(4);
    expect(report.ports.map((p) => `${p.protocol}/${p.port}`)).toEqual([
      ...[lab.banner, lab.http, lab.closed].sort((a, b) => a - b).map((p) => `tcp/${p}`),
      `udp/${lab.udpEcho}`,
    ]);
    const http = streamed.find((p) => p.port === lab.http && p.protocol === "tcp");
    expect(http?.service?.http?.title).toBe("Core Systems Lab");
    expect(streamed.find((p) => p.port === lab.banner)?.service).toEqual({ banner: "SSH-2.0-LabSSH_1.0" });
    expect(report).toMatchObject({ target: "127.0.0.1", address: "127.0.0.1", startedAt: expect.any(String), durationMs: expect.any(Number) });
  });

  it("leaves services out when fingerprinting is off", async () => {
    const report = await scanHost(target, { ports: [lab.http], fingerprint: false });
    expect(report.ports).toEqual([{ port: lab.http, protocol: "tcp", state: "open", reason: "syn-ack", latencyMs: expect.any(Number) }]);
  });

  it("scans several hosts one after another", async () => {
    const reports = await scanHosts([target, { target: "::1", address: "::1", family: 6 }], { ports: [lab.closed] });
    expect(reports.map((r) => [r.address, r.ports[0]!.state])).toEqual([
      ["127.0.0.1", "closed"],
      ["::1", "closed"],
    ]);
  });
});
