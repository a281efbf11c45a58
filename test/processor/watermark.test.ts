import fc from "fast-check";
import { expect, test } from "vitest";
import { WatermarkTracker } from "../../src/processor";

test("the watermark trails the slowest active sensor by the out-of-orderness bound", () => {
  const wm = new WatermarkTracker({ outOfOrderness: 100, idleTimeout: 5000 });
  expect(wm.advance()).toBe(-Infinity);
  wm.observe(0, 1000);
  wm.observe(1, 1500);
  expect(wm.advance()).toBe(900);
  wm.observe(0, 2000);
  expect(wm.advance()).toBe(1400);
});

test("an idle sensor stops holding the watermark back", () => {
  const wm = new WatermarkTracker({ idleTimeout: 2000 });
  wm.observe(0, 1000);
  wm.observe(1, 1000);
  wm.observe(1, 2500);
  expect(wm.advance()).toBe(1000);
  wm.observe(1, 3001);
  expect(wm.advance()).toBe(3001);
});

test("the watermark never goes backwards", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 100_000 })), { maxLength: 200 }), (obs) => {
      const wm = new WatermarkTracker({ outOfOrderness: 50, idleTimeout: 1000 });
      let prev = -Infinity;
      for (const [s, t] of obs) {
        wm.observe(s, t);
        const now = wm.advance();
        expect(now).toBeGreaterThanOrEqual(prev);
        expect(now).toBeLessThanOrEqual(wm.newestEventTime - 50);
        prev = now;
      }
    }),
  );
});

test("bad bounds are refused", () => {
  expect(() => new WatermarkTracker({ outOfOrderness: -1 })).toThrow(new RangeError("Expected outOfOrderness >= 0 ms but found -1"));
  expect(() => new WatermarkTracker({ idleTimeout: 0 })).toThrow(new RangeError("Expected idleTimeout > 0 ms but found 0"));
});
