import { describe, expect, it } from "vitest";
import { formatSystemInfo, parseOsRelease, systemInfo } from "../../src/scanner/system-info";

describe("systemInfo", () => {
  it("describes this machine with every field filled in", () => {
    const info = systemInfo();
    expect(info.hostname.length).toBeGreaterThan(0);
    expect(info.platform).toBe(process.platform);
    expect(info.arch).toBe(process.arch);
    expect(info.cpuCount).toBeGreaterThan(0);
    expect(info.memoryTotalBytes).toBeGreaterThan(info.memoryFreeBytes);
    expect(info.loadAverage).toHaveLength(3);
    expect(info.nodeVersion).toBe(process.version);
    expect(info.interfaces).toContainEqual(expect.objectContaining({ address: "127.0.0.1", family: "IPv4", internal: true }));
  });

  it("formats as aligned key: value lines", () => {
    const text = formatSystemInfo(systemInfo());
    expect(text.split("\n")[0]).toMatch(/^hostname\s+\S/);
    expect(text).toMatch(new RegExp(`^node\\s+${process.version.replace(/\./g, "\\.")}$`, "m"));
  });
});

describe("parseOsRelease", () => {
  it("reads quoted and unquoted values and skips comments", () => {
    const text = '# comment\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nNAME=\'Debian\'\nVERSION="12 \\"x\\""\n';
    expect(parseOsRelease(text)).toEqual({ PRETTY_NAME: "Debian GNU/Linux 12 (bookworm)", ID: "debian", NAME: "Debian", VERSION: '12 "x"' });
  });
});
