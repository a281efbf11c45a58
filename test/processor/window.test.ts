import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { firstWindowEnd, parseDuration, windowSpec, windowStartsOf } from "../../src/processor";

describe("windows", () => {
  test("tumbling windows are aligned to multiples of the size from epoch 0", () => {
    const spec = windowSpec(1000);
    expect(windowStartsOf(0, spec)).toEqual([0]);
    expect(windowStartsOf(999, spec)).toEqual([0]);
    expect(windowStartsOf(1000, spec)).toEqual([1000]);
    expect(firstWindowEnd(999, spec)).toBe(1000);
  });

  test("a sliding window of 1 s every 500 ms holds each reading twice", () => {
    const spec = windowSpec(1000, 500);
    expect(windowStartsOf(1200, spec)).toEqual([500, 1000]);
    expect(windowStartsOf(1000, spec)).toEqual([500, 1000]);
    expect(firstWindowEnd(1200, spec)).toBe(1500);
  });

  test("bad sizes are refused with the value named", () => {
    expect(() => windowSpec(0)).toThrow(new RangeError("Expected window size to be a positive integer of ms but found 0"));
    expect(() => windowSpec(1000, 1500)).toThrow(
      new RangeError("Expected slide to be a positive integer of ms no larger than the window (1000) but found 1500"),
    );
  });

  test("every window containing t starts at or before t and ends after it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (t, a, b) => {
        const spec = windowSpec(Math.max(a, b), Math.min(a, b));
        const starts = windowStartsOf(t, spec);
        expect(starts.length).toBeGreaterThan(0);
        for (const s of starts) {
          expect(s % spec.slide === 0).toBe(true);
          expect(s <= t && t < s + spec.size).toBe(true);
        }
        // no window just before or after the range contains t
        expect(starts[0]! - spec.slide + spec.size <= t).toBe(true);
        expect(starts[starts.length - 1]! + spec.slide > t).toBe(true);
      }),
    );
  });
});

describe("durations", () => {
  test("accept ms, s and m suffixes", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("2s")).toBe(2000);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("250")).toBe(250);
  });

  test("refuse anything else, quoting it", () => {
    expect(() => parseDuration("1h")).toThrow(new RangeError('Expected a duration like 500ms, 1s or 2m but found "1h"'));
    expect(() => parseDuration("0.5ms")).toThrow(new RangeError('Expected a whole number of milliseconds but "0.5ms" is 0.5 ms'));
  });

  test("refuse more than 365 days, or more than a given limit", () => {
    expect(parseDuration("525600m")).toBe(365 * 86_400_000);
    expect(() => parseDuration("525601m")).toThrow(new RangeError('Expected a duration of at most 31536000000 ms but found "525601m"'));
    expect(() => parseDuration("99999999999999999999m")).toThrow(RangeError);
    expect(() => parseDuration("9".repeat(400))).toThrow(/^Expected a duration of at most 31536000000 ms/);
    expect(() => parseDuration("61s", 60_000)).toThrow(new RangeError('Expected a duration of at most 60000 ms but found "61s"'));
  });
});
