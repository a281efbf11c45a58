import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectScan } from "../../src/scanner/connect-scan";
import { startLabServices, type LabServices } from "../../src/scanner/lab-services";
import { portsSparingOthers } from "../../src/scanner/listeners";
import { connectScanParallel } from "../../src/scanner/parallel-scan";

let lab: LabServices;
let own: number[];
beforeAll(async () => {
  lab = await startLabServices();
  own = [lab.http, lab.redirect, lab.https, lab.banner, lab.silent].sort((a, b) => a - b);
});
afterAll(async () => {
  await lab.close();
});

describe("connectScanParallel", () => {
  it("two threads give every port exactly the result one thread gives", async () => {
    const ports = portsSparingOthers(32768, 40999, own).concat(own.filter((p) => p > 40999));
    const streamed: number[] = [];
    const two = await connectScanParallel("127.0.0.1", ports, { threads: 2, onResult: (r) => streamed.push(r.port) });
    const one = await connectScan("127.0.0.1", ports);
    const summary = (s: typeof one) => s.results.map((r) => `${r.port} ${r.state} ${r.reason}`);
    expect(summary(two)).toEqual(summary(one));
    expect(streamed.sort((a, b) => a - b)).toEqual(two.results.map((r) => r.port));
    expect(two.results.filter((r) => r.state === "open").map((r) => r.port)).toEqual(own);
    expect(two.stats.attempts).toBe(ports.length + two.stats.selfConnects + two.stats.resourceBackoffs + two.stats.timeoutRetries);
  });

  it("uses one thread for a small scan by default", async () => {
    const { results } = await connectScanParallel(lab.address, [lab.http, lab.closed]);
    expect(results.map((r) => r.state)).toEqual(lab.http < lab.closed ? ["open", "closed"] : ["closed", "open"]);
  });

  it("rejects a thread count out of range", async () => {
    await expect(connectScanParallel(lab.address, [80], { threads: 0 })).rejects.toThrow('Expected threads to be "auto" or an integer from 1 to 16 but found 0');
  });
});
