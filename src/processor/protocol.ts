import type { PartialAggregates } from "./aggregate";
import type { WindowSpec } from "./window";

/** How batches travel to workers. */
export type Transport = "shared" | "transfer" | "clone";

/** What a worker is started with. */
export interface WorkerInit {
  readonly window: WindowSpec;
  /** Batch slots in shared memory (shared transport only). */
  readonly slots: readonly { sensor: SharedArrayBuffer; time: SharedArrayBuffer; value: SharedArrayBuffer }[];
  /** Exit abruptly on the first attempt at this batch (fault injection). */
  readonly crashOnBatch?: number;
}

/** A batch sent to a worker. `attempt` counts retries after a crash. */
export type WorkerRequest =
  | { kind: "shared"; seq: number; attempt: number; slot: number; n: number }
  | { kind: "transfer"; seq: number; attempt: number; n: number; sensor: Int32Array; time: Float64Array; value: Float64Array }
  | { kind: "clone"; seq: number; attempt: number; readings: { s: number; t: number; v: number }[] };

/** A worker's answer: partial aggregates, when it worked (epoch ms), and the returned buffers (transfer). */
export interface WorkerReply {
  readonly seq: number;
  readonly partial: PartialAggregates;
  readonly started: number;
  readonly finished: number;
  readonly buffers?: { sensor: Int32Array; time: Float64Array; value: Float64Array };
}
