import { describe, expect, it, vi } from "vitest";
import { barChart, heatmap, histogram, lineChart, scatterChart, show, summarize, timeline } from "../../src/plot";

const axisTitle = (layout: Record<string, unknown>, axis: "xaxis" | "yaxis") =>
  ((layout[axis] as { title: { text: string } }).title.text);

describe("lineChart", () => {
  it("makes one line trace per series with titled axes", () => {
    const fig = lineChart({
      title: "Latency",
      xTitle: "time (ms)",
      yTitle: "delay (ms)",
      series: [
        { name: "a", x: [0, 1, 2], y: [3, 4, 5] },
        { name: "b", x: [0, 1], y: [1, 1] },
      ],
    });
    expect(fig.data.map((t) => [t.type, t.mode, t.name])).toEqual([
      ["scatter", "lines+markers", "a"],
      ["scatter", "lines+markers", "b"],
    ]);
    expect(fig.data[0]!.y).toEqual([3, 4, 5]);
    expect(fig.layout.title).toEqual({ text: "Latency" });
    expect(axisTitle(fig.layout, "xaxis")).toBe("time (ms)");
    expect(axisTitle(fig.layout, "yaxis")).toBe("delay (ms)");
  });

  it("accepts no series and yields an empty figure", () => {
    expect(lineChart({ title: "empty", series: [] }).data).toEqual([]);
  });

  it("marks reference lines at their x on a linear axis", () => {
    const fig = lineChart({ title: "t", series: [], vlines: [{ x: 256, label: "fd limit" }] });
    expect((fig.layout.shapes as { x0: number; x1: number }[])[0]).toMatchObject({ x0: 256, x1: 256 });
    expect((fig.layout.annotations as { x: number; text: string }[])[0]).toMatchObject({ x: 256, text: "fd limit" });
  });

  it("places reference lines in log10 units on a log x axis, as plotly expects", () => {
    const fig = lineChart({ title: "t", series: [], vlines: [{ x: 1000, label: "limit" }], logX: true });
    expect((fig.layout.xaxis as { type: string }).type).toBe("log");
    expect((fig.layout.shapes as { x0: number; x1: number }[])[0]).toMatchObject({ x0: 3, x1: 3 });
    expect((fig.layout.annotations as { x: number }[])[0]!.x).toBe(3);
  });

  it("rejects a series whose x and y lengths differ", () => {
    expect(() => lineChart({ title: "t", series: [{ name: "s", x: [1, 2], y: [1] }] })).toThrow(
      new RangeError('Expected series "s" to have as many x as y values but found 2 x and 1 y'),
    );
  });

  it("rejects an empty title", () => {
    expect(() => lineChart({ title: "", series: [] })).toThrow(new TypeError("Expected a non-empty chart title"));
  });
});

describe("scatterChart", () => {
  it("draws markers only, with hover text", () => {
    const fig = scatterChart({ title: "s", series: [{ name: "p", x: [1], y: [2], text: ["port 80"] }], xTitle: "port" });
    expect(fig.data[0]).toMatchObject({ type: "scatter", mode: "markers", x: [1], y: [2], text: ["port 80"] });
    expect(axisTitle(fig.layout, "xaxis")).toBe("port");
  });
});

describe("barChart", () => {
  it("groups series by default and stacks on request", () => {
    const options = {
      title: "b",
      categories: ["fifo", "rr"],
      series: [
        { name: "response", values: [10, 2] },
        { name: "turnaround", values: [20, 25] },
      ],
    };
    const grouped = barChart(options);
    expect(grouped.layout.barmode).toBe("group");
    expect(grouped.data.map((t) => [t.x, t.y])).toEqual([
      [["fifo", "rr"], [10, 2]],
      [["fifo", "rr"], [20, 25]],
    ]);
    expect(barChart({ ...options, mode: "stack" }).layout.barmode).toBe("stack");
  });

  it("swaps axes for horizontal bars", () => {
    const fig = barChart({ title: "h", categories: ["x"], series: [{ name: "s", values: [5] }], horizontal: true });
    expect(fig.data[0]).toMatchObject({ orientation: "h", x: [5], y: ["x"] });
  });

  it("rejects a series with a value count different from the categories", () => {
    expect(() => barChart({ title: "b", categories: ["a", "b"], series: [{ name: "s", values: [1] }] })).toThrow(
      new RangeError('Expected series "s" to have 2 values (one per category) but found 1'),
    );
  });
});

