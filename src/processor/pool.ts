import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { BatchReply, FlushReply, Transport, WorkerInit, WorkerReply, WorkerRequest } from "./protocol";
import { processorFile, startTsWorker } from "./start-worker";
import type { WindowSpec } from "./window";
import { WindowTable, type PartialAggregates } from "./window-table";
import { checkInteger } from "../shared/check";

/** Columns a coordinator fills before handing them to {@link Aggregator.submit}. */
export interface BatchBuffer {
  readonly id: number;
  readonly capacity: number;
  sensor: Int32Array;
  time: Float64Array;
  value: Float64Array;
}

/** A free buffer and the lane it belongs to. */
export interface LaneBuffer {
  readonly lane: number;
  readonly buffer: BatchBuffer;
}

/** When a worker (or the inline aggregator, lane 0) worked on a batch, ms since the pool started. */
export interface TaskSpan {
  readonly worker: number;
  readonly start: number;
  readonly end: number;
  readonly readings: number;
}

/**
 * Something that folds batches into running per-(sensor, window) state and
 * hands it over on `flush`: a pool of worker threads, each keeping a
 * {@link WindowTable}, or one table inline on the calling thread. Buffers
 * are credits: `acquire` waits while every buffer of a partition is out,
 * which is how a slow consumer slows the producer down. A worker's batches
 * stay held (they are what is replayed if it crashes) until a flush covers
 * them; `needsFlush` says when only a flush can free a partition's credits.
 */
export interface Aggregator {
  /** Threads folding readings (workers; 1 inline). */
  readonly size: number;
  /** Independent buffer lanes the coordinator fills (each `partition` argument below is one). */
  readonly lanes: number;
  /** Workers replaced after a crash. */
  readonly restarts: number;
  /** Recent task spans, for activity timelines (bounded). */
  readonly activity: readonly TaskSpan[];
  /** Buffers currently out of the free lists (being filled or in flight). */
  readonly buffersInUse: number;
  acquire(partition: number): Promise<BatchBuffer>;
  /**
   * A free buffer of whichever lane has one, trying them in turn from the
   * lane after the last one served; waits for the first lane to free one
   * when none has. A slow worker's lane then simply gets fewer batches
   * instead of holding the others back (lanes are filled in any order).
   */
  acquireAny(): Promise<LaneBuffer>;
  /** Folds the first `n` readings of a filled buffer into the partition's state; resolves once folded. */
  submit(partition: number, buffer: BatchBuffer, n: number, seq: number): Promise<void>;
  /** Every partition's state (all batches submitted so far), in partition order; the states start afresh. */
  flush(): Promise<PartialAggregates[]>;
  /** True when `partition` has no free buffer and none will come back before a flush. */
  needsFlush(partition: number): boolean;
  close(): Promise<void>;
}

/**
 * True when some lane of `aggregator` can only get a buffer back from a
 * flush: the coordinator then asks for one before taking the next buffer,
 * while the other lanes keep their workers busy.
 */
export function needsAnyFlush(aggregator: Aggregator): boolean {
  for (let lane = 0; lane < aggregator.lanes; lane++) if (aggregator.needsFlush(lane)) return true;
  return false;
}

/** Options shared by both aggregators. */
export interface AggregatorOptions {
  readonly window: WindowSpec;
  /** Readings per batch buffer. Default 16384. */
  readonly batchSize?: number;
  /**
   * Buffers per partition: batches out (in flight, or folded and held for
   * crash replay until a flush) plus one being filled. Default 3 inline, 8
   * in a worker pool, where fewer would force a flush every few batches.
   */
  readonly credits?: number;
  /** When false, `acquire` never waits: it allocates more buffers instead (to show unbounded buffering). Default true. */
  readonly bounded?: boolean;
}

