import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { createServer, type AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "processor-cli-"));

function cli(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", `src/processor/${script}`, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const processCli = (...args: string[]) => cli("cli.ts", args);

describe("npm run process", () => {
  test("--json prints exactly the summary document, and --out one line per closed (sensor, window)", () => {
    const out = join(dir, "out.ndjson");
    const r = processCli("--simulate", "5", "--seed", "7", "--duration", "4s", "--window", "1s", "--workers", "2", "--out", out, "--json");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(Object.keys(summary)).toEqual(["ingested", "aggregated", "late", "rejected", "windows", "workers", "elapsedMs", "readingsPerSecond"]);
    expect(summary).toMatchObject({ ingested: 2000, aggregated: 2000, late: 0, rejected: 0, windows: 20, workers: 2 });
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.length).toBe(20);
    expect(Object.keys(lines[0])).toEqual(["sensor", "windowStart", "windowEnd", "count", "min", "max", "mean", "stddev", "p50", "p95"]);
    for (const l of lines) {
      expect(l.windowStart % 1000).toBe(0);
      expect(l.windowEnd - l.windowStart).toBe(1000);
    }
    expect(lines.reduce((s, l) => s + l.count, 0)).toBe(2000);
  });

  test("--partition sensor gives the same windows as the default partitioning by stretch", () => {
    const outs = ["stretch", "sensor"].map((partition) => {
      const out = join(dir, `part-${partition}.ndjson`);
      const r = processCli("--simulate", "5", "--seed", "3", "--duration", "3s", "--workers", "2", "--batch", "100", "--partition", partition, "--out", out, "--json");
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l)).map((w) => [w.sensor, w.windowStart, w.count, w.min, w.max, w.p50, w.p95]);
    });
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[0]!.length).toBe(15);
  });

  test("a CSV file with malformed lines is processed; bad lines are dead-lettered with a reason", () => {
    const input = join(dir, "in.csv");
    const dead = join(dir, "dead.ndjson");
    writeFileSync(input, "sensor,timestamp_ms,value\na,0,1\na,500,3\nb,x,1\na,1500,2\n,7,1\n");
    const r = processCli("--input", input, "--dead-letter", dead, "--workers", "1", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ingested: 5, aggregated: 3, late: 0, rejected: 2, windows: 2 });
    const letters = readFileSync(dead, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(letters.map((l) => l.reason)).toEqual(['timestamp_ms is not a number: "x"', "sensor id is empty"]);
  });

  test("simulated faults reach the side outputs: malformed records are dead-lettered, delayed ones late", () => {
    const dead = join(dir, "sim-dead.ndjson");
    const late = join(dir, "sim-late.ndjson");
    const r = processCli("--simulate", "5", "--seed", "2", "--duration", "3s", "--malformed", "0.05", "--max-delay", "800ms", "--workers", "2", "--dead-letter", dead, "--late-out", late, "--json");
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.rejected).toBeGreaterThan(0);
    expect(s.late).toBeGreaterThan(0);
    expect(s.ingested).toBe(s.aggregated + s.late + s.rejected);
    const lines = (path: string) => readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines(dead).length).toBe(s.rejected);
    expect(lines(dead).every((d) => typeof d.reason === "string" && d.reason.length > 0)).toBe(true);
    expect(lines(late).length).toBe(s.late);
    // Without the delay the same stream has nothing late.
    const onTime = processCli("--simulate", "5", "--seed", "2", "--duration", "3s", "--malformed", "0.05", "--workers", "1", "--json");
    const sOnTime = JSON.parse(onTime.stdout);
    expect(sOnTime.late).toBe(0);
    expect(sOnTime.rejected).toBeGreaterThan(0);
    for (const [args, message] of [
      [["--simulate", "3", "--malformed", "2"], '--malformed expects a chance per reading from 0 to 1, written like 0.05, but got "2"'],
      [["--listen-udp", "0", "--max-delay", "1s"], "--max-delay only applies to --simulate"],
    ] as const) {
      const bad = processCli(...args);
      expect([bad.code, bad.stderr]).toEqual([2, `error: ${message}\n`]);
    }
  });

  test("--out /dev/stdout into a redirected file keeps every window line and the summary after them", () => {
    const file = join(dir, "redirected.txt");
    const fd = openSync(file, "w");
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/processor/cli.ts", "--simulate", "3", "--seed", "4", "--duration", "2s", "--malformed", "0.1", "--out", "/dev/stdout", "--dead-letter", "/dev/stdout", "--json"], {
      stdio: ["ignore", fd, "pipe"],
      encoding: "utf8",
      timeout: 60_000,
    });
    closeSync(fd);
    expect(r.status, r.stderr).toBe(0);
    const docs = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const summary = docs.at(-1);
    expect(Object.keys(summary)).toContain("readingsPerSecond");
    expect(docs.filter((d) => "windowStart" in d).length).toBe(summary.windows);
    expect(docs.filter((d) => "reason" in d).length).toBe(summary.rejected);
    expect(summary.rejected).toBeGreaterThan(0);
  });

  test("standard output that cannot be written fails the run in one line, exit 1, through --out /dev/stdout or for the summary alone", () => {
    const run = (...args: string[]) => {
      const fd = openSync("/dev/full", "w");
      const r = spawnSync(process.execPath, ["--import", "tsx", "src/processor/cli.ts", "--simulate", "2", "--duration", "1s", ...args], { stdio: ["ignore", fd, "pipe"], encoding: "utf8", timeout: 60_000 });
      closeSync(fd);
      return r;
    };
    const viaOut = run("--out", "/dev/stdout");
    expect(viaOut.status).toBe(1);
    expect(viaOut.stderr).toMatch(/^error: cannot write --out "\/dev\/stdout": ENOSPC[^\n]*\n$/);
    const summary = run("--json");
    expect(summary.status).toBe(1);
    expect(summary.stderr).toMatch(/^error: cannot write to standard output: ENOSPC[^\n]*\n$/);
  });

  test("a second Ctrl-C exits at once, even with an output pipe nobody reads, and leaves no partial file", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "processor-cli-fifo-"));
    const fifo = join(runDir, "dead.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const out = join(runDir, "out.ndjson");
    const child = spawn(process.execPath, ["--import", "tsx", "src/processor/cli.ts", "--simulate", "5", "--duration", "10m", "--malformed", "0.5", "--dead-letter", fifo, "--out", out], { stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 2500));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 1500)); // well past an echo of the first, even if that was handled late
    child.kill("SIGINT");
    const signal = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running"), 5000))]);
    if (signal === "still running") child.kill("SIGKILL");
    expect(signal).toBe("SIGINT");
    expect(readdirSync(runDir)).toEqual(["dead.fifo"]);
  }, 20_000);

  test("long sliding windows start quickly; too many windows per reading is refused up front", () => {
    // 600 windows per reading: the workers' warm-up used to fold 600 × 262,144 made-up readings first.
    const r = processCli("--simulate", "1", "--duration", "2s", "--rate", "10", "--window", "1m", "--slide", "100ms", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ingested: 20, aggregated: 20 });
    const tooMany = processCli("--simulate", "1", "--window", "1m", "--slide", "1ms");
    expect([tooMany.code, tooMany.stderr]).toEqual([2, "error: --window 60000 ms sliding by 1 ms puts each reading in 60000 windows; at most 1000 are supported (use a longer --slide)\n"]);
  }, 30_000);

  test("a run that fails leaves earlier output files untouched and no partial files", () => {
    const runDir = mkdtempSync(join(tmpdir(), "processor-cli-fail-"));
    const input = join(runDir, "bad-header.csv");
    writeFileSync(input, "sensor,ts,value\na,0,1\n");
    const out = join(runDir, "out.ndjson");
    const dead = join(runDir, "dead.ndjson");
    writeFileSync(out, '{"earlier":"results"}\n');
    writeFileSync(dead, '{"earlier":"letters"}\n');
    const r = processCli("--input", input, "--out", out, "--dead-letter", dead, "--workers", "1");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Expected the CSV header "sensor,timestamp_ms,value" on line 1 .*\n$/);
    expect(readFileSync(out, "utf8")).toBe('{"earlier":"results"}\n');
    expect(readFileSync(dead, "utf8")).toBe('{"earlier":"letters"}\n');
    expect(readdirSync(runDir).sort()).toEqual(["bad-header.csv", "dead.ndjson", "out.ndjson"]);
  });

  test("late readings and per-window rollups go to their own side outputs", () => {
    const input = join(dir, "late.ndjson");
    const late = join(dir, "late-out.ndjson");
    const rollups = join(dir, "rollups.ndjson");
    // The CLI advances the watermark every 256 readings: 300 on-time readings in [1000, 2000) come first.
    const onTime = Array.from({ length: 300 }, (_, i) => [i % 2 ? "b" : "a", 1500 + i, i % 2 ? 4 : 2]);
    const rows = [["a", 100, 1], ["b", 200, 3], ...onTime, ["a", 300, 9]];
    writeFileSync(input, rows.map(([sensor, timestamp_ms, value]) => JSON.stringify({ sensor, timestamp_ms, value })).join("\n"));
    const r = processCli("--input", input, "--late-out", late, "--rollup-out", rollups, "--workers", "1", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ingested: 303, aggregated: 302, late: 1, rejected: 0, windows: 4 });
    expect(JSON.parse(readFileSync(late, "utf8"))).toMatchObject({ sensor: "a", timestamp_ms: 300, value: 9 });
    // Late readings are written as input lines: fed back in, they are all read.
    const again = processCli("--input", late, "--json");
    expect(JSON.parse(again.stdout)).toMatchObject({ ingested: 1, aggregated: 1, rejected: 0 });
    const windows = readFileSync(rollups, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(windows.map((w) => [w.windowStart, w.count, w.sensors, w.min, w.max])).toEqual([[0, 2, 2, 1, 3], [1000, 300, 2, 2, 4]]);
  });

  test("runs from any working directory (its workers are found beside the script)", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "processor-cli-cwd-"));
    const tsx = createRequire(join(process.cwd(), "package.json")).resolve("tsx");
    const r = spawnSync(process.execPath, ["--import", pathToFileURL(tsx).href, join(process.cwd(), "src/processor/cli.ts"), "--simulate", "2", "--duration", "1s", "--json"], { cwd: elsewhere, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ ingested: 200, aggregated: 200 });
  });

  test("an injected worker crash loses nothing", () => {
    const base = processCli("--simulate", "4", "--duration", "3s", "--workers", "2", "--batch", "100", "--json");
    const crashed = processCli("--simulate", "4", "--duration", "3s", "--workers", "2", "--batch", "100", "--inject-worker-crash", "--json");
    expect(crashed.code).toBe(0);
    const [a, b] = [JSON.parse(base.stdout), JSON.parse(crashed.stdout)];
    expect([b.ingested, b.aggregated, b.windows]).toEqual([a.ingested, a.aggregated, a.windows]);
  });

  test("percentiles never fall outside the window's exact min and max", () => {
    const input = join(dir, "few.csv");
    writeFileSync(input, "sensor,timestamp_ms,value\na,100,1\na,200,3\nb,150,5\n");
    const out = join(dir, "few.ndjson");
    const r = processCli("--input", input, "--out", out, "--workers", "1");
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const a = lines.find((l) => l.sensor === "a");
    const b = lines.find((l) => l.sensor === "b");
    expect([a.min, a.max]).toEqual([1, 3]);
    for (const q of [a.p50, a.p95]) expect(q >= 1 && q <= 3).toBe(true);
    expect([b.min, b.max, b.p50, b.p95]).toEqual([5, 5, 5, 5]);
  });

  test.each([
    [["--simulate", "3", "--window", "1x"], 'error: --window expects a duration like 500ms, 1s or 2m but got "1x"'],
    [["--simulate", "3", "--workers", "0"], 'error: --workers expects an integer from 1 to 64 but got "0"'],
    [["--simulate", "3", "--partition", "round-robin"], 'error: --partition expects stretch or sensor but got "round-robin"'],
    [["--simulate", "3", "--input", "x.csv"], "error: expected exactly one of --input, --simulate, --listen-udp, --listen-tcp but got --input, --simulate"],
    [["--window", "1s"], "error: expected exactly one of --input, --simulate, --listen-udp, --listen-tcp but got none"],
    [["--input", join(dir, "missing.csv")], `error: cannot read --input "${join(dir, "missing.csv")}": ENOENT: no such file or directory, access '${join(dir, "missing.csv")}'`],
    [["--simulate", "3", "--slide", "2s"], 'error: --slide must be from 1 ms to the window (1000 ms) but got "2s"'],
    [["--simulate", "3", "--frobnicate"], "error: Unknown option '--frobnicate'"],
    [["--simulate", "3", "--out", join(dir, "no-such-dir", "w.ndjson")], `error: cannot write --out "${join(dir, "no-such-dir", "w.ndjson")}": its folder does not exist (ENOENT)`],
    [["--simulate", "3", "--dead-letter", dir], `error: cannot write --dead-letter "${dir}": is a directory`],
    [["--simulate", "3", "--out-of-order", "99999999999999999999m"], 'error: --out-of-order expects a duration of at most 365 days but got "99999999999999999999m"'],
    [["--simulate", "3", "--rate", "0x10"], 'error: --rate expects readings per second per sensor from 0 to 1000000, written like 100 or 0.5, but got "0x10"'],
    [["--simulate", "3", "--malformed", "0x1"], 'error: --malformed expects a chance per reading from 0 to 1, written like 0.05, but got "0x1"'],
    [["--simulate", "3", "--malformed", "1e-2"], 'error: --malformed expects a chance per reading from 0 to 1, written like 0.05, but got "1e-2"'],
    [["--simulate", "3", "--workers", "2", "--workers", "1"], "error: --workers was given twice (--workers 2 and --workers 1); give it once"],
    [["--simulate", "3", "--max-delay", "2m"], 'error: --max-delay expects a duration of at most 1m but got "2m"'],
    [["--simulate", "3", "--out-of-order", "2m"], "error: --max-delay defaults to --out-of-order, which is above the simulator's limit of 1m; give --max-delay as well"],
  ])("bad input %j exits 2 with one line", (args, message) => {
    const r = processCli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message + "\n");
    expect(r.stdout).toBe("");
  });

  test.each([
    ["tcp", "SIGINT"],
    ["udp", "SIGTERM"],
  ] as const)("listening on %s, %s drains, flushes open windows, writes the outputs and prints the summary", async (protocol, signal) => {
    const out = join(dir, `signal-${protocol}.ndjson`);
    const child = spawn(process.execPath, ["--import", "tsx", "src/processor/cli.ts", `--listen-${protocol}`, "0", "--out", out, "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        const m = new RegExp(`listening on ${protocol} 127\\.0\\.0\\.1:(\\d+)`).exec(stderr);
        if (m) resolve(Number(m[1]));
      });
      child.once("exit", () => reject(new Error(`exited early: ${stderr}`)));
    });
    const text = ['{"sensor":"a","timestamp_ms":100,"value":1}', '{"sensor":"a","timestamp_ms":200,"value":3}', "garbage"].join("\n") + "\n";
    let closeSender: () => void;
    if (protocol === "tcp") {
      const { connect } = await import("node:net");
      const socket = connect({ host: "127.0.0.1", port });
      await new Promise((r) => socket.once("connect", r));
      socket.write(text);
      closeSender = () => socket.destroy();
    } else {
      const { createSocket } = await import("node:dgram");
      const socket = createSocket("udp4");
      await new Promise<void>((resolve, reject) => socket.send(text, port, "127.0.0.1", (err) => (err ? reject(err) : resolve())));
      closeSender = () => socket.close();
    }
    await new Promise((r) => setTimeout(r, 400));
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    closeSender();
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ingested: 3, aggregated: 2, late: 0, rejected: 1, windows: 1 });
    expect(readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l).count)).toEqual([2]);
  });

  test("Ctrl-C drains a busy simulated run that writes no file: the summary counts only what was read", async () => {
    // No I/O at all in this run: the coordinator used to keep the event loop
    // from the signal handler until all 360,000,000 readings were done.
    const child = spawn(process.execPath, ["--import", "tsx", "src/processor/cli.ts", "--simulate", "200", "--duration", "300m", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Past start-up (tsx, the worker pool) even on a loaded machine.
    await new Promise((r) => setTimeout(r, 5000));
    child.kill("SIGINT");
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running"), 15_000))]);
    if (code === "still running") child.kill("SIGKILL");
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.ingested).toBeGreaterThan(0);
    expect(summary.ingested).toBeLessThan(360_000_000);
    expect(summary.ingested).toBe(summary.aggregated + summary.late + summary.rejected);
  }, 30_000);

  test("a second drain signal that comes with the first (as `timeout` signals a process and its group) is its echo: the run still drains and writes", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "processor-cli-echo-"));
    const out = join(runDir, "out.ndjson");
    const child = spawn(process.execPath, ["--import", "tsx", "src/processor/cli.ts", "--simulate", "50", "--duration", "300m", "--out", out, "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Running once its partial output file exists; then let it get busy.
    for (let i = 0; i < 200 && !readdirSync(runDir).some((f) => f.endsWith(".partial")); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    // Two signals that reach the process together, however loaded the
    // machine: sent while it is stopped, both are delivered when it goes on.
    // (Two of the same kind would be merged into one by the kernel.)
    child.kill("SIGSTOP");
    child.kill("SIGINT");
    child.kill("SIGTERM");
    child.kill("SIGCONT");
    expect(await exited).toBe(0);
    const summary = JSON.parse(stdout);
    expect(readFileSync(out, "utf8").trim().split("\n").length).toBe(summary.windows);
    expect(readdirSync(runDir)).toEqual(["out.ndjson"]);
  }, 30_000);

  test("Ctrl-C on `npm run process` (SIGINT to the whole process group, as a terminal sends it) drains a busy run and writes its outputs", async () => {
    // tsx's own runner relays signals and SIGKILLs a child that is busy for
    // more than 30 ms: the script must start node itself.
    const runDir = mkdtempSync(join(tmpdir(), "processor-cli-npm-"));
    const out = join(runDir, "out.ndjson");
    const child = spawn("npm", ["run", "-s", "process", "--", "--simulate", "200", "--duration", "300m", "--out", out, "--json"], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    // Running once its partial output file exists; then let it get busy.
    for (let i = 0; i < 200 && !readdirSync(runDir).some((f) => f.endsWith(".partial")); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 2000));
    process.kill(-child.pid!, "SIGINT");
    await exited;
    const summary = JSON.parse(stdout);
    expect(summary.ingested).toBeGreaterThan(0);
    expect(summary.ingested).toBe(summary.aggregated + summary.late + summary.rejected);
    expect(readFileSync(out, "utf8").trim().split("\n").length).toBe(summary.windows);
    expect(readdirSync(runDir)).toEqual(["out.ndjson"]);
  }, 60_000);

  test("two outputs naming one file, or an output that cannot be written, fail in one line and leave nothing", () => {
    const runDir = mkdtempSync(join(tmpdir(), "processor-cli-outputs-"));
    const same = join(runDir, "x.ndjson");
    const dup = processCli("--simulate", "2", "--duration", "1s", "--out", same, "--late-out", same);
    expect([dup.code, dup.stderr]).toEqual([2, `error: --late-out and --out name the same file "${same}"; give each output its own\n`]);
    symlinkSync("x.ndjson", join(runDir, "to-x"));
    const viaLink = processCli("--simulate", "2", "--duration", "1s", "--out", same, "--dead-letter", join(runDir, "to-x"));
    expect([viaLink.code, viaLink.stderr]).toEqual([2, `error: --dead-letter and --out name the same file "${join(runDir, "to-x")}"; give each output its own\n`]);
    rmSync(join(runDir, "to-x"));
    const input = join(runDir, "in.csv");
    writeFileSync(input, "sensor,timestamp_ms,value\na,0,1\n");
    const overInput = processCli("--input", input, "--out", input);
    expect([overInput.code, overInput.stderr]).toEqual([2, `error: --out and --input name the same file "${input}"; give each output its own\n`]);
    expect(readFileSync(input, "utf8")).toBe("sensor,timestamp_ms,value\na,0,1\n");
    rmSync(input);
    expect(processCli("--simulate", "2", "--duration", "1s", "--out", "/dev/null", "--dead-letter", "/dev/null").code).toBe(0);
    // A write failing only at the final flush counts too.
    const smallFull = processCli("--simulate", "2", "--duration", "1s", "--out", "/dev/full");
    expect(smallFull.code).toBe(1); // the flags were fine: the run failed
    expect(smallFull.stderr).toMatch(/^error: cannot write --out "\/dev\/full": ENOSPC[^\n]*\n$/);
    const out = join(runDir, "out.ndjson");
    const full = processCli("--simulate", "5", "--duration", "3s", "--malformed", "0.5", "--dead-letter", "/dev/full", "--out", out);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/^error: cannot write --dead-letter "\/dev\/full": ENOSPC[^\n]*\n$/);
    expect(readdirSync(runDir)).toEqual([]);
  });
});

