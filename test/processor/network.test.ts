import { createSocket } from "node:dgram";
import { connect, createServer, type AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { MAX_LINE, sensorLines, sensorLineStream, UDP_END } from "../../src/processor/sources/network";
import { InlineAggregator, listenTcp, listenUdp, parseHostPort, processReadings, sendReadings, SensorRegistry, windowSpec } from "../../src/processor";

const spec = windowSpec(1000);

describe.each(["tcp", "udp"] as const)("network sensors over %s on loopback", (protocol) => {
  test("every reading sent is ingested and accounted for", async () => {
    const registry = new SensorRegistry();
    const source = await (protocol === "tcp" ? listenTcp : listenUdp)(0, registry);
    try {
      const sending = sendReadings({ protocol, host: "127.0.0.1", port: source.port, count: 2000, rate: 20_000, seed: 5, sensors: 3 });
      const summary = await processReadings(source.chunks, { window: spec, registry, aggregator: new InlineAggregator({ window: spec }), lateness: 5000 });
      expect(await sending).toBe(2000);
      expect(summary.ingested).toBe(2000);
      expect(summary.ingested).toBe(summary.aggregated + summary.late + summary.rejected);
      expect(registry.size).toBe(3);
    } finally {
      await source.close();
    }
  });
});

test("readings go out at the rate asked, also below 100 per second", async () => {
  const registry = new SensorRegistry();
  const source = await listenTcp(0, registry);
  try {
    const arrivals: number[] = [];
    const started = performance.now();
    const sending = sendReadings({ protocol: "tcp", host: "127.0.0.1", port: source.port, count: 5, rate: 10, seed: 1 });
    for await (const chunk of source.chunks) for (let i = 0; i < chunk.length; i++) arrivals.push(performance.now() - started);
    expect(await sending).toBe(5);
    // Reading k is due k / 10 s after the sender starts: the last at 400 ms.
    expect(arrivals.length).toBe(5);
    expect(arrivals[4]!).toBeGreaterThanOrEqual(390);
    expect(arrivals[4]!).toBeLessThan(5000);
  } finally {
    await source.close();
  }
});

test("the sensors make as many readings as asked, whatever the seed and however slow the rate", () => {
  // Each sensor starts at a random phase of up to one period (sensors / rate s).
  for (let seed = 0; seed < 200; seed++) {
    expect(sensorLines(3, 0.5, seed, 4).length).toBe(3);
    expect(sensorLines(10, 1, seed, 4).length).toBe(10);
  }
});

test("the sender makes its lines as they are due, not all up front", () => {
  const before = process.memoryUsage().heapUsed;
  const lines = sensorLineStream(10_000_000, 10_000, 1, 4);
  const first = lines.next();
  expect(JSON.parse(first.value as string)).toMatchObject({ sensor: "s000", timestamp_ms: expect.any(Number) });
  // 10 M lines built at once took gigabytes; the simulator makes a second (10,000) at a time.
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 2 ** 20);
  expect(sensorLines(5, 10, 1, 4)).toEqual([...sensorLineStream(5, 10, 1, 4)]);
});

test("a TCP listener that goes away fails the send instead of leaving it waiting", async () => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  try {
    const port = (server.address() as AddressInfo).port;
    await expect(sendReadings({ protocol: "tcp", host: "127.0.0.1", port, count: 200_000, rate: 1_000_000 })).rejects.toThrow();
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}, 20_000);

test("a TCP connection that sends nothing (a port probe) neither counts as a sender nor ends the stream", async () => {
  const registry = new SensorRegistry();
  const source = await listenTcp(0, registry);
  try {
    const probe = connect({ host: "127.0.0.1", port: source.port });
    await new Promise((r) => probe.once("connect", r));
    probe.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const sending = sendReadings({ protocol: "tcp", host: "127.0.0.1", port: source.port, count: 300, rate: 100_000 });
    const summary = await processReadings(source.chunks, { window: spec, registry, aggregator: new InlineAggregator({ window: spec }), lateness: 5000 });
    expect(await sending).toBe(300);
    expect(summary.ingested).toBe(300);
  } finally {
    await source.close();
  }
});

