import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, createServer, type Socket } from "node:net";
import { ChunkBuilder, SensorRegistry, type ReadingChunk } from "../reading";
import { parseNdjsonRecord } from "./records";
import { simulateSensors } from "./simulated";

/** Loopback only: the network sensors never leave the machine. */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "::1", "localhost"];

/** The line a UDP sender sends when it is done. */
export const UDP_END = '{"end":true}';

/** True for {@link UDP_END} however it is spaced or line-ended: a JSON object whose only key is `end`, true. */
function isEndMarker(line: string): boolean {
  const text = line.trim();
  if (text === UDP_END) return true;
  if (!text.startsWith("{") || !text.includes('"end"')) return false;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && (v as { end?: unknown }).end === true;
  } catch {
    return false;
  }
}

/** A listening network source. */
export interface NetworkSource {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Chunks of readings; ends when every sender has finished or on `close`. */
  readonly chunks: AsyncIterable<ReadingChunk>;
  /** Stops listening; the chunk stream ends after what was queued. */
  close(): Promise<void>;
}

/** Options of the listeners. */
export interface ListenOptions {
  /** Loopback address to bind [127.0.0.1]. */
  readonly host?: string;
  /** Records per chunk handed to the pipeline [4096]. */
  readonly chunkSize?: number;
  /** Chunks queued before TCP senders are paused (UDP: records are refused) [8]. */
  readonly maxQueuedChunks?: number;
  /** A chunk is handed out after this many ms even if not full [50]. */
  readonly flushMs?: number;
}

/** Validates a loopback address or throws. */
export function assertLoopback(host: string): void {
  if (!LOOPBACK_HOSTS.includes(host)) throw new RangeError(`Expected a loopback host (${LOOPBACK_HOSTS.join(", ")}) but found "${host}"`);
}

/** Parses `HOST:PORT` or `[::1]:PORT`, loopback hosts only. */
export function parseHostPort(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 1 && port <= 65535)) throw new RangeError(`Expected HOST:PORT with a port from 1 to 65535 but found "${text}"`);
  const host = m[1] ?? m[2]!;
  assertLoopback(host);
  return { host, port };
}

/**
 * Turns pushed lines into a pull-based chunk stream with a bounded queue:
 * the bridge between sockets (push) and the pipeline (pull).
 */
class LineQueue {
  private readonly builder: ChunkBuilder;
  private readonly chunks: ReadingChunk[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private readonly seqs: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: SensorRegistry,
    private readonly origin: string,
    private readonly chunkSize: number,
    readonly maxQueued: number,
    private readonly flushMs: number,
    private readonly onDrained: () => void,
  ) {
    this.builder = new ChunkBuilder(chunkSize);
  }

  get queued(): number {
    return this.chunks.length;
  }

  line(text: string): void {
    if (text.trim().length === 0) return;
    const rec = parseNdjsonRecord(text);
    if (rec.ok === false) this.builder.reject({ origin: this.origin, record: text.slice(0, 500), reason: rec.reason });
    else {
      const id = this.registry.intern(rec.sensor);
      const seq = this.seqs[id] ?? 0;
      this.seqs[id] = seq + 1;
      this.builder.push(id, rec.timestamp, rec.value, seq);
    }
    if (this.builder.size >= this.chunkSize) this.cut();
    else this.timer ??= setTimeout(() => this.cut(), this.flushMs);
  }

  refuse(text: string, reason: string): void {
    this.builder.reject({ origin: this.origin, record: text.slice(0, 500), reason });
    this.timer ??= setTimeout(() => this.cut(), this.flushMs);
  }

  end(): void {
    this.cut();
    this.ended = true;
    this.wake?.();
  }

