// `npm run process -- …`: a thin shell over processReadings.
import { access, stat } from "node:fs/promises";
import { constants } from "node:fs";
import { intFlag, parseFlags, PLAIN_DECIMAL, RunFailure, runCli, UsageError } from "../shared/cli";
import { DurationTooLong, MAX_DURATION_MS, parseDuration } from "./duration";
import { checkWritable, commitAll, fileIdentity, ndjsonSink, removePartialFiles, type NdjsonSink, type OutputIdentity } from "./ndjson-sink";
import { processReadings, type ProcessSummary } from "./pipeline";
import { defaultWorkers, WorkerPool, type Partitioning } from "./pool";
import type { Transport } from "./protocol";
import { SensorRegistry, type ReadingChunk } from "./reading";
import { formatOf } from "./sources/file";
import { readFileParallel } from "./sources/parallel-file";
import { listenTcp, listenUdp, type NetworkSource } from "./sources/network";
import { MAX_DELAY_MS, simulateSensors } from "./sources/simulated";
import { windowSpec, windowsPerReading } from "./window";

const USAGE = `usage: npm run process -- (--input FILE | --simulate N [--seed S] [--duration D] [--rate HZ] [faults] | --listen-udp PORT | --listen-tcp PORT)
       [--window 1s] [--slide 500ms] [--lateness 2s] [--out-of-order 0ms] [--workers N] [--batch N]
       [--out FILE.ndjson] [--dead-letter FILE.ndjson] [--late-out FILE.ndjson] [--rollup-out FILE.ndjson]
       [--transport shared|transfer|clone] [--partition stretch|sensor]
       [--inject-worker-crash] [--json]
Durations take ms, s or m, up to 365 days. The watermark (newest event time per sensor minus --out-of-order,
minimum over sensors not idle for 2 s of event time) advances every 256 readings; a window closes and is
emitted once it reaches windowEnd + --lateness. A reading whose windows have all closed is late and goes to
--late-out (as an input line, with its seq); with --slide, one that still has an open window counts in the
open ones only.
Defaults: --window 1s, --slide = --window (tumbling), --lateness 0ms, --out-of-order 0ms, --workers = cores,
--batch 16384, --transport shared, --partition stretch; --simulate: --seed 1, --duration 10s, --rate 100 per sensor.
p50/p95 come from a DDSketch: within 1 % of the value at rank q·(n−1), so for two values p95 is the smaller.
Outputs are written to a partial file and renamed into place when the run succeeds.
Simulated faults (--simulate only; chances per reading, default 0): --max-delay D (arrival after event time,
default --out-of-order; at most 1m), --jitter D (at most 1m), --malformed P (dead-lettered records), --dropout P (2 s silences),
--stuck P (50 repeated values), --burst P (20 extra readings).
Inputs: CSV with the header sensor,timestamp_ms,value, or NDJSON/JSONL lines {"sensor","timestamp_ms","value"};
timestamps are integer ms, values finite and within ±1e150; anything else is dead-lettered with a reason.
--listen-tcp ends once a sender has sent something and all have disconnected; --listen-udp once every sender
has sent the line {"end":true} (npm run sensors does both); Ctrl-C ends either, writing what came.`;