/** Options of a {@link WorkerPool}. */
export interface PoolOptions extends AggregatorOptions {
  /** Worker threads. Default: available cores. */
  readonly workers?: number;
  /** How batches reach workers. Default "shared" (SharedArrayBuffer slots). */
  readonly transport?: Transport;
  /**
   * How readings are split between workers. "stretch" (default): each batch
   * — a stretch of arrival order — goes to one worker (in turn, skipping one
   * whose buffers are all out), which folds all of it; every worker holds a
   * piece of every (sensor, window), merged on flush. "sensor": every batch
   * goes to every worker and each folds only its own sensors (id % workers),
   * so each (sensor, window) lives in one worker — but every worker reads
   * every batch, and the split is fixed, so the worker sharing a core with
   * the coordinator sets the pace; it measured slower here (the bench shows
   * both). Same results either way.
   */
  readonly partitioning?: Partitioning;
  /** Make the worker that first receives batch `seq` exit abruptly (fault injection). */
  readonly crashOnBatch?: number;
  /** Give up after this many worker replacements. Default 16. */
  readonly maxRestarts?: number;
}

const MAX_SPANS = 5000;

abstract class BufferCredits {
  readonly activity: TaskSpan[] = [];
  protected readonly free: BatchBuffer[][];
  private readonly waiting: ((b: BatchBuffer) => void)[][];
  private readonly waitingAny: ((b: LaneBuffer) => void)[] = [];
  private nextLane = 0;
  private nextId = 0;
  private inUse = 0;
  protected readonly epoch = performance.timeOrigin + performance.now();