  private cut(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.builder.size > 0) this.chunks.push(this.builder.take());
    this.wake?.();
  }

  async *drain(): AsyncGenerator<ReadingChunk> {
    for (;;) {
      const next = this.chunks.shift();
      if (next) {
        if (this.chunks.length < this.maxQueued / 2) this.onDrained();
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/** `close` may be called twice (Ctrl-C, then the caller's cleanup): the first call's promise serves both. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/** Longest line kept from a TCP stream; a longer one is dead-lettered, not buffered without bound. */
export const MAX_LINE = 1 << 20;

/**
 * Splits a stream's text into lines as pieces arrive. Only the new piece
 * is searched for newlines (re-scanning a growing unfinished line made one
 * 32 MB line take seconds); a line beyond {@link MAX_LINE} characters is
 * refused, and the rest of it up to its newline skipped.
 */
function lineSplitter(onLine: (line: string) => void, onTooLong: (head: string) => void): { push(piece: string): void; end(): void } {
  let carry = "";
  let skipping = false;
  return {
    push(piece) {
      let start = 0;
      for (let nl = piece.indexOf("\n"); nl !== -1; nl = piece.indexOf("\n", start)) {
        if (skipping) skipping = false;
        else onLine(carry + piece.slice(start, nl));
        carry = "";
        start = nl + 1;
      }
      if (skipping) return;
      carry += piece.slice(start);
      if (carry.length > MAX_LINE) {
        onTooLong(carry.slice(0, 200));
        carry = "";
        skipping = true;
      }
    },
    end() {
      if (!skipping && carry.length > 0) onLine(carry);
      carry = "";
      skipping = false;
    },
  };
}

/**
 * Listens for NDJSON readings over TCP on loopback. Sockets are paused while
 * the queue is full, so a slow pipeline slows the senders (TCP flow control
 * does the rest). The stream ends once a sender has sent something and
 * every sender has disconnected; a connection that sends nothing (a port
 * probe) neither counts nor ends it.
 */
export async function listenTcp(port: number, registry: SensorRegistry, options: ListenOptions = {}): Promise<NetworkSource> {
  const host = options.host ?? "127.0.0.1";
  assertLoopback(host);
  const sockets = new Set<Socket>();
  const queue: LineQueue = new LineQueue(registry, `tcp:${port}`, options.chunkSize ?? 4096, options.maxQueuedChunks ?? 8, options.flushMs ?? 50, () => {
    for (const s of sockets) s.resume();
  });
  let seen = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding("utf8");
    const lines = lineSplitter(
      (line) => queue.line(line),
      (head) => queue.refuse(head, `line longer than ${MAX_LINE} characters`),
    );
    let sent = false;
    socket.on("data", (piece: string) => {
      if (!sent) {
        sent = true;
        seen++;
      }
      lines.push(piece);
      if (queue.queued >= queue.maxQueued) socket.pause();
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      lines.end();
      sockets.delete(socket);
      if (sockets.size === 0 && seen > 0) queue.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    chunks: queue.drain(),
    close: once(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      queue.end();
    }),
  };
}

/**
 * Listens for NDJSON readings over UDP on loopback (one or more lines per
 * datagram). UDP cannot be paused: when the queue is full, records are
 * counted and dead-lettered as refused rather than buffered without bound.
 * Ends when every sender that sent a reading has sent {@link UDP_END}
 * (spacing and a CRLF line end do not matter).
 */
export async function listenUdp(port: number, registry: SensorRegistry, options: ListenOptions = {}): Promise<NetworkSource> {
  const host = options.host ?? "127.0.0.1";
  assertLoopback(host);
  const socket: UdpSocket = createSocket(host.includes(":") ? "udp6" : "udp4");
  const queue = new LineQueue(registry, `udp:${port}`, options.chunkSize ?? 4096, options.maxQueuedChunks ?? 64, options.flushMs ?? 50, () => undefined);
  const senders = new Set<string>();
  socket.on("message", (msg, rinfo) => {
    const from = `${rinfo.address}:${rinfo.port}`;
    // A datagram is taken whole: its readings first, then its end marker if
    // it has one, so nothing sent with the marker is lost.
    let ends = false;
    for (const line of msg.toString("utf8").split("\n")) {
      if (line.trim() === "") continue; // a trailing newline is not a reading (nor a sender still talking)
      if (isEndMarker(line)) {
        ends = true;
        continue;
      }
      senders.add(from);
      if (queue.queued >= queue.maxQueued) queue.refuse(line, "receive queue full (UDP cannot be paused)");
      else queue.line(line);
    }
    // Like a TCP connection that sends nothing, a sender that sent no
    // reading cannot end the run.
    if (ends && senders.delete(from) && senders.size === 0) queue.end();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, host, () => resolve());
  });
  const bound = socket.address().port;
  return {
    port: bound,
    chunks: queue.drain(),
    close: once(async () => {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      queue.end();
    }),
  };
}

/**
 * The NDJSON lines {@link sendReadings} sends: the first `count` readings of
 * `sensors` seeded sensors sharing `rate` readings per second. Each sensor
 * starts at a random phase of up to one period (sensors / rate s), so the
 * simulation runs that much longer than count / rate.
 */
export function sensorLines(count: number, rate: number, seed: number, sensors: number): string[] {
  return [...sensorLineStream(count, rate, seed, sensors)];
}

/** {@link sensorLines} one at a time, made as they are asked for: a sender holds a chunk of them, not all. */
export function* sensorLineStream(count: number, rate: number, seed: number, sensors: number): Generator<string> {
  const registry = new SensorRegistry();
  const durationMs = Math.ceil(((count + sensors) / rate) * 1000) + 1000;
  let made = 0;
  for (const chunk of simulateSensors({ sensors, seed, rate: rate / sensors, durationMs, startTime: 0, chunkSize: 4096 }, registry)) {
    for (let i = 0; i < chunk.length && made < count; i++, made++) {
      yield JSON.stringify({ sensor: registry.name(chunk.sensor[i]!), timestamp_ms: chunk.time[i]!, value: chunk.value[i]!, seq: chunk.seq[i]! });
    }
    if (made >= count) return;
  }
}

/** Most lines handed over at once, however far behind the schedule the sender fell. */
const MAX_BURST = 10_000;

/** Options of {@link sendReadings}. */
export interface SendOptions {
  readonly protocol: "tcp" | "udp";
  readonly host: string;
  readonly port: number;
  /** Readings to send. */
  readonly count: number;
  /** Readings per second across all sensors. */
  readonly rate: number;
  readonly seed?: number;
  /** Simulated sensors [4]. */
  readonly sensors?: number;
}

/**
 * Network sensors: sends `count` simulated readings as NDJSON to a loopback
 * listener at `rate` per second, then ends (TCP: close; UDP: {@link UDP_END}).
 * Reading k is due (k / rate) s after the start; whatever is due goes out
 * together, at most every 10 ms, so a high rate is sent in small bursts and
 * a low one a reading at a time. Bounded in count and, through the rate, in time.
 */
export async function sendReadings(options: SendOptions): Promise<number> {
  const { protocol, host, port, count, rate } = options;
  assertLoopback(host);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Expected count to be a non-negative integer but found ${count}`);
  if (!(rate > 0)) throw new RangeError(`Expected rate to be a positive number of readings per second but found ${rate}`);
  const source = sensorLineStream(count, rate, options.seed ?? 1, options.sensors ?? 4);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const start = performance.now();
  let sent = 0;
  /** Hands `sendDue` each run of readings that has come due, waiting in between. */
  const paced = async (sendDue: (lines: string[]) => Promise<void>): Promise<void> => {
    while (sent < count) {
      const due = Math.min(count, sent + MAX_BURST, Math.max(sent + 1, Math.floor(((performance.now() - start) / 1000) * rate) + 1));
      const lines: string[] = [];
      for (let k = sent; k < due; k++) {
        const next = source.next();
        if (next.done) break;
        lines.push(next.value);
      }
      if (lines.length === 0) return;
      await sendDue(lines);
      sent += lines.length;
      if (sent < count) await sleep(Math.max(10, start + (sent / rate) * 1000 - performance.now()));
    }
  };
  if (protocol === "tcp") {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    // A listener that goes away mid-stream fails the send instead of leaving it waiting for 'drain'.
    let lost: Error | undefined;
    const gone = new Promise<void>((resolve) => {
      socket.once("error", (err) => resolve(void (lost ??= err)));
      socket.once("close", () => resolve(void (lost ??= Object.assign(new Error("the listener closed the connection"), { code: "ECONNRESET" }))));
    });
    await paced(async (lines) => {
      if (lost) throw lost;
      if (!socket.write(lines.join("\n") + "\n")) await Promise.race([new Promise((r) => socket.once("drain", r)), gone]);
      if (lost) throw lost;
    });
    await new Promise<void>((resolve) => socket.end(resolve));
    return sent;
  }
  const socket = createSocket(host.includes(":") ? "udp6" : "udp4");
  const send = (text: string) => new Promise<void>((resolve, reject) => socket.send(text, port, host, (err) => (err ? reject(err) : resolve())));
  try {
    // At most 40 lines per datagram, well under the 64 KiB limit.
    await paced(async (lines) => {
      for (let j = 0; j < lines.length; j += 40) await send(lines.slice(j, j + 40).join("\n"));
    });
    await send(UDP_END);
  } finally {
    socket.close();
  }
  return sent;
}