test("an over-long TCP line is dead-lettered, and the lines after it still count", async () => {
  const registry = new SensorRegistry();
  const source = await listenTcp(0, registry);
  try {
    const socket = connect({ host: "127.0.0.1", port: source.port });
    await new Promise((r) => socket.once("connect", r));
    const started = performance.now();
    socket.write("x".repeat(3 * MAX_LINE));
    socket.end('\n{"sensor":"a","timestamp_ms":5,"value":1}\n');
    const reasons: string[] = [];
    const summary = await processReadings(source.chunks, { window: spec, registry, aggregator: new InlineAggregator({ window: spec }), onDeadLetter: (d) => void reasons.push(d.reason) });
    expect(summary).toMatchObject({ ingested: 2, aggregated: 1, rejected: 1 });
    expect(reasons).toEqual([`line longer than ${MAX_LINE} characters`]);
    expect(performance.now() - started).toBeLessThan(5000);
  } finally {
    await source.close();
  }
});

test("UDP: a sender's end marker with a trailing newline ends it, so the stream ends when every sender has", async () => {
  const registry = new SensorRegistry();
  const source = await listenUdp(0, registry);
  const senders = [createSocket("udp4"), createSocket("udp4")];
  const send = (k: number, text: string) => new Promise<void>((resolve, reject) => senders[k]!.send(text, source.port, "127.0.0.1", (err) => (err ? reject(err) : resolve())));
  try {
    await send(0, '{"sensor":"a","timestamp_ms":1,"value":1}\n');
    await send(1, '{"sensor":"b","timestamp_ms":2,"value":2}\n');
    await send(0, `${UDP_END}\n`);
    await send(1, `${UDP_END}\n`);
    const run = processReadings(source.chunks, { window: spec, registry, aggregator: new InlineAggregator({ window: spec }) });
    const summary = await Promise.race([run, new Promise<"open">((r) => setTimeout(() => r("open"), 3000))]);
    expect(summary).toMatchObject({ ingested: 2 });
  } finally {
    for (const s of senders) s.close();
    await source.close();
  }
});

test("UDP: the end marker may be spaced or end in CRLF, readings sent with it count, and a sender that sent no reading cannot end the run", async () => {
  const registry = new SensorRegistry();
  const source = await listenUdp(0, registry);
  const senders = [createSocket("udp4"), createSocket("udp4"), createSocket("udp4")];
  const send = (k: number, text: string) => new Promise<void>((resolve, reject) => senders[k]!.send(text, source.port, "127.0.0.1", (err) => (err ? reject(err) : resolve())));
  try {
    await send(2, '{"end":true}\n'); // the run's first datagram, from a sender that sent nothing: ignored
    await send(0, '{"sensor":"a","timestamp_ms":1,"value":1}\r\n');
    await send(1, '{"sensor":"b","timestamp_ms":2,"value":2}\n{ "end": true }\r\n{"sensor":"b","timestamp_ms":3,"value":3}\n');
    await send(0, '{"end": true}\r\n');
    const run = processReadings(source.chunks, { window: spec, registry, aggregator: new InlineAggregator({ window: spec }) });
    const summary = await Promise.race([run, new Promise<"open">((r) => setTimeout(() => r("open"), 3000))]);
    expect(summary).toMatchObject({ ingested: 3, aggregated: 3, rejected: 0 });
  } finally {
    for (const s of senders) s.close();
    await source.close();
  }
});

test("stopping an idle network run is reported as interrupted", async () => {
  const registry = new SensorRegistry();
  const source = await listenTcp(0, registry);
  const stop = new AbortController();
  const run = processReadings(source.chunks, { window: spec, registry, aggregator: new InlineAggregator({ window: spec }), signal: stop.signal });
  await new Promise((r) => setTimeout(r, 100));
  stop.abort();
  await source.close();
  expect(await run).toMatchObject({ ingested: 0, interrupted: true });
});

test("only loopback hosts are accepted", () => {
  expect(parseHostPort("127.0.0.1:9000")).toEqual({ host: "127.0.0.1", port: 9000 });
  expect(parseHostPort("[::1]:9000")).toEqual({ host: "::1", port: 9000 });
  expect(() => parseHostPort("10.0.0.1:9000")).toThrow(new RangeError('Expected a loopback host (127.0.0.1, ::1, localhost) but found "10.0.0.1"'));
  expect(() => parseHostPort("127.0.0.1:0")).toThrow(new RangeError('Expected HOST:PORT with a port from 1 to 65535 but found "127.0.0.1:0"'));
});
