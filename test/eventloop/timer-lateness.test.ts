import { describe, expect, it } from "vitest";
import { measureTimerLateness } from "../../src/eventloop";
import { median } from "../../src/shared/stats";

describe("measureTimerLateness", () => {
  it("samples a timer across the duration, each due one interval after the last ran", async () => {
    const samples = await measureTimerLateness({ durationMs: 100, intervalMs: 10 });
    expect(samples[0]!.dueMs).toBe(10);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < samples.length; i++) {
      const previous = samples[i - 1]!;
      // Due 10 ms after the previous timer ran. A timer can fire up to a
      // millisecond early (lateness then reads 0), so allow that much below.
      expect(samples[i]!.dueMs).toBeLessThanOrEqual(previous.dueMs + previous.lateMs + 10 + 1e-6);
      expect(samples[i]!.dueMs).toBeGreaterThanOrEqual(previous.dueMs + 10 - 1.5);
    }
    expect(samples.every((s) => s.lateMs >= 0)).toBe(true);
    expect(samples.at(-1)!.dueMs).toBeLessThanOrEqual(100);
  });

  it("shows CPU-bound work on the same thread delaying timers by about its length", async () => {
    const idle = await measureTimerLateness({ durationMs: 200, intervalMs: 5 });
    const busy = await measureTimerLateness({ durationMs: 200, intervalMs: 5, busy: { everyMs: 40, forMs: 30 } });
    // A 30 ms spin must make some timer at least ~25 ms late; on an idle loop
    // the typical timer is nowhere near that.
    expect(Math.max(...busy.map((s) => s.lateMs))).toBeGreaterThan(25);
    expect(median(idle.map((s) => s.lateMs))).toBeLessThan(25);
  });

  it("rejects a duration outside 1..10000 ms", async () => {
    await expect(measureTimerLateness({ durationMs: 0 })).rejects.toThrow(
      new RangeError("Expected durationMs to be a number from 1 to 10000 but found 0"),
    );
  });

  it("rejects a busy period longer than a second", async () => {
    await expect(measureTimerLateness({ durationMs: 10, busy: { everyMs: 5, forMs: 5000 } })).rejects.toThrow(
      "Expected busy.forMs to be a number from 0 to 1000 but found 5000",
    );
  });
});