describe("npm run sensors", () => {
  test("--help prints the usage and exits 0", () => {
    const r = cli("sensors-cli.ts", ["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run sensors -- \(--udp HOST:PORT \| --tcp HOST:PORT\)/);
  });

  test("a port already in use or nobody listening is a one-line error, exit 2", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    const busy = processCli("--listen-tcp", String(port));
    expect(busy.code).toBe(2);
    expect(busy.stderr).toBe(`error: cannot listen on tcp 127.0.0.1:${port}: the port is already in use\n`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // A fractional rate is accepted (it is the connection that fails).
    const refused = cli("sensors-cli.ts", ["--tcp", `127.0.0.1:${port}`, "--count", "1", "--rate", "0.5"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^error: cannot connect to tcp 127\\.0\\.0\\.1:${port}: connection refused .*\n$`));
  });

  test("a listener that goes away mid-stream is a one-line error, exit 1 (the run failed, the flags were fine)", async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    const child = spawn(process.execPath, ["--import", "tsx", "src/processor/sensors-cli.ts", "--tcp", `127.0.0.1:${port}`, "--count", "200000", "--rate", "1000000"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^error: the listener at tcp 127\\.0\\.0\\.1:${port} went away while sending: [^\\n]+\\n$`));
  }, 30_000);

  test("the sensors' --rate refuses what is not a positive rate", () => {
    for (const bad of ["0", "-1", "fast", "2000000"]) {
      const r = cli("sensors-cli.ts", ["--udp", "127.0.0.1:9", `--rate=${bad}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: --rate expects readings per second, more than 0 and at most 1000000, but got "${bad}"\n`);
    }
  });

  test("refuses a non-loopback target", () => {
    const r = cli("sensors-cli.ts", ["--udp", "192.0.2.1:9999", "--count", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --udp: Expected a loopback host (127.0.0.1, ::1, localhost) but found "192.0.2.1"\n');
  });

  test("feeds a listening processor end to end over UDP", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/processor/cli.ts", "--listen-udp", "0", "--lateness", "10s", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    const port = await new Promise<number>((resolve) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        const m = /listening on udp 127\.0\.0\.1:(\d+)/.exec(stderr);
        if (m) resolve(Number(m[1]));
      });
    });
    const sender = cli("sensors-cli.ts", ["--udp", `127.0.0.1:${port}`, "--count", "500", "--rate", "5000", "--seed", "3"]);
    expect(sender.code).toBe(0);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ingested: 500, rejected: 0 });
  });
});
