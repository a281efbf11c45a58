// Public surface of the concurrent data processor.
export { SensorRegistry, ChunkBuilder, chunkOf, rejectReason, type Reading, type ReadingChunk, type DeadLetter } from "./reading";
export { parseDuration } from "./duration";
export { windowSpec, windowStartsOf, firstWindowEnd, firstWindowIndex, type WindowSpec } from "./window";
export { WatermarkTracker, type WatermarkOptions } from "./watermark";
export { SKETCH_RELATIVE_ACCURACY } from "./sketch";
export { aggregateBatch, mergeMoments, emptyWindowState, type PartialAggregates, type WindowState } from "./aggregate";
export { type WindowStats, type WindowRollup } from "./stats";
export { InlineAggregator, WorkerPool, defaultWorkers, type Aggregator, type AggregatorOptions, type PoolOptions, type TaskSpan, type BatchBuffer } from "./pool";
export type { Transport } from "./protocol";
export { processReadings, type ProcessOptions, type ProcessSummary, type Progress } from "./pipeline";
export { simulateSensors, type SimulationOptions } from "./sources/simulated";
export { readFile, formatOf, type FileFormat, type FileSourceOptions } from "./sources/file";
export { listenTcp, listenUdp, sendReadings, parseHostPort, assertLoopback, UDP_END, type NetworkSource, type ListenOptions, type SendOptions } from "./sources/network";
export { parseCsvRecord, parseNdjsonRecord, CSV_HEADER, type ParsedRecord } from "./sources/records";
