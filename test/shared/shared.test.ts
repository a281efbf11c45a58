import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInteger } from "../../src/shared/check";
import { intFlag, parseFlags, UsageError } from "../../src/shared/cli";
import { createRng } from "../../src/shared/random";
import { mean, median, quantile } from "../../src/shared/stats";
import { resized } from "../../src/shared/typed";

describe("createRng", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("keeps every draw inside its range", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, lo, span) => {
        const rng = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const u = rng.next();
          const k = rng.int(lo, lo + span);
          if (!(u >= 0 && u < 1) || k < lo || k > lo + span || !Number.isInteger(k)) return false;
          if (rng.exponential(3) < 0) return false;
        }
        return true;
      }),
    );
  });

  it("has a mean close to the requested one for exponential draws", () => {
    const rng = createRng(1);
    const xs = Array.from({ length: 20_000 }, () => rng.exponential(4));
    expect(mean(xs)).toBeGreaterThan(3.8);
    expect(mean(xs)).toBeLessThan(4.2);
  });

  it("rejects a non-integer seed", () => {
    expect(() => createRng(1.5)).toThrow(new TypeError("Expected seed to be an integer but found 1.5"));
  });

  it("refuses to pick from an empty array", () => {
    expect(() => createRng(1).pick([])).toThrow(new RangeError("Expected a non-empty array to pick from"));
  });
});

describe("stats", () => {
  it("computes mean, median and interpolated quantiles", () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8);
    expect(quantile([7], 0.3)).toBe(7);
    expect(Number.isNaN(mean([]))).toBe(true);
  });

  it("rejects a quantile outside [0, 1]", () => {
    expect(() => quantile([1], 1.5)).toThrow(new RangeError("Expected q in [0, 1] but found 1.5"));
  });
});

describe("cli helpers", () => {
  it("turns unknown flags into a one-line usage error", () => {
    expect(() => parseFlags(["--nope"], { json: { type: "boolean" } })).toThrow(UsageError);
    expect(() => parseFlags(["--nope"], { json: { type: "boolean" } })).toThrow(/Unknown option '--nope'/);
  });

  it("explains a value that starts with a dash instead of calling it ambiguous", () => {
    const options = { timeout: { type: "string" }, out: { type: "string" } } as const;
    expect(() => parseFlags(["--timeout", "-1"], options)).toThrow(
      new UsageError('--timeout got "-1", which looks like an option; to pass a value starting with a dash write --timeout=-1'),
    );
    expect(() => parseFlags(["--timeout", "--out", "x"], options)).toThrow(
      new UsageError("--timeout needs a value but is followed by the option --out"),
    );
    expect(() => parseFlags(["--timeout"], options)).toThrow(new UsageError("Option '--timeout <value>' argument missing"));
    expect(parseFlags(["--timeout=-1"], options).values.timeout).toBe("-1");
  });

  it("refuses an option given twice, naming both, unless it may repeat", () => {
    const options = { out: { type: "string" }, json: { type: "boolean" }, port: { type: "string", short: "p", multiple: true } } as const;
    expect(() => parseFlags(["--out", "a", "--out=b"], options)).toThrow(new UsageError("--out was given twice (--out a and --out b); give it once"));
    expect(() => parseFlags(["--json", "--no-json"], options)).toThrow(new UsageError("--json was given twice (--json and --no-json); give it once"));
    expect(parseFlags(["-p", "80", "--port", "81"], options).values.port).toEqual(["80", "81"]);
  });

  it("parses integer flags within bounds and names the flag otherwise", () => {
    expect(intFlag("seed", "42", 0, 0)).toBe(42);
    expect(intFlag("seed", undefined, 9, 0)).toBe(9);
    expect(() => intFlag("workers", "0", 1, 1, 64)).toThrow(new UsageError('--workers expects an integer from 1 to 64 but got "0"'));
    expect(() => intFlag("workers", "2.5", 1, 1, 64)).toThrow('--workers expects an integer from 1 to 64 but got "2.5"');
  });
});

describe("checkInteger", () => {
  it("accepts integers within bounds, inclusive", () => {
    expect(() => checkInteger("workers", 1, 1, 64)).not.toThrow();
    expect(() => checkInteger("workers", 64, 1, 64)).not.toThrow();
  });

  it("names the value and the range for anything else", () => {
    expect(() => checkInteger("workers", 65, 1, 64)).toThrow(new RangeError("Expected workers to be an integer from 1 to 64 but found 65"));
    expect(() => checkInteger("records", 2.5, 1, 100_000)).toThrow("Expected records to be an integer from 1 to 100000 but found 2.5");
    expect(() => checkInteger("n", Number.NaN, 0, 1)).toThrow("Expected n to be an integer from 0 to 1 but found NaN");
  });
});

describe("resized", () => {
  it("keeps the first entries, fills the rest, and keeps the array type", () => {
    const out = resized(Int32Array.of(1, 2, 3), 5, 2, -1);
    expect(out).toBeInstanceOf(Int32Array);
    expect(Array.from(out)).toEqual([1, 2, -1, -1, -1]);
    expect(Array.from(resized(Float64Array.of(0.5), 3))).toEqual([0.5, 0, 0]);
  });
});
