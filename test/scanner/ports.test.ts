import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_HTTP_PORTS, formatPortSpec, parsePortSpec, RANKED_PORTS, topPorts } from "../../src/scanner/ports";

describe("parsePortSpec", () => {
  it("reads single ports, lists and ranges, sorted and each once", () => {
    expect(parsePortSpec("80")).toEqual([80]);
    expect(parsePortSpec("443,80,80")).toEqual([80, 443]);
    expect(parsePortSpec("8000-8003,22")).toEqual([22, 8000, 8001, 8002, 8003]);
    expect(parsePortSpec(" 1 , 3-4 ")).toEqual([1, 3, 4]);
  });

  it("reads - as every port and open-ended ranges up to the limits", () => {
    const all = parsePortSpec("-");
    expect(all).toHaveLength(65535);
    expect([all[0], all.at(-1)]).toEqual([1, 65535]);
    expect(parsePortSpec("-3")).toEqual([1, 2, 3]);
    expect(parsePortSpec("65534-")).toEqual([65534, 65535]);
  });

  it.each([
    ["0", 'Expected ports from 1 to 65535 but found 0 in "0"'],
    ["65536", 'Expected ports from 1 to 65535 but found 65536 in "65536"'],
    ["80,1-70000", 'Expected ports from 1 to 65535 but found 70000 in "1-70000"'],
    ["9-3", 'Expected a range low-high with low <= high but found "9-3"'],
    ["abc", 'Expected a port number or a range like 8000-8100 but found "abc"'],
    ["80,http", 'Expected a port number or a range like 8000-8100 but found "http"'],
    ["", "Expected a port spec but found an empty string"],
    ["80,,443", 'Expected a port or range but found an empty item at position 2 in "80,,443"'],
  ])("rejects %j naming the bad part", (spec, message) => {
    expect(() => parsePortSpec(spec)).toThrow(message);
  });

  it("returns the union of any mix of ports and ranges, in order (property)", () => {
    const item = fc.oneof(
      fc.integer({ min: 1, max: 65535 }).map((p) => ({ text: `${p}`, ports: [p] })),
      fc
        .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 300 }))
        .map(([low, width]) => {
          const high = Math.min(65535, low + width);
          return { text: `${low}-${high}`, ports: Array.from({ length: high - low + 1 }, (_, i) => low + i) };
        }),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), (items) => {
        const expected = [...new Set(items.flatMap((i) => i.ports))].sort((a, b) => a - b);
        expect(parsePortSpec(items.map((i) => i.text).join(","))).toEqual(expected);
      }),
    );
  });

  it("rejects every number outside 1-65535 (property)", () => {
    const outside = fc.oneof(fc.constant(0), fc.integer({ min: 65536, max: 10_000_000 }));
    fc.assert(
      fc.property(outside, (n) => {
        expect(() => parsePortSpec(`${n}`)).toThrow(RangeError);
      }),
    );
  });

  it("round-trips with formatPortSpec (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 50 }), (ports) => {
        const sorted = [...ports].sort((a, b) => a - b);
        expect(parsePortSpec(formatPortSpec(ports))).toEqual(sorted);
      }),
    );
  });
});

describe("port lists", () => {
  it("formats consecutive ports as ranges", () => {
    expect(formatPortSpec([8002, 80, 8000, 443, 8001])).toBe("80,443,8000-8002");
  });

  it("default HTTP ports are valid, unique and include the IANA http/https ports", () => {
    expect(new Set(DEFAULT_HTTP_PORTS).size).toBe(DEFAULT_HTTP_PORTS.length);
    expect(DEFAULT_HTTP_PORTS.slice(0, 4)).toEqual([80, 443, 8080, 8443]);
    expect(parsePortSpec(DEFAULT_HTTP_PORTS.join(","))).toEqual([...DEFAULT_HTTP_PORTS].sort((a, b) => a - b));
  });

  it("top ports take the head of the ranked list, which has no repeats", () => {
    expect(new Set(RANKED_PORTS).size).toBe(RANKED_PORTS.length);
    expect(topPorts(3)).toEqual([80, 443, 22]);
    expect(topPorts(RANKED_PORTS.length)).toEqual(RANKED_PORTS);
    expect(() => topPorts(0)).toThrow(`Expected a top-ports count from 1 to ${RANKED_PORTS.length} but found 0`);
  });
});
