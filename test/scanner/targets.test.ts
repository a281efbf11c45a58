import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandCidr, formatIpv6, parseIpv6, parseTarget, resolveTargets } from "../../src/scanner/targets";

describe("parseTarget", () => {
  it("classifies IPv4 and IPv6 literals, bracketed or not", () => {
    expect(parseTarget("127.0.0.1")).toEqual({ kind: "address", text: "127.0.0.1", address: "127.0.0.1", family: 4 });
    expect(parseTarget("::1")).toMatchObject({ kind: "address", address: "::1", family: 6 });
    expect(parseTarget("[0:0:0:0:0:0:0:1]")).toMatchObject({ kind: "address", address: "::1", family: 6 });
  });

  it("classifies hostnames, lower-cased", () => {
    expect(parseTarget("LocalHost")).toEqual({ kind: "hostname", text: "LocalHost", hostname: "localhost" });
    expect(parseTarget("lab.example.test")).toMatchObject({ kind: "hostname" });
  });

  it("expands small CIDR blocks without network and broadcast addresses", () => {
    expect(parseTarget("127.0.0.0/30")).toMatchObject({ kind: "cidr", addresses: ["127.0.0.1", "127.0.0.2"], family: 4 });
    expect(expandCidr("127.0.0.5/32").addresses).toEqual(["127.0.0.5"]);
    expect(expandCidr("127.0.0.4/31").addresses).toEqual(["127.0.0.4", "127.0.0.5"]);
    expect(expandCidr("127.0.0.0/24").addresses).toHaveLength(254);
    expect(expandCidr("::1/127").addresses).toEqual(["::", "::1"]);
    expect(expandCidr("fd00::/126").addresses).toEqual(["fd00::", "fd00::1", "fd00::2", "fd00::3"]);
  });

  it.each([
    ["255.255.255.255", "Refusing to scan broadcast address 255.255.255.255"],
    ["224.0.0.1", "Refusing to scan multicast address 224.0.0.1"],
    ["239.255.255.250", "Refusing to scan multicast address 239.255.255.250"],
    ["ff02::1", "Refusing to scan multicast address ff02::1"],
    ["0.0.0.0", "Refusing to scan unspecified address 0.0.0.0"],
    ["224.0.0.0/24", 'Refusing to scan multicast block "224.0.0.0/24"'],
    ["10.0.0.0/16", 'Expected a block of at most 256 addresses (/24 or longer) but found /16 in "10.0.0.0/16"'],
    ["fd00::/64", 'Expected a block of at most 256 addresses (/120 or longer) but found /64 in "fd00::/64"'],
    ["127.0.0.0/33", 'Expected a prefix from 0 to 32 but found /33 in "127.0.0.0/33"'],
    ["127.0.0/24", 'Expected a CIDR block like 127.0.0.0/30 but found "127.0.0/24"'],
    ["300.1.1.1", 'Expected an IP address, a CIDR block or a hostname but found "300.1.1.1"'],
    ["host_name!", 'Expected an IP address, a CIDR block or a hostname but found "host_name!"'],
    ["", "Expected a target but found an empty string"],
  ])("rejects %j naming the bad part", (text, message) => {
    expect(() => parseTarget(text)).toThrow(message);
  });

  it("expands any IPv4 block of /24-/32 to the hosts inside it, in order (property)", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 24, max: 32 }), (ip, prefix) => {
        const first = ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
        fc.pre(first >>> 28 !== 0xe);
        const { addresses } = expandCidr(`${ip}/${prefix}`);
        const size = 2 ** (32 - prefix);
        expect(addresses).toHaveLength(size > 2 ? size - 2 : size);
        const numbers = addresses.map((a) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0));
        const network = Math.floor(first / size) * size;
        numbers.forEach((n, i) => expect(n).toBe(network + (size > 2 ? 1 : 0) + i));
      }),
    );
  });

  it("accepts every IPv4 literal outside multicast and broadcast as itself (property)", () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        fc.pre(Number(ip.split(".")[0]) < 224 && ip !== "0.0.0.0");
        expect(parseTarget(ip)).toEqual({ kind: "address", text: ip, address: ip, family: 4 });
      }),
    );
  });

  it("formats IPv6 canonically and parses its own output back (property)", () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const n = parseIpv6(ip);
        expect(parseIpv6(formatIpv6(n))).toBe(n);
        expect(formatIpv6(n)).toBe(formatIpv6(parseIpv6(formatIpv6(n))));
      }),
    );
  });
});

describe("resolveTargets", () => {
  it("defaults to 127.0.0.1", async () => {
    expect(await resolveTargets([])).toEqual([{ target: "127.0.0.1", address: "127.0.0.1", family: 4 }]);
  });

  it("resolves a hostname once and drops repeated addresses", async () => {
    const asked: string[] = [];
    const lookup = async (name: string) => {
      asked.push(name);
      return { address: "127.0.0.1", family: 4 };
    };
    const resolved = await resolveTargets(["lab.test", "127.0.0.1", "127.0.0.0/30"], { lookup });
    expect(asked).toEqual(["lab.test"]);
    expect(resolved).toEqual([
      { target: "lab.test", address: "127.0.0.1", family: 4 },
      { target: "127.0.0.0/30", address: "127.0.0.2", family: 4 },
    ]);
  });

  it("resolves localhost from the hosts file to a loopback address", async () => {
    const [t] = await resolveTargets(["localhost"]);
    expect(["127.0.0.1", "::1"]).toContain(t!.address);
  });

  it("reports an unknown host in one line", async () => {
    const lookup = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(resolveTargets(["nowhere.test"], { lookup })).rejects.toThrow('Cannot resolve hostname "nowhere.test" (ENOTFOUND)');
  });

  it("refuses a hostname that resolves to a multicast address", async () => {
    const lookup = async () => ({ address: "224.0.0.251", family: 4 });
    await expect(resolveTargets(["mdns.test"], { lookup })).rejects.toThrow("Refusing to scan multicast address 224.0.0.251");
  });
});
