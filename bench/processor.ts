// `npm run bench -- processor [--runs N] [--quick]`: the concurrent data
// processor side by side, medians of N alternating runs, ratios last.
//   (a) aggregation kernel: typed-array columns + a window table vs objects
//       in a Map keyed by template strings, with DDSketch buckets and
//       moments only
//   (b) 2 workers vs 1 over the same in-memory input: the worker pool on its
//       own (batches in, flushed states out) and the whole pipeline (plus the
//       coordinator's serial watermark scan); SharedArrayBuffer slots,
//       transferred buffers, and structured-cloned object arrays for contrast;
//       and the machine's own ceiling: two bare kernel threads against one
//   (c) the batched pipeline vs version 0 (one object per reading, one thread)
//   (d) end to end: binary (pre-generated columns) and simulated ingestion,
//       CSV ingestion with 2 workers vs 1 (in a fresh process, as a run of
//       the CLI would be: after (a)–(c) this process holds ~100 MB of
//       columns and a dozen idle pools, and its N=2 runs measured 1.1–1.3x
//       where a fresh process measured 1.4–1.7x)
//   (e) peak RSS of a run with a slow sink vs without one (separate processes)
// Machine load is logged before and after: these 2 cores are shared.
// Event times are epoch milliseconds, as real sensors send them (a window
// start like 1764000000000 is what a string key has to format).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DDSketch } from "@datadog/sketches-js";
import {
  InlineAggregator,
  naiveAggregate,
  needsAnyFlush,
  ParsePool,
  processReadings,
  readFile,
  readFileParallel,
  readingsOf,
  SensorRegistry,
  simulateSensors,
  windowSpec,
  WorkerPool,
  type Aggregator,
  type Partitioning,
  type ReadingChunk,
  type Transport,
  WindowTable,
} from "../src/processor";
import { mergePartial, stateLookup } from "../src/processor/aggregate";
import { median } from "../src/shared/stats";
import { concatColumns, EPOCH, generate, SENSORS } from "./threads/readings";
import { startTimedThread, type TimedThread } from "./threads/timed";

const args = process.argv.slice(2);
const rssCase = args.includes("--rss-case") ? args[args.indexOf("--rss-case") + 1] : undefined;
const csvCase = args.includes("--csv-case") ? args[args.indexOf("--csv-case") + 1] : undefined;
const quick = args.includes("--quick");
const runsArg = args.indexOf("--runs");
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : quick ? 3 : 5;
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`error: --runs expects a positive integer but got "${args[runsArg + 1]}"\n`);
  process.exit(2);
}

const window = windowSpec(1000);
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const mps = (n: number, ms: number) => `${((n / ms) * 1000 / 1e6).toFixed(2)} M readings/s`;


/**
 * The aggregator on its own: batches copied into whichever lane has a free
 * buffer, flushed (to free credits, and at the end), every flushed state
 * merged into one table. No watermark, no lateness: the parallel stage.
 */
async function poolStage(chunks: readonly ReadingChunk[], aggregator: Aggregator): Promise<number> {
  const t = performance.now();
  const stateFor = stateLookup(new Map());
  const merging: Promise<void>[] = [];
  const flush = () => merging.push(aggregator.flush().then((ps) => { for (const p of ps) mergePartial(p, stateFor); }));
  let seq = 0;
  for (const c of chunks) {
    for (let at = 0; at < c.length; ) {
      if (needsAnyFlush(aggregator)) flush();
      const { lane, buffer: buf } = await aggregator.acquireAny();
      const n = Math.min(buf.capacity, c.length - at);
      buf.sensor.set(c.sensor.subarray(at, at + n));
      buf.time.set(c.time.subarray(at, at + n));
      buf.value.set(c.value.subarray(at, at + n));
      void aggregator.submit(lane, buf, n, seq++);
      at += n;
    }
  }
  flush();
  await Promise.all(merging);
  return performance.now() - t;
}


/** Starts bench/threads/kernel.ts with its own copy of the columns; `run` times one fold of all of them there. */
const kernelThread = (columns: { sensor: Int32Array; time: Float64Array; value: Float64Array }): Promise<TimedThread> => startTimedThread("kernel", { window, ...columns });