const FLAGS = {
  input: { type: "string" },
  simulate: { type: "string" },
  seed: { type: "string" },
  duration: { type: "string" },
  rate: { type: "string" },
  "max-delay": { type: "string" },
  jitter: { type: "string" },
  malformed: { type: "string" },
  dropout: { type: "string" },
  stuck: { type: "string" },
  burst: { type: "string" },
  "listen-udp": { type: "string" },
  "listen-tcp": { type: "string" },
  window: { type: "string" },
  slide: { type: "string" },
  lateness: { type: "string" },
  "out-of-order": { type: "string" },
  workers: { type: "string" },
  batch: { type: "string" },
  out: { type: "string" },
  "dead-letter": { type: "string" },
  "late-out": { type: "string" },
  "rollup-out": { type: "string" },
  transport: { type: "string" },
  partition: { type: "string" },
  "inject-worker-crash": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function durationFlag(name: string, raw: string | undefined, fallback: number, max = MAX_DURATION_MS): number {
  if (raw === undefined) return fallback;
  try {
    return parseDuration(raw, max);
  } catch (err) {
    if (!(err instanceof DurationTooLong)) throw new UsageError(`--${name} expects a duration like 500ms, 1s or 2m but got "${raw}"`);
    const limit = max % 86_400_000 === 0 ? `${max / 86_400_000} days` : `${max / 60_000}m`;
    throw new UsageError(`--${name} expects a duration of at most ${limit} but got "${raw}"`);
  }
}

/** A repeated signal handled within this many ms of the first is its echo (see onSignal). */
const ECHO_MS = 500;

/** Signals that drain the run (Ctrl-C, a supervisor's SIGTERM, a closed terminal's SIGHUP). */
const DRAIN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Most windows one reading may join (--window / --slide). */
const MAX_WINDOWS_PER_READING = 1000;

/** Flags that shape the simulated sensors, refused with any other source. */
const SIMULATION_FLAGS = ["seed", "duration", "rate", "max-delay", "jitter", "malformed", "dropout", "stuck", "burst"] as const;

/** A chance per reading, from 0 to 1. */
function chanceFlag(name: string, raw: string | undefined): number {
  if (raw === undefined) return 0;
  const p = Number(raw);
  if (!PLAIN_DECIMAL.test(raw) || !(p >= 0 && p <= 1)) throw new UsageError(`--${name} expects a chance per reading from 0 to 1, written like 0.05, but got "${raw}"`);
  return p;
}

/** Checks an output path before any work starts, so a typo fails fast and creates nothing; returns where it goes. */
async function writable(flag: string, path: string): Promise<OutputIdentity> {
  try {
    return await checkWritable(path);
  } catch (err) {
    throw new UsageError(`cannot write --${flag} "${path}": ${(err as Error).message}`);
  }
}

/** A sink's write failure (a full disk, a closed pipe), said in one line: the run failed, the flags were fine (exit 1). */
function sinkError(sink: NdjsonSink, err: Error): RunFailure {
  return new RunFailure(`cannot write ${sink.label}: ${err.message}`);
}

async function readable(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
    if (!(await stat(path)).isFile()) throw new Error("not a regular file");
  } catch (err) {
    throw new UsageError(`cannot read --input "${path}": ${(err as Error).message}`);
  }
}

