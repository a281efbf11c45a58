import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { aggregateBatch, type PartialAggregates } from "./aggregate";
import type { Transport, WorkerInit, WorkerReply, WorkerRequest } from "./protocol";
import { processorFile, startTsWorker } from "./start-worker";
import type { WindowSpec } from "./window";
import { checkInteger } from "../shared/check";

/** Columns a coordinator fills before handing them to {@link Aggregator.submit}. */
export interface BatchBuffer {
  readonly id: number;
  readonly capacity: number;
  sensor: Int32Array;
  time: Float64Array;
  value: Float64Array;
}

/** When a worker (or the inline aggregator, lane 0) worked on a batch, ms since the pool started. */
export interface TaskSpan {
  readonly worker: number;
  readonly start: number;
  readonly end: number;
  readonly readings: number;
}

/**
 * Something that turns batches into partial aggregates: a pool of worker
 * threads, or the same kernel inline on the calling thread. Buffers are
 * credits: `acquire` waits while every buffer of a partition is in flight,
 * which is how a slow consumer slows the producer down.
 */
export interface Aggregator {
  /** Partitions (one per worker; 1 inline). */
  readonly size: number;
  /** Workers replaced after a crash. */
  readonly restarts: number;
  /** Recent task spans, for activity timelines (bounded). */
  readonly activity: readonly TaskSpan[];
  /** Buffers currently out of the free lists (being filled or in flight). */
  readonly buffersInUse: number;
  acquire(partition: number): Promise<BatchBuffer>;
  submit(partition: number, buffer: BatchBuffer, n: number, seq: number): Promise<PartialAggregates>;
  close(): Promise<void>;
}

/** Options shared by both aggregators. */
export interface AggregatorOptions {
  readonly window: WindowSpec;
  /** Readings per batch buffer. Default 16384. */
  readonly batchSize?: number;
  /** Buffers per partition, i.e. batches in flight plus one being filled. Default 3. */
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
  private nextId = 0;
  private inUse = 0;
  protected readonly epoch = performance.timeOrigin + performance.now();