describe("histogram", () => {
  it("passes samples and the bin count, overlaying several series", () => {
    const fig = histogram({ title: "h", xTitle: "ms", series: [{ name: "a", values: [1, 2] }, { name: "b", values: [3] }], bins: 10 });
    expect(fig.data.map((t) => [t.type, t.x, t.nbinsx, t.opacity])).toEqual([
      ["histogram", [1, 2], 10, 0.6],
      ["histogram", [3], 10, 0.6],
    ]);
    expect(fig.layout.barmode).toBe("overlay");
    expect(axisTitle(fig.layout, "yaxis")).toBe("count");
  });

  it("rejects a bin count that is not a positive integer", () => {
    expect(() => histogram({ title: "h", series: [], bins: 0 })).toThrow(
      new RangeError("Expected bins to be an integer greater than 0 but found 0"),
    );
  });
});

describe("heatmap", () => {
  it("keeps the matrix shape and labels", () => {
    const fig = heatmap({ title: "m", x: ["a", "b"], y: ["r1"], z: [[1, null]], colorTitle: "ms" });
    expect(fig.data[0]).toMatchObject({ type: "heatmap", x: ["a", "b"], y: ["r1"], z: [[1, null]] });
    expect((fig.data[0]!.colorbar as { title: { text: string } }).title.text).toBe("ms");
  });

  it("rejects a row of the wrong length", () => {
    expect(() => heatmap({ title: "m", x: ["a", "b"], y: ["r"], z: [[1]] })).toThrow(
      new RangeError("Expected row 0 of z to have 2 values but found 1"),
    );
  });

  it("rejects a row count different from the y labels", () => {
    expect(() => heatmap({ title: "m", x: [], y: ["r", "s"], z: [[]] })).toThrow(
      new RangeError("Expected 2 rows in z (one per y label) but found 1"),
    );
  });
});

describe("timeline", () => {
  const intervals = [
    { lane: "CPU 0", start: 0, end: 3, group: "A", label: "A" },
    { lane: "CPU 0", start: 3, end: 5, group: "B" },
    { lane: "CPU 1", start: 1, end: 4, group: "A", hover: "A on CPU 1" },
  ];

  it("draws one horizontal bar trace per group, based at each interval's start", () => {
    const fig = timeline({ title: "Gantt", xTitle: "time (ticks)", intervals });
    expect(fig.data.map((t) => t.name)).toEqual(["A", "B"]);
    expect(fig.data[0]).toMatchObject({ type: "bar", orientation: "h", y: ["CPU 0", "CPU 1"], x: [3, 3], base: [0, 1] });
    expect(fig.data[0]!.text).toEqual(["A", ""]);
    expect(fig.data[0]!.hovertext).toEqual(["A: 0–3", "A on CPU 1"]);
    expect(fig.data[1]).toMatchObject({ x: [2], base: [3] });
  });

  it("orders lanes top to bottom by first appearance unless told otherwise", () => {
    const yaxis = (f: ReturnType<typeof timeline>) => f.layout.yaxis as { categoryarray: string[]; autorange: string };
    expect(yaxis(timeline({ title: "g", intervals })).categoryarray).toEqual(["CPU 0", "CPU 1"]);
    expect(yaxis(timeline({ title: "g", intervals, lanes: ["CPU 1", "CPU 0"] })).categoryarray).toEqual(["CPU 1", "CPU 0"]);
    expect(yaxis(timeline({ title: "g", intervals })).autorange).toBe("reversed");
  });

  it("groups by lane when no group is given, and accepts no intervals", () => {
    expect(timeline({ title: "g", intervals: [{ lane: "w1", start: 0, end: 1 }] }).data[0]!.name).toBe("w1");
    expect(timeline({ title: "g", intervals: [] }).data).toEqual([]);
  });

  it("rejects an interval that ends before it starts", () => {
    expect(() => timeline({ title: "g", intervals: [{ lane: "x", start: 5, end: 2 }] })).toThrow(
      new RangeError('Expected interval on lane "x" to have finite start <= end but found 5..2'),
    );
  });
});

describe("show outside a kernel", () => {
  it("prints a one-line summary instead of throwing", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      show(lineChart({ title: "Queue depth", series: [{ name: "q", x: [1, 2, 3], y: [1, 2, 3] }] }));
      expect(log).toHaveBeenCalledWith("[figure] Queue depth: 1 trace(s) (scatter), 3 point(s)");
    } finally {
      log.mockRestore();
    }
  });

  it("summarises figures without traces", () => {
    expect(summarize(barChart({ title: "none", categories: [], series: [] }))).toBe("[figure] none: 0 trace(s) (no traces), 0 point(s)");
  });
});