async function pipeline(chunks: Iterable<ReadingChunk> | AsyncIterable<ReadingChunk>, registry: SensorRegistry, aggregator: Aggregator): Promise<number> {
  const t = performance.now();
  const s = await processReadings(chunks, { window, registry, aggregator, outOfOrderness: 50, onWindow: () => undefined });
  if (s.ingested !== s.aggregated + s.late + s.rejected) throw new Error("accounting identity violated");
  return performance.now() - t;
}

/** Runs each variant `runs` times, alternating, and returns the medians (ms). */
async function alternate(variants: Record<string, () => Promise<number> | number>): Promise<Record<string, number>> {
  const times: Record<string, number[]> = {};
  for (const k of Object.keys(variants)) times[k] = [];
  for (const f of Object.values(variants)) await f(); // warm-up
  for (let r = 0; r < runs; r++) for (const [k, f] of Object.entries(variants)) times[k]!.push(await f());
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(times)) out[k] = median(v);
  return out;
}

/**
 * This process's own peak RSS (MiB). On Linux getrusage's maxRSS also
 * counts the parent's peak at the time it forked us (kept across exec), so a
 * child of a large bench process reported the parent's size; VmHWM is this
 * address space's own high-water mark.
 */
function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function rssChild(kind: string): Promise<void> {
  const registry = new SensorRegistry();
  const bounded = kind !== "unbounded";
  const aggregator = await WorkerPool.start({ window, workers: 2, batchSize: 16384, transport: bounded ? "shared" : "transfer", bounded });
  let written = 0;
  // A slow sink writes one result at a time, as a file or a socket would, and
  // pauses 1 ms every 10: about twice as long as the pipeline needs. Without
  // backpressure nobody waits for it and its backlog is what memory holds.
  let tail: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => (++written % 10 === 0 ? new Promise<void>((r) => setTimeout(r, 1)) : Promise.resolve());
  const slow = kind !== "fast";
  const t = performance.now();
  const s = await processReadings(simulateSensors({ sensors: 1000, seed: 3, rate: 100, durationMs: quick ? 15_000 : 30_000, chunkSize: 16384, startTime: EPOCH }, registry), {
    window,
    registry,
    aggregator,
    backpressure: bounded,
    onWindow: slow ? () => (tail = tail.then(write)) : () => undefined,
  });
  await aggregator.close();
  process.stdout.write(JSON.stringify({ maxRssMiB: peakRssMiB(), ms: performance.now() - t, ingested: s.ingested, peakBuffers: s.peakBuffers, peakWaiting: s.peakPendingWindows }) + "\n");
}

/** (d) CSV in this fresh process: the file parsed on 1 and on 2 threads (plus as many aggregation workers), and on the main thread. */
async function csvChild(csv: string): Promise<void> {
  const pools = [await WorkerPool.start({ window, workers: 1, batchSize: 16384 }), await WorkerPool.start({ window, workers: 2, batchSize: 16384 })];
  const parsers = [await ParsePool.start(1), await ParsePool.start(2)];
  const csvRun = (n: 1 | 2, parallel: boolean) => () => {
    const registry = new SensorRegistry();
    return pipeline(parallel ? readFileParallel(csv, registry, { pool: parsers[n - 1] }) : readFile(csv, registry), registry, pools[n - 1]!);
  };
  const medians = await alternate({ csv1: csvRun(1, true), csv2: csvRun(2, true), csvMain: csvRun(1, false) });
  for (const p of [...pools, ...parsers]) await p.close();
  process.stdout.write(JSON.stringify(medians) + "\n");
}