  constructor(
    lanes: number,
    protected readonly batchSize: number,
    credits: number,
    private readonly bounded: boolean,
    private readonly makeBuffer: (id: number, capacity: number) => BatchBuffer = plainBuffer,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Expected batchSize to be a positive integer but found ${batchSize}`);
    creditsOf(credits);
    this.free = [];
    this.waiting = [];
    for (let p = 0; p < lanes; p++) {
      this.free.push([]);
      this.waiting.push([]);
      for (let c = 0; c < credits; c++) this.free[p]!.push(this.allocate());
    }
  }

  get buffersInUse(): number {
    return this.inUse;
  }

  acquire(partition: number): Promise<BatchBuffer> {
    const b = this.free[partition]!.pop() ?? (this.bounded ? undefined : this.allocate());
    if (b) {
      this.inUse++;
      return Promise.resolve(b);
    }
    return new Promise((resolve) => this.waiting[partition]!.push(resolve));
  }

  acquireAny(): Promise<LaneBuffer> {
    const lanes = this.free.length;
    for (let k = 0; k < lanes; k++) {
      const lane = (this.nextLane + k) % lanes;
      const buffer = this.free[lane]!.pop();
      if (buffer) {
        this.nextLane = (lane + 1) % lanes;
        this.inUse++;
        return Promise.resolve({ lane, buffer });
      }
    }
    if (!this.bounded) {
      const lane = this.nextLane;
      this.nextLane = (lane + 1) % lanes;
      this.inUse++;
      return Promise.resolve({ lane, buffer: this.allocate() });
    }
    return new Promise((resolve) => this.waitingAny.push(resolve));
  }

  protected hasFree(partition: number): boolean {
    return this.free[partition]!.length > 0 || !this.bounded;
  }

  protected release(partition: number, b: BatchBuffer): void {
    const waiter = this.waiting[partition]!.shift();
    const anyWaiter = waiter ? undefined : this.waitingAny.shift();
    if (waiter) waiter(b);
    else if (anyWaiter) {
      this.nextLane = (partition + 1) % this.free.length;
      anyWaiter({ lane: partition, buffer: b });
    } else {
      this.inUse--;
      this.free[partition]!.push(b);
    }
  }

  protected record(span: TaskSpan): void {
    if (this.activity.length < MAX_SPANS) this.activity.push(span);
  }

  private allocate(): BatchBuffer {
    return this.makeBuffer(this.nextId++, this.batchSize);
  }
}

function plainBuffer(id: number, n: number): BatchBuffer {
  return { id, capacity: n, sensor: new Int32Array(n), time: new Float64Array(n), value: new Float64Array(n) };
}

/** Runs the aggregation kernel on the calling thread: the single-threaded baseline. */
export class InlineAggregator extends BufferCredits implements Aggregator {
  readonly restarts = 0;
  readonly size = 1;
  readonly lanes = 1;
  private readonly table: WindowTable;

  constructor(options: AggregatorOptions) {
    super(1, options.batchSize ?? 16384, options.credits ?? 3, options.bounded ?? true);
    this.table = new WindowTable(options.window);
  }

  submit(partition: number, buffer: BatchBuffer, n: number): Promise<void> {
    const start = performance.timeOrigin + performance.now();
    this.table.add(buffer.sensor, buffer.time, buffer.value, n);
    const end = performance.timeOrigin + performance.now();
    this.record({ worker: 0, start: start - this.epoch, end: end - this.epoch, readings: n });
    this.release(partition, buffer);
    return Promise.resolve();
  }

  flush(): Promise<PartialAggregates[]> {
    return Promise.resolve([this.table.flush()]);
  }

  needsFlush(): boolean {
    return false;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** How readings are split between the workers of a pool (see {@link PoolOptions.partitioning}). */
export type Partitioning = "sensor" | "stretch";

/** One batch, sent to every worker (by sensor) or to its lane's worker (by stretch). */
interface Batch {
  readonly seq: number;
  readonly n: number;
  readonly lane: number;
  readonly buffer: BatchBuffer;
  /** A copy for the workers that cannot have the buffer itself (transfer transport). */
  backup?: { sensor: Int32Array; time: Float64Array; value: Float64Array };
  readings?: { s: number; t: number; v: number }[];
  /** Workers that have not yet folded it; `submit` resolves at 0. */
  unacked: number;
  /** Workers whose answered flushes do not yet cover it; the buffer is released at 0. */
  uncovered: number;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** A batch as sent to one worker (resent, with attempt + 1, to its replacement). */
interface Sent {
  readonly kind: "batch";
  readonly batch: Batch;
  attempt: number;
  acked: boolean;
}

interface FlushRequest {
  readonly kind: "flush";
  readonly id: number;
  readonly resolve: (p: PartialAggregates) => void;
  readonly reject: (e: Error) => void;
}

/**
 * A pre-warmed pool of aggregation workers, each keeping a window table.
 * Partitioned by stretch (default), each batch goes to one worker, in turn
 * unless that worker's lane has no free buffer; partitioned by sensor,
 * every batch goes to every worker and worker w folds only the sensors with
 * id % workers = w, so each (sensor, window) lives in exactly one worker and
 * flushed states never overlap.
 * Batches go by SharedArrayBuffer slots (default: a slot read by all its
 * workers, nothing copied), by transferring their buffers (a copy per extra
 * worker), or — for contrast only — as structured-cloned arrays of
 * objects. Every message since a worker's last answered flush is logged,
 * with its batch buffer held: a worker that dies is replaced and its log is
 * sent to the successor in the same order, which rebuilds exactly the
 * state that was lost — nothing lost, nothing counted twice. A buffer is
 * released once every worker's answered flushes cover its batch.
 */
export class WorkerPool extends BufferCredits implements Aggregator {
  restarts = 0;
  /** Worker threads. */
  readonly size: number;
  readonly lanes: number;
  readonly partitioning: Partitioning;
  private readonly workers: Worker[] = [];
  private readonly log: (Sent | FlushRequest)[][] = [];
  private readonly init: Omit<WorkerInit, "index">;
  private readonly transport: Transport;
  private readonly maxRestarts: number;
  private nextFlush = 0;
  private closing = false;
  private failure: Error | undefined;

  private constructor(options: PoolOptions, size: number) {
    const transport = options.transport ?? "shared";
    const bounded = options.bounded ?? true;
    if (transport === "shared" && !bounded) {
      throw new RangeError('Expected bounded buffers with transport "shared" (its slots are fixed at start); use transport "transfer" for bounded: false');
    }
    const slots: { sensor: SharedArrayBuffer; time: SharedArrayBuffer; value: SharedArrayBuffer }[] = [];
    const sharedBuffer = (id: number, n: number): BatchBuffer => {
      const slot = { sensor: new SharedArrayBuffer(4 * n), time: new SharedArrayBuffer(8 * n), value: new SharedArrayBuffer(8 * n) };
      slots.push(slot);
      return { id, capacity: n, sensor: new Int32Array(slot.sensor), time: new Float64Array(slot.time), value: new Float64Array(slot.value) };
    };
    const partitioning = options.partitioning ?? "stretch";
    if (partitioning !== "sensor" && partitioning !== "stretch") throw new RangeError(`Expected partitioning "sensor" or "stretch" but found ${String(partitioning)}`);
    // By sensor, one lane holds every worker's share of the credits; by stretch, a lane per worker.
    const bySensor = partitioning === "sensor";
    const credits = creditsOf(options.credits ?? 8);
    super(bySensor ? 1 : size, options.batchSize ?? 16384, bySensor ? credits * size : credits, bounded, transport === "shared" ? sharedBuffer : plainBuffer);
    this.transport = transport;
    this.maxRestarts = options.maxRestarts ?? 16;
    this.init = { window: options.window, slots, crashOnBatch: options.crashOnBatch, workers: size, bySensor };
    this.size = size;
    this.lanes = bySensor ? 1 : size;
    this.partitioning = partitioning;
  }

  /**
   * Starts `workers` threads (default: available cores) and waits until each
   * has loaded its code, so the first batch does not pay the ~50 ms start-up.
   */
  static async start(options: PoolOptions): Promise<WorkerPool> {
    const size = options.workers ?? defaultWorkers();
    checkInteger("workers", size, 1, 64);
    const pool = new WorkerPool(options, size);
    try {
      await Promise.all(Array.from({ length: size }, (_, i) => pool.spawn(i)));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  submit(lane: number, buffer: BatchBuffer, n: number, seq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const to = this.recipients(lane);
      const batch: Batch = { seq, n, lane, buffer, unacked: to.length, uncovered: to.length, resolve, reject };
      if (this.transport === "transfer") {
        batch.backup = { sensor: buffer.sensor.slice(0, n), time: buffer.time.slice(0, n), value: buffer.value.slice(0, n) };
      } else if (this.transport === "clone") {
        const readings = new Array<{ s: number; t: number; v: number }>(n);
        for (let i = 0; i < n; i++) readings[i] = { s: buffer.sensor[i]!, t: buffer.time[i]!, v: buffer.value[i]! };
        batch.readings = readings;
      }
      for (const w of to) {
        const sent: Sent = { kind: "batch", batch, attempt: 0, acked: false };
        this.log[w]!.push(sent);
        this.send(w, sent);
      }
    });
  }

  /** The workers a lane's batches go to. */
  private recipients(lane: number): number[] {
    return this.partitioning === "sensor" ? Array.from({ length: this.size }, (_, w) => w) : [lane];
  }

  /** The first of them: its log tells for the lane, and under transfer it gets the buffer itself. */
  private leadOf(lane: number): number {
    return this.partitioning === "sensor" ? 0 : lane;
  }

  flush(): Promise<PartialAggregates[]> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.all(
      this.workers.map(
        (_, w) =>
          new Promise<PartialAggregates>((resolve, reject) => {
            const request: FlushRequest = { kind: "flush", id: this.nextFlush++, resolve, reject };
            this.log[w]!.push(request);
            this.send(w, request);
          }),
      ),
    );
  }

  needsFlush(lane: number): boolean {
    if (this.hasFree(lane)) return false;
    // A lane's batches and the flushes reach its workers in the same order,
    // so its first worker's log tells for all. A flush already asked frees
    // the batches logged before it; if none is (a flush asked while nothing
    // was held), only a new one can.
    const log = this.log[this.leadOf(lane)]!;
    let lastFlush = -1;
    for (let i = log.length - 1; i >= 0 && lastFlush < 0; i--) if (log[i]!.kind === "flush") lastFlush = i;
    for (let i = 0; i < lastFlush; i++) if (log[i]!.kind === "batch") return false;
    return true;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(w: number, message: Sent | FlushRequest): void {
    const worker = this.workers[w]!;
    if (message.kind === "flush") {
      const req: WorkerRequest = { kind: "flush", id: message.id };
      worker.postMessage(req);
      return;
    }
    const { batch, attempt } = message;
    const { seq, n } = batch;
    if (this.transport === "shared") {
      const req: WorkerRequest = { kind: "shared", seq, attempt, slot: batch.buffer.id, n };
      worker.postMessage(req);
    } else if (this.transport === "transfer") {
      // The lane's first worker gets the buffer itself while it is here (it
      // comes back with the reply); the others, and a replacement, get copies.
      const own = w === this.leadOf(batch.lane) && batch.buffer.sensor.buffer.byteLength > 0;
      const b = batch.backup!;
      const src = own ? batch.buffer : { sensor: b.sensor.slice(), time: b.time.slice(), value: b.value.slice() };
      const req: WorkerRequest = { kind: "transfer", seq, attempt, n, sensor: src.sensor, time: src.time, value: src.value };
      worker.postMessage(req, [src.sensor.buffer as ArrayBuffer, src.time.buffer as ArrayBuffer, src.value.buffer as ArrayBuffer]);
    } else {
      const req: WorkerRequest = { kind: "clone", seq, attempt, readings: batch.readings! };
      worker.postMessage(req);
    }
  }

  private spawn(index: number): Promise<void> {
    const worker = startTsWorker(processorFile("worker.ts"), { ...this.init, index } satisfies WorkerInit);
    this.workers[index] = worker;
    this.log[index] ??= [];
    return new Promise((resolve, reject) => {
      worker.on("message", (msg: WorkerReply | { ready: true }) => {
        if ("ready" in msg) resolve();
        else if (msg.kind === "batch") this.onBatch(index, msg);
        else this.onFlush(index, msg);
      });
      worker.on("error", (err) => reject(err));
      worker.on("exit", (code) => {
        reject(new Error(`worker ${index} exited with code ${code} before it was ready`));
        if (!this.closing && this.workers[index] === worker) this.replace(index, code);
      });
    });
  }

  private onBatch(w: number, reply: BatchReply): void {
    const sent = this.log[w]!.find((m): m is Sent => m.kind === "batch" && m.batch.seq === reply.seq);
    if (!sent) return;
    const { batch } = sent;
    this.record({ worker: w, start: reply.started - this.epoch, end: reply.finished - this.epoch, readings: batch.n });
    if (reply.buffers && batch.buffer.sensor.buffer.byteLength === 0) {
      // Transfer: the buffer itself is back (it stays held until flushes cover it).
      batch.buffer.sensor = reply.buffers.sensor;
      batch.buffer.time = reply.buffers.time;
      batch.buffer.value = reply.buffers.value;
    }
    if (!sent.acked) {
      sent.acked = true;
      if (--batch.unacked === 0) batch.resolve();
    }
  }

  private onFlush(w: number, reply: FlushReply): void {
    const log = this.log[w]!;
    const at = log.findIndex((m) => m.kind === "flush" && m.id === reply.id);
    if (at < 0) return;
    const covered = log.splice(0, at + 1);
    for (const m of covered) if (m.kind === "batch" && --m.batch.uncovered === 0) this.releaseBatch(m.batch);
    (covered[covered.length - 1] as FlushRequest).resolve(reply.partial);
  }

  private releaseBatch(batch: Batch): void {
    const b = batch.buffer;
    if (b.sensor.length !== b.capacity) {
      // A transferred buffer that did not come back whole: start afresh.
      const fresh = plainBuffer(b.id, b.capacity);
      Object.assign(b, { sensor: fresh.sensor, time: fresh.time, value: fresh.value });
    }
    this.release(batch.lane, b);
  }

  private replace(w: number, code: number): void {
    if (++this.restarts > this.maxRestarts) {
      this.failure = new Error(`worker ${w} exited with code ${code}; gave up after ${this.maxRestarts} restarts`);
      // Fail everything waiting, and free the held buffers so nobody waits
      // for a credit that would never come back.
      const batches = new Set<Batch>();
      for (const log of this.log) {
        for (const m of log) {
          if (m.kind === "batch") batches.add(m.batch);
          else m.reject(this.failure);
        }
        log.length = 0;
      }
      for (const batch of batches) {
        batch.reject(this.failure);
        this.releaseBatch(batch);
      }
      return;
    }
    this.spawn(w).catch(() => undefined);
    for (const m of this.log[w]!) {
      if (m.kind === "batch") m.attempt++;
      this.send(w, m);
    }
  }
}

function creditsOf(credits: number): number {
  if (!Number.isInteger(credits) || credits < 1) throw new RangeError(`Expected credits to be a positive integer but found ${credits}`);
  return credits;
}

/** Worker threads to use by default: one per available core. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}