async function main(argv: string[]): Promise<number> {
  // A reader that went away (| head) just stops getting output (an --out
  // sent there fails the run on its own); any other failure to write the
  // summary or messages makes the exit status 1.
  let streamFailed = false;
  let stdoutIsAnOutput = false; // then that output's own error says it
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") return;
      streamFailed = true;
      if (stream === process.stdout && !stdoutIsAnOutput) process.stderr.write(`error: cannot write to standard output: ${err.message}\n`);
    });
  }
  process.on("exit", () => {
    if (streamFailed && !process.exitCode) process.exitCode = 1;
  });
  const { values: f } = parseFlags(argv, FLAGS);
  if (f.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const sources = (["input", "simulate", "listen-udp", "listen-tcp"] as const).filter((k) => f[k] !== undefined);
  if (sources.length !== 1) throw new UsageError(`expected exactly one of --input, --simulate, --listen-udp, --listen-tcp but got ${sources.length ? sources.map((s) => `--${s}`).join(", ") : "none"}`);
  const size = durationFlag("window", f.window, 1000);
  const slide = durationFlag("slide", f.slide, size);
  if (size <= 0) throw new UsageError(`--window must be longer than 0 ms but got "${f.window}"`);
  if (slide <= 0 || slide > size) throw new UsageError(`--slide must be from 1 ms to the window (${size} ms) but got "${f.slide}"`);
  const window = windowSpec(size, slide);
  // Every reading is folded into size/slide windows: beyond this the run
  // slows to a crawl and its memory explodes, so say so up front.
  const perReading = windowsPerReading(window);
  if (perReading > MAX_WINDOWS_PER_READING) {
    throw new UsageError(`--window ${size} ms sliding by ${slide} ms puts each reading in ${perReading} windows; at most ${MAX_WINDOWS_PER_READING} are supported (use a longer --slide)`);
  }
  const lateness = durationFlag("lateness", f.lateness, 0);
  const outOfOrderness = durationFlag("out-of-order", f["out-of-order"], 0);
  const workers = intFlag("workers", f.workers, defaultWorkers(), 1, 64);
  const batchSize = intFlag("batch", f.batch, 16384, 1, 1 << 22);
  const transport = (f.transport ?? "shared") as Transport;
  if (!["shared", "transfer", "clone"].includes(transport)) throw new UsageError(`--transport expects shared, transfer or clone but got "${f.transport}"`);
  const partitioning = (f.partition ?? "stretch") as Partitioning;
  if (partitioning !== "stretch" && partitioning !== "sensor") throw new UsageError(`--partition expects stretch or sensor but got "${f.partition}"`);
  // No two outputs in one file, and none over the input being read.
  const outputs = new Map<string, string>();
  const input = f.input === undefined ? undefined : fileIdentity(f.input);
  if (input) outputs.set(input, "input");
  for (const flag of ["out", "dead-letter", "late-out", "rollup-out"] as const) {
    const path = f[flag];
    if (path === undefined) continue;
    const { key, shareable } = await writable(flag, path);
    const other = outputs.get(key);
    if (other && (other === "input" || !shareable)) throw new UsageError(`--${flag} and --${other} name the same file "${path}"; give each output its own`);
    outputs.set(key, flag);
  }
  if (f.input !== undefined) {
    await readable(f.input);
    try {
      formatOf(f.input);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  if (f.simulate === undefined) {
    const misplaced = SIMULATION_FLAGS.filter((k) => f[k] !== undefined);
    if (misplaced.length > 0) throw new UsageError(`--${misplaced[0]} only applies to --simulate`);
  }

  const registry = new SensorRegistry();
  let network: NetworkSource | undefined;
  let source: AsyncIterable<ReadingChunk> | Iterable<ReadingChunk>;
  let described: string;
  if (f.input !== undefined) {
    // Parsing text costs far more than aggregating: the same number of threads parse byte ranges.
    source = readFileParallel(f.input, registry, { workers });
    described = `input ${f.input} (parsed on ${workers} thread(s))`;
  } else if (f.simulate !== undefined) {
    const sensors = intFlag("simulate", f.simulate, 1, 1, 100_000);
    const seed = intFlag("seed", f.seed, 1, 0, 2 ** 32 - 1);
    const durationMs = durationFlag("duration", f.duration, 10_000);
    if (f["max-delay"] === undefined && outOfOrderness > MAX_DELAY_MS) {
      throw new UsageError(`--max-delay defaults to --out-of-order, which is above the simulator's limit of ${MAX_DELAY_MS / 60_000}m; give --max-delay as well`);
    }
    const rate = f.rate === undefined ? 100 : Number(f.rate);
    if (!(rate > 0 && rate <= 1e6) || (f.rate !== undefined && !PLAIN_DECIMAL.test(f.rate))) throw new UsageError(`--rate expects readings per second per sensor from 0 to 1000000, written like 100 or 0.5, but got "${f.rate}"`);
    source = simulateSensors(
      {
        sensors,
        seed,
        durationMs,
        rate,
        maxDelayMs: durationFlag("max-delay", f["max-delay"], outOfOrderness, MAX_DELAY_MS),
        jitterMs: durationFlag("jitter", f.jitter, 0, MAX_DELAY_MS),
        malformedRate: chanceFlag("malformed", f.malformed),
        dropoutRate: chanceFlag("dropout", f.dropout),
        stuckRate: chanceFlag("stuck", f.stuck),
        burstRate: chanceFlag("burst", f.burst),
      },
      registry,
    );
    described = `simulate ${sensors} sensors, seed ${seed}, ${durationMs} ms at ${rate} Hz`;
  } else {
    const udp = f["listen-udp"] !== undefined;
    const port = intFlag(udp ? "listen-udp" : "listen-tcp", udp ? f["listen-udp"] : f["listen-tcp"], 0, 0, 65535);
    try {
      network = udp ? await listenUdp(port, registry) : await listenTcp(port, registry);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === "EADDRINUSE" ? "the port is already in use" : code === "EACCES" ? "permission denied (ports below 1024 need privileges)" : (err as Error).message;
      throw new UsageError(`cannot listen on ${udp ? "udp" : "tcp"} 127.0.0.1:${port}: ${why}`);
    }
    source = network.chunks;
    described = `listen ${udp ? "udp" : "tcp"} 127.0.0.1:${network.port}`;
    process.stderr.write(`listening on ${udp ? "udp" : "tcp"} 127.0.0.1:${network.port}\n`);
  }

  const sinkFor = (flag: "out" | "dead-letter" | "late-out" | "rollup-out") => (f[flag] === undefined ? undefined : ndjsonSink(f[flag], `--${flag} "${f[flag]}"`));
  const out = sinkFor("out");
  const dead = sinkFor("dead-letter");
  const lateOut = sinkFor("late-out");
  const rollupOut = sinkFor("rollup-out");
  const sinks = [out, dead, lateOut, rollupOut].filter((sink) => sink !== undefined);
  stdoutIsAnOutput = sinks.some((sink) => sink.kind === "stdout");
  const stop = new AbortController();
  let interrupts = 0;
  // Ctrl-C (or SIGTERM from a supervisor, SIGHUP from a closed terminal) drains and writes the outputs;
  // a second one exits at once, and the exit handler removes partial files.
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    // One keypress can arrive twice: `timeout` and some supervisors signal
    // both the process and its group. A repeat handled within 500 ms is
    // taken for that echo, not a second Ctrl-C: a busy run may handle the
    // two signals well apart even when they came a few ms apart.
    if (interrupts > 0 && performance.now() - firstSignalAt < ECHO_MS) return;
    if (++interrupts > 1) {
      // Die of the signal at once (process.exit would wait for a thread
      // blocked opening a pipe nobody reads), partial files removed first.
      removePartialFiles();
      for (const sig of DRAIN_SIGNALS) process.off(sig, onSignal);
      process.kill(process.pid, signal);
      return;
    }
    firstSignalAt = performance.now();
    if (process.stderr.isTTY) process.stderr.write(`\n${signal}: draining and writing the outputs; send it again (after half a second) to stop at once\n`);
    stop.abort();
    void network?.close();
  };
  for (const sig of DRAIN_SIGNALS) process.on(sig, onSignal);
  const failedSink = (): NdjsonSink | undefined => sinks.find((sink) => sink.failure);

  const pool = await WorkerPool.start({ window, workers, batchSize, transport, partitioning, crashOnBatch: f["inject-worker-crash"] ? 0 : undefined });
  const tty = process.stderr.isTTY && !f.json;
  let summary: ProcessSummary;
  try {
    summary = await processReadings(source, {
      window,
      registry,
      aggregator: pool,
      lateness,
      outOfOrderness,
      signal: stop.signal,
      onWindow: out ? (w) => out.write(w) : undefined,
      onDeadLetter: dead ? (d) => void dead.write(d) : undefined,
      // In the input's own NDJSON shape, so late readings can be fed back in.
      onLate: lateOut ? (r) => void lateOut.write({ sensor: r.sensor, timestamp_ms: r.timestamp, value: r.value, seq: r.seq }) : undefined,
      onRollup: rollupOut ? (r) => void rollupOut.write(r) : undefined,
      sideOutputsReady: () => {
        const failed = failedSink();
        if (failed) throw sinkError(failed, failed.failure!);
        const congested = [dead, lateOut, rollupOut].filter((sink) => sink?.congested);
        if (congested.length > 0) return Promise.all(congested.map((sink) => sink!.drained())).then(() => undefined);
      },
      onProgress: tty
        ? (p) => process.stderr.write(`\r${Math.round((p.ingested / p.elapsedMs) * 1000)} readings/s on average, watermark lag ${p.watermarkLag} ms, ${p.buffers} batch buffers in use, rss ${(p.rss / 2 ** 20).toFixed(0)} MiB   `)
        : undefined,
    });
    const failed = await commitAll(sinks);
    if (failed) {
      const landed = failed.landed.length > 0 ? `; ${failed.landed.map((sink) => sink.label).join(", ")} written all the same` : "";
      throw new RunFailure(`cannot write ${failed.sink.label}: ${failed.error.message}${landed}`);
    }
  } catch (err) {
    await Promise.all(sinks.map((sink) => sink.discard()));
    const failed = failedSink();
    throw failed ? sinkError(failed, failed.failure!) : err;
  } finally {
    await pool.close();
    await network?.close();
    // The handlers stay: an echo of the first signal that comes after the
    // drain must not kill the process before it prints the summary.
  }
  if (tty) process.stderr.write("\n");
  if (f.json) {
    const { ingested, aggregated, late, rejected, windows, elapsedMs, readingsPerSecond } = summary;
    process.stdout.write(JSON.stringify({ ingested, aggregated, late, rejected, windows, workers: summary.workers, elapsedMs, readingsPerSecond }) + "\n");
  } else {
    process.stdout.write(
      [
        `${described}; window ${size} ms, slide ${slide} ms, lateness ${lateness} ms, ${workers} worker(s) by ${partitioning}, batch ${batchSize}, ${transport}`,
        `ingested ${summary.ingested} = aggregated ${summary.aggregated} + late ${summary.late} + rejected ${summary.rejected}`,
        `${summary.windows} window result(s) in ${summary.elapsedMs.toFixed(0)} ms (${Math.round(summary.readingsPerSecond)} readings/s)` +
          (summary.restarts ? `, ${summary.restarts} worker restart(s)` : "") +
          (summary.interrupted ? ", interrupted and drained" : ""),
      ].join("\n") + "\n",
    );
  }
  return 0;
}

runCli(main);
