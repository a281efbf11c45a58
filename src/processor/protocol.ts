import type { PartialAggregates } from "./window-table";
import type { WindowSpec } from "./window";

/** How batches travel to workers. */
export type Transport = "shared" | "transfer" | "clone";

/** What a worker is started with. */
export interface WorkerInit {
  readonly window: WindowSpec;
  /** Batch slots in shared memory (shared transport only). */
  readonly slots: readonly { sensor: SharedArrayBuffer; time: SharedArrayBuffer; value: SharedArrayBuffer }[];
  /** Exit abruptly on the first attempt at this batch (fault injection); by sensor, worker seq % workers does. */
  readonly crashOnBatch?: number;
  /** This worker's place in the pool. */
  readonly index: number;
  /** Partitioned by sensor, worker `index` folds the sensors with id % workers = index. */
  readonly bySensor: boolean;
  readonly workers: number;
}

/**
 * A message to a worker: a batch to fold into its window table (`attempt`
 * counts resends after a crash), or a flush asking for everything the table
 * holds. A worker handles messages in order, so a flush covers exactly the
 * batches sent before it.
 */
export type WorkerRequest =
  | { kind: "shared"; seq: number; attempt: number; slot: number; n: number }
  | { kind: "transfer"; seq: number; attempt: number; n: number; sensor: Int32Array; time: Float64Array; value: Float64Array }
  | { kind: "clone"; seq: number; attempt: number; readings: { s: number; t: number; v: number }[] }
  | { kind: "flush"; id: number };

/** A worker's answer to a batch: when it worked on it (epoch ms) and the returned buffers (transfer). */
export interface BatchReply {
  readonly kind: "batch";
  readonly seq: number;
  readonly started: number;
  readonly finished: number;
  readonly buffers?: { sensor: Int32Array; time: Float64Array; value: Float64Array };
}

/** A worker's answer to a flush: its table's contents, now emptied. */
export interface FlushReply {
  readonly kind: "flush";
  readonly id: number;
  readonly partial: PartialAggregates;
}

export type WorkerReply = BatchReply | FlushReply;
