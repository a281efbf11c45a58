import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFileCount, openFileLimit, safeConcurrency } from "../../src/scanner/fd-limit";
import { startLabServices, type LabServices } from "../../src/scanner/lab-services";
import { portsSparingOthers } from "../../src/scanner/listeners";
import { formatPortSpec } from "../../src/scanner/ports";
import { CLI, runShell } from "./run-cli";

let lab: LabServices;
let own: number[];
let spec: string;
beforeAll(async () => {
  lab = await startLabServices();
  own = [lab.http, lab.redirect, lab.https, lab.banner, lab.silent].sort((a, b) => a - b);
  // The ephemeral range holds our servers; other processes' listeners are left out.
  spec = formatPortSpec(portsSparingOthers(32768, 60999, own));
});
afterAll(async () => {
  await lab.close();
});

describe("open-file limit", () => {
  it("reads the soft limit and the descriptors in use", () => {
    expect(openFileLimit()).toBeGreaterThan(0);
    expect(openFileCount()).toBeGreaterThan(2);
  });

  it("caps concurrency below what is left of the limit", () => {
    expect(safeConcurrency(1000, { limit: 256, open: 20, reserve: 36 })).toBe(200);
    expect(safeConcurrency(50, { limit: 256, open: 20, reserve: 36 })).toBe(50);
    expect(safeConcurrency(1000, { limit: 40, open: 20, reserve: 36 })).toBe(1);
  });

  it("a scan at concurrency 1000 under ulimit -n 256 finds exactly the open ports", async () => {
    const run = await runShell(`ulimit -n 256 && exec "$@"`, [...CLI, "--json", "--open", "--no-fingerprint", "--concurrency", "1000", "-p", spec, "127.0.0.1"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { hosts: { ports: { port: number; state: string }[] }[] };
    expect(doc.hosts[0]!.ports.map((p) => p.port)).toEqual(own);
  });

  it("without the cap, EMFILE makes the scan back off, and it still finds exactly the open ports", async () => {
    const fewer = formatPortSpec([...own, ...portsSparingOthers(20000, 24999, own)]);
    const run = await runShell(`ulimit -n 256 && exec "$@"`, [process.execPath, "--import", "tsx", "test/scanner/uncapped-scan.ts", "127.0.0.1", fewer, "1000"]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { limit: number; open: number[]; states: string[]; stats: { resourceBackoffs: number } };
    expect(out.limit).toBe(256);
    expect(out.stats.resourceBackoffs).toBeGreaterThan(0);
    expect(out.open).toEqual(own);
    expect(out.states.sort()).toEqual(["closed", "open"]);
  });
});
