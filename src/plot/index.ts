export type { ChartTitles, Figure, Layout, Trace, XYSeries } from "./figure";
export { lineChart, type LineOptions } from "./line";
export { scatterChart, type ScatterOptions } from "./scatter";
export { barChart, type BarOptions, type BarSeries } from "./bar";
export { histogram, type HistogramOptions } from "./histogram";
export { heatmap, type HeatmapOptions } from "./heatmap";
export { timeline, type Interval, type TimelineOptions } from "./timeline";
export { show, showMarkdown, summarize, inKernel, PLOTLY_MIMETYPE } from "./show";