  constructor(
    readonly size: number,
    protected readonly batchSize: number,
    credits: number,
    private readonly bounded: boolean,
    private readonly makeBuffer: (id: number, capacity: number) => BatchBuffer = plainBuffer,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Expected batchSize to be a positive integer but found ${batchSize}`);
    if (!Number.isInteger(credits) || credits < 1) throw new RangeError(`Expected credits to be a positive integer but found ${credits}`);
    this.free = [];
    this.waiting = [];
    for (let p = 0; p < size; p++) {
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

  protected release(partition: number, b: BatchBuffer): void {
    const waiter = this.waiting[partition]!.shift();
    if (waiter) waiter(b);
    else {
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
  private readonly window: WindowSpec;

  constructor(options: AggregatorOptions) {
    super(1, options.batchSize ?? 16384, options.credits ?? 3, options.bounded ?? true);
    this.window = options.window;
  }

  submit(partition: number, buffer: BatchBuffer, n: number): Promise<PartialAggregates> {
    const start = performance.timeOrigin + performance.now();
    const partial = aggregateBatch(buffer.sensor, buffer.time, buffer.value, n, this.window);
    const end = performance.timeOrigin + performance.now();
    this.record({ worker: 0, start: start - this.epoch, end: end - this.epoch, readings: n });
    this.release(partition, buffer);
    return Promise.resolve(partial);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Task {
  readonly seq: number;
  attempt: number;
  readonly n: number;
  readonly partition: number;
  readonly buffer: BatchBuffer;
  backup?: { sensor: Int32Array; time: Float64Array; value: Float64Array };
  readings?: { s: number; t: number; v: number }[];
  readonly resolve: (p: PartialAggregates) => void;
  readonly reject: (e: Error) => void;
}

/**
 * A pre-warmed pool of aggregation workers, one partition each. Batches go
 * by SharedArrayBuffer slots (default), by transferring their buffers, or —
 * for contrast only — as structured-cloned arrays of objects. A worker that
 * dies is replaced and its in-flight batches are sent again; a batch counts
 * only when its reply arrives, so nothing is lost or counted twice.
 */
export class WorkerPool extends BufferCredits implements Aggregator {
  restarts = 0;
  private readonly workers: Worker[] = [];
  private readonly inflight: Map<number, Task>[] = [];
  private readonly init: WorkerInit;
  private readonly transport: Transport;
  private readonly maxRestarts: number;
  private closing = false;

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
    super(size, options.batchSize ?? 16384, options.credits ?? 3, bounded, transport === "shared" ? sharedBuffer : plainBuffer);
    this.transport = transport;
    this.maxRestarts = options.maxRestarts ?? 16;
    this.init = { window: options.window, slots, crashOnBatch: options.crashOnBatch };
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

  submit(partition: number, buffer: BatchBuffer, n: number, seq: number): Promise<PartialAggregates> {
    return new Promise((resolve, reject) => {
      const task: Task = { seq, attempt: 0, n, partition, buffer, resolve, reject };
      if (this.transport === "transfer") {
        task.backup = { sensor: buffer.sensor.slice(0, n), time: buffer.time.slice(0, n), value: buffer.value.slice(0, n) };
      } else if (this.transport === "clone") {
        const readings = new Array<{ s: number; t: number; v: number }>(n);
        for (let i = 0; i < n; i++) readings[i] = { s: buffer.sensor[i]!, t: buffer.time[i]!, v: buffer.value[i]! };
        task.readings = readings;
        this.release(partition, buffer);
      }
      this.inflight[partition]!.set(seq, task);
      this.send(task);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(task: Task): void {
    const w = this.workers[task.partition]!;
    const { seq, attempt, n } = task;
    if (this.transport === "shared") {
      const req: WorkerRequest = { kind: "shared", seq, attempt, slot: task.buffer.id, n };
      w.postMessage(req);
    } else if (this.transport === "transfer") {
      // First attempt moves the buffer itself; a retry moves the backup copy.
      const src = attempt === 0 ? task.buffer : task.backup!;
      const req: WorkerRequest = { kind: "transfer", seq, attempt, n, sensor: src.sensor, time: src.time, value: src.value };
      w.postMessage(req, [src.sensor.buffer as ArrayBuffer, src.time.buffer as ArrayBuffer, src.value.buffer as ArrayBuffer]);
    } else {
      const req: WorkerRequest = { kind: "clone", seq, attempt, readings: task.readings! };
      w.postMessage(req);
    }
  }

  private spawn(index: number): Promise<void> {
    const worker = startTsWorker(processorFile("worker.ts"), this.init);
    this.workers[index] = worker;
    this.inflight[index] ??= new Map();
    return new Promise((resolve, reject) => {
      worker.on("message", (msg: WorkerReply | { ready: true }) => {
        if ("ready" in msg) resolve();
        else this.onReply(index, msg);
      });
      worker.on("error", (err) => reject(err));
      worker.on("exit", (code) => {
        reject(new Error(`worker ${index} exited with code ${code} before it was ready`));
        if (!this.closing && this.workers[index] === worker) this.replace(index, code);
      });
    });
  }

  private onReply(index: number, reply: WorkerReply): void {
    const task = this.inflight[index]!.get(reply.seq);
    if (!task) return;
    this.inflight[index]!.delete(reply.seq);
    this.record({ worker: index, start: reply.started - this.epoch, end: reply.finished - this.epoch, readings: task.n });
    if (this.transport === "shared") this.release(task.partition, task.buffer);
    else if (this.transport === "transfer") {
      const back = reply.buffers!;
      if (back.sensor.length === task.buffer.capacity) {
        task.buffer.sensor = back.sensor;
        task.buffer.time = back.time;
        task.buffer.value = back.value;
      } else {
        const fresh = plainBuffer(task.buffer.id, task.buffer.capacity);
        task.buffer.sensor = fresh.sensor;
        task.buffer.time = fresh.time;
        task.buffer.value = fresh.value;
      }
      this.release(task.partition, task.buffer);
    }
    task.resolve(reply.partial);
  }

  private replace(index: number, code: number): void {
    const tasks = [...this.inflight[index]!.values()];
    if (++this.restarts > this.maxRestarts) {
      for (const t of tasks) t.reject(new Error(`worker ${index} exited with code ${code}; gave up after ${this.maxRestarts} restarts`));
      this.inflight[index]!.clear();
      return;
    }
    this.spawn(index).catch(() => undefined);
    for (const t of tasks) {
      t.attempt++;
      this.send(t);
    }
  }
}

/** Worker threads to use by default: one per available core. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}