async function main(): Promise<void> {
  if (rssCase) return rssChild(rssCase);
  if (csvCase) return csvChild(csvCase);
  const loadBefore = load();
  console.log(`processor bench: ${runs} alternating runs per comparison, medians; ${cpus().length} cores (${cpus()[0]?.model ?? "?"}); load ${loadBefore}`);
  const ratios: string[] = [];

  // (a) kernel
  const a = generate(quick ? 1_000_000 : 2_000_000);
  const objects = [...readingsOf(a.chunks, (id) => a.registry.name(id))];
  // Both end with one state per (sensor, window): the table's flushed rows
  // merged into WindowState objects, the Map's objects as they are.
  const typedKernel = (quantiles: boolean) => (): number => {
    const t = performance.now();
    const kernel = new WindowTable(window, { quantiles });
    for (const c of a.chunks) kernel.add(c.sensor, c.time, c.value, c.length);
    mergePartial(kernel.flush(), stateLookup(new Map()));
    return performance.now() - t;
  };
  const mapKernel = (quantiles: boolean) => (): number => {
    const t = performance.now();
    const states = new Map<string, { count: number; min: number; max: number; mean: number; m2: number; sketch: DDSketch }>();
    for (const r of objects) {
      const key = `${r.sensor}@${Math.floor(r.timestamp / window.slide) * window.slide}`;
      let st = states.get(key);
      if (!st) states.set(key, (st = { count: 0, min: Infinity, max: -Infinity, mean: 0, m2: 0, sketch: new DDSketch({ relativeAccuracy: 0.01 }) }));
      st.count++;
      const d = r.value - st.mean;
      st.mean += d / st.count;
      st.m2 += d * (r.value - st.mean);
      if (r.value < st.min) st.min = r.value;
      if (r.value > st.max) st.max = r.value;
      if (quantiles) st.sketch.accept(r.value);
    }
    return performance.now() - t;
  };
  const ka = await alternate({ typed: typedKernel(true), map: mapKernel(true), typedMoments: typedKernel(false), mapMoments: mapKernel(false) });
  console.log(
    `(a) kernel over ${a.n} readings, ${SENSORS} sensors, 1 s windows, with p50/p95 buckets: typed columns ${mps(a.n, ka.typed!)}, objects + string-keyed Map ${mps(a.n, ka.map!)}; ` +
      `moments only (count/min/max/mean/M2): typed ${mps(a.n, ka.typedMoments!)}, Map ${mps(a.n, ka.mapMoments!)}`,
  );
  ratios.push(
    `(a) typed kernel / string-keyed Map, count/min/max/mean/M2: ${(ka.mapMoments! / ka.typedMoments!).toFixed(2)}x (goal >= 10x); ` +
      `with p50/p95 sketch buckets on both sides (typed buckets vs DDSketch.accept): ${(ka.map! / ka.typed!).toFixed(2)}x`,
  );
  objects.length = 0;

  // (b) workers
  const b = generate(quick ? 2_000_000 : 4_000_000, 2);
  const pools: Record<string, WorkerPool> = {};
  // Two workers partitioned by arrival stretch (the default: each batch to
  // one of them) and by sensor (every batch to both, each folding half the
  // sensors).
  const configs: [string, number, Transport, Partitioning][] = [
    ["shared1", 1, "shared", "stretch"],
    ["shared2", 2, "shared", "stretch"],
    ["sharedSensor2", 2, "shared", "sensor"],
    ["transfer1", 1, "transfer", "stretch"],
    ["transfer2", 2, "transfer", "stretch"],
    ["transferSensor2", 2, "transfer", "sensor"],
    ["clone2", 2, "clone", "stretch"],
  ];
  for (const [name, workers, transport, partitioning] of configs) pools[name] = await WorkerPool.start({ window, workers, transport, partitioning, batchSize: 16384 });
  const inline = new InlineAggregator({ window, batchSize: 16384 });
  // Two bare kernel threads, each holding its own copy of the readings.
  const columns = concatColumns(b.chunks);
  const bare = await Promise.all([0, 1].map(() => kernelThread(columns)));
  // Where the time goes: the coordinator's busy time (event-loop utilisation
  // of the main thread) and the workers' time inside the kernel, per reading.
  const coordinatorBusy: Record<string, number[]> = { shared1: [], shared2: [] };
  const timedOnMain = (name: string) => async (): Promise<number> => {
    const before = performance.eventLoopUtilization();
    const ms = await pipeline(b.chunks, b.registry, pools[name]!);
    coordinatorBusy[name]!.push(performance.eventLoopUtilization(before).active);
    return ms;
  };
  const ks = await alternate({
    ...Object.fromEntries(configs.map(([name]) => [name, () => poolStage(b.chunks, pools[name]!)])),
    // What two threads can give here at all: one bare kernel thread folding
    // every reading, then two at once, each folding every reading.
    bareOne: () => bare[0]!.run(),
    bareTwo: async () => Math.max(...(await Promise.all(bare.map((k) => k.run())))),
  });
  console.log(`(b) worker pool alone over ${b.n} in-memory readings, batches of 16384: ` + Object.entries(ks).filter(([k]) => !k.startsWith("bare")).map(([k, ms]) => `${k} ${mps(b.n, ms)}`).join(", "));
  const ceiling = (2 * ks.bareOne!) / ks.bareTwo!;
  console.log(
    `(b) this machine's ceiling for 2 threads: a bare kernel thread folded all ${b.n} readings in ${ks.bareOne!.toFixed(0)} ms alone and in ${ks.bareTwo!.toFixed(0)} ms with a twin doing the same beside it, ` +
      `so two busy threads did ${ceiling.toFixed(2)}x the work of one (2.00 would be two independent cores)`,
  );
  const kb = await alternate({
    inline: () => pipeline(b.chunks, b.registry, inline),
    ...Object.fromEntries(configs.map(([name]) => [name, coordinatorBusy[name] ? timedOnMain(name) : () => pipeline(b.chunks, b.registry, pools[name]!)])),
  });
  console.log(`(b) pipeline over ${b.n} in-memory readings, batches of 16384: ` + Object.entries(kb).map(([k, ms]) => `${k} ${mps(b.n, ms)}`).join(", "));
  const nsPer = (ms: number) => (ms / b.n) * 1e6;
  const kernelNs = (pool: WorkerPool) => {
    let busy = 0;
    let readings = 0;
    for (const span of pool.activity) {
      busy += span.end - span.start;
      readings += span.readings;
    }
    return (busy / readings) * 1e6;
  };
  const mainNs = nsPer(median(coordinatorBusy.shared1!));
  const workerNs = kernelNs(pools.shared1!);
  console.log(
    `(b) per reading: coordinator busy ${mainNs.toFixed(1)} ns (1 worker), ${nsPer(median(coordinatorBusy.shared2!)).toFixed(1)} ns (2 workers); ` +
      `kernel on a worker ${workerNs.toFixed(1)} ns (1 worker), ${kernelNs(pools.shared2!).toFixed(1)} ns (2 workers); ` +
      `2 cores shared by the coordinator and 2 workers bound the ratio by max(C, K) / ((C + K) / 2) = ${(Math.max(mainNs, workerNs) / ((mainNs + workerNs) / 2)).toFixed(2)}x`,
  );
  ratios.push(
    `(b) worker pool alone, 2 workers / 1 (goal >= 1.6x), by stretch: SharedArrayBuffer ${(ks.shared1! / ks.shared2!).toFixed(2)}x, transfer ${(ks.transfer1! / ks.transfer2!).toFixed(2)}x; ` +
      `by sensor: SharedArrayBuffer ${(ks.shared1! / ks.sharedSensor2!).toFixed(2)}x, transfer ${(ks.transfer1! / ks.transferSensor2!).toFixed(2)}x; ` +
      `structured clone, 2 workers / shared 1: ${(ks.shared1! / ks.clone2!).toFixed(2)}x; ceiling of 2 threads on this machine now: ${ceiling.toFixed(2)}x`,
  );
  ratios.push(
    `(b) whole pipeline, 2 workers / 1, by stretch: SharedArrayBuffer ${(kb.shared1! / kb.shared2!).toFixed(2)}x, transfer ${(kb.transfer1! / kb.transfer2!).toFixed(2)}x; ` +
      `by sensor: SharedArrayBuffer ${(kb.shared1! / kb.sharedSensor2!).toFixed(2)}x, transfer ${(kb.transfer1! / kb.transferSensor2!).toFixed(2)}x; structured clone, 2 workers / shared 1: ${(kb.shared1! / kb.clone2!).toFixed(2)}x`,
  );

  // (c) batched vs one object per reading
  const c = generate(quick ? 300_000 : 1_000_000, 4);
  const kc = await alternate({
    batched: () => pipeline(c.chunks, c.registry, inline),
    perReading: async () => {
      const t = performance.now();
      await naiveAggregate(readingsOf(c.chunks, (id) => c.registry.name(id)), window);
      return performance.now() - t;
    },
  });
  console.log(`(c) ${c.n} readings: batched columns (1 thread) ${mps(c.n, kc.batched!)}, one object per reading (version 0) ${mps(c.n, kc.perReading!)}`);
  ratios.push(`(c) batched / one object per reading: ${(kc.perReading! / kc.batched!).toFixed(2)}x (goal >= 5x)`);

  // (d) end to end
  const simN = quick ? 1_000_000 : 2_000_000;
  const kdSim = await alternate({
    simulated2: () => {
      const registry = new SensorRegistry();
      return pipeline(simulateSensors({ sensors: SENSORS, seed: 5, rate: 1000, durationMs: simN / SENSORS, maxDelayMs: 50, chunkSize: 1 << 16, startTime: EPOCH }, registry), registry, pools.shared2!);
    },
  });
  const best = Math.min(kb.shared2!, kb.transfer2!, kb.sharedSensor2!, kb.transferSensor2!);
  console.log(`(d) end to end: binary (pre-generated columns, 2 workers) ${mps(b.n, best)}; simulated incl. generation, 2 workers ${mps(simN, kdSim.simulated2!)}`);
  const dir = mkdtempSync(join(tmpdir(), "processor-bench-"));
  const csv = join(dir, "readings.csv");
  const csvN = quick ? 500_000 : 1_000_000;
  const lines = ["sensor,timestamp_ms,value"];
  for (const ch of generate(csvN, 6).chunks) for (let i = 0; i < ch.length; i++) lines.push(`s${ch.sensor[i]},${ch.time[i]},${ch.value[i]}`);
  writeFileSync(csv, lines.join("\n") + "\n");
  lines.length = 0;
  const csvRun = spawnSync(process.execPath, ["--import", "tsx", "bench/processor.ts", "--csv-case", csv, "--runs", String(runs)], { encoding: "utf8" });
  rmSync(dir, { recursive: true, force: true });
  if (csvRun.status !== 0) throw new Error(`CSV child failed: ${csvRun.stderr}`);
  const kd = JSON.parse(csvRun.stdout) as Record<"csv1" | "csv2" | "csvMain", number>;
  console.log(
    `(d) CSV file of ${csvN} lines, in a fresh process, parsed in byte ranges on N pre-started threads + N aggregation workers: N=1 ${mps(csvN, kd.csv1)}, N=2 ${mps(csvN, kd.csv2)}; parsed on the main thread, 1 aggregation worker ${mps(csvN, kd.csvMain)}`,
  );
  ratios.push(`(d) binary ingestion with 2 workers: ${((b.n / best) * 1000 / 1e6).toFixed(2)} M readings/s (goal >= 10); CSV 2 workers / 1: ${(kd.csv1 / kd.csv2).toFixed(2)}x (goal >= 1.4x)`);
  for (const p of Object.values(pools)) await p.close();
  for (const k of bare) await k.worker.terminate();

  // (e) memory with and without a slow sink, each in a fresh process
  const child = (kind: string) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/processor.ts", "--rss-case", kind, ...(quick ? ["--quick"] : [])], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`rss child ${kind} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { maxRssMiB: number; ms: number; ingested: number; peakBuffers: number; peakWaiting: number };
  };
  const rss: Record<string, number[]> = { fast: [], slow: [], unbounded: [] };
  const info: Record<string, string> = {};
  for (let r = 0; r < Math.min(runs, 3); r++) {
    for (const kind of ["fast", "slow", "unbounded"]) {
      const res = child(kind);
      rss[kind]!.push(res.maxRssMiB);
      info[kind] = `${res.ingested} readings in ${(res.ms / 1000).toFixed(1)} s, peak ${res.peakBuffers} batches, ${res.peakWaiting} results waiting for the sink`;
    }
  }
  const med = (k: string) => median(rss[k]!);
  console.log(
    `(e) peak RSS (median of ${rss.fast!.length}): no slow sink ${med("fast").toFixed(0)} MiB [${info.fast}]; slow sink with backpressure ${med("slow").toFixed(0)} MiB [${info.slow}]; slow sink without backpressure ${med("unbounded").toFixed(0)} MiB [${info.unbounded}]`,
  );
  ratios.push(`(e) peak RSS slow sink / none: ${(med("slow") / med("fast")).toFixed(2)}x (goal <= 2x); without backpressure: ${(med("unbounded") / med("fast")).toFixed(2)}x`);

  console.log(`load before ${loadBefore}, after ${load()}`);
  for (const r of ratios) console.log(r);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
