import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";
import { checkInteger } from "../shared/check";

/** Options for {@link measureSmallWrites}. */
export interface SmallWritesOptions {
  /** Disable Nagle's algorithm on the client socket (`TCP_NODELAY`). */
  readonly noDelay: boolean;
  /** Request/response exchanges measured (default 20). */
  readonly requests?: number;
  /** Bytes in each of the two small writes that make up a request (default 32). */
  readonly partBytes?: number;
  /** Give up after this many ms in total (default 10000). */
  readonly timeoutMs?: number;
}

/** What {@link measureSmallWrites} measured. */
export interface SmallWrites {
  readonly noDelay: boolean;
  /** Round-trip time of each exchange, in ms. */
  readonly rttMs: readonly number[];
}

/**
 * Measures the write-write-read pattern on loopback: the client sends a
 * request as two small writes (say a header, then a body) and waits for the
 * one-byte reply, which the server sends only once the whole request is in.
 * With Nagle's algorithm on, the second write waits for the first one's ACK,
 * which the server may delay: the classic Nagle / delayed-ACK stall.
 *
 * Only loopback (127.0.0.1); the server and the socket are closed afterwards.
 *
 * @throws {RangeError} When requests or partBytes is out of range.
 * @throws {Error} When the exchanges take longer than timeoutMs.
 */
export async function measureSmallWrites(options: SmallWritesOptions): Promise<SmallWrites> {
  const requests = options.requests ?? 20;
  const partBytes = options.partBytes ?? 32;
  const timeoutMs = options.timeoutMs ?? 10_000;
  checkInteger("requests", requests, 1, 1000);
  checkInteger("partBytes", partBytes, 1, 1024);
  const requestBytes = 2 * partBytes;
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    let buffered = 0;
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.length;
      while (buffered >= requestBytes) {
        buffered -= requestBytes;
        socket.write("k");
      }
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  let client: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const { port } = server.address() as AddressInfo;
    const socket = createConnection({ host: "127.0.0.1", port, noDelay: options.noDelay });
    client = socket;
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const part = Buffer.alloc(partBytes, 0x61);
    const run = async (): Promise<number[]> => {
      const rtt: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        const reply = new Promise<void>((resolve) => socket.once("data", () => resolve()));
        socket.write(part);
        socket.write(part);
        await reply;
        rtt.push(performance.now() - t0);
      }
      return rtt;
    };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Expected ${requests} exchanges within ${timeoutMs} ms`)), timeoutMs);
    });
    return { noDelay: options.noDelay, rttMs: await Promise.race([run(), timeout]) };
  } finally {
    if (timer) clearTimeout(timer);
    client?.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
