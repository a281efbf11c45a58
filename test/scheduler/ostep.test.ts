import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePyFloat, parsePyInt, pyFixed, pyFloatStr, PyRandom, runOstep } from "../../src/scheduler/ostep";

interface Vector {
  readonly args: string[];
  readonly stdout: string;
  readonly exit_code: number;
  readonly stderr_last_line?: string;
  readonly note?: string;
}

const load = (sim: string): Vector[] => JSON.parse(readFileSync(join(__dirname, "fixtures", "ostep", `${sim}.json`), "utf8")).vectors;

describe.each(["scheduler", "mlfq", "lottery"])("ostep %s replays every recorded case", (sim) => {
  it.each(load(sim).map((v) => [v.args.join(" ") + (v.note ? ` (${v.note})` : ""), v] as const))("%s", (_, vector) => {
    const run = runOstep(sim, vector.args);
    expect(run.stdout).toBe(vector.stdout);
    expect(run.status).toBe(vector.exit_code);
    if (vector.stderr_last_line) expect(run.stderr.trimEnd().split("\n").at(-1)).toBe(vector.stderr_last_line);
  });
});

describe("CPython compatibility helpers", () => {
  // Recorded from CPython 3.11.7 (see the file's "how" field): 618 floats and 13 seeds.
  const cpython = JSON.parse(readFileSync(join(__dirname, "fixtures", "cpython-reference.json"), "utf8")) as {
    fixed: [number, string][];
    repr: [number, string][];
    random: Record<string, number[]>;
  };

  it("'%.2f' matches CPython on every recorded float", () => {
    expect(cpython.fixed.filter(([x, text]) => pyFixed(x) !== text)).toEqual([]);
  });

  it("str(float) matches CPython on every recorded float", () => {
    expect(cpython.repr.filter(([x, text]) => pyFloatStr(x) !== text)).toEqual([]);
  });

  it("random() matches CPython's first 20 draws for every recorded seed, including negative and multi-word seeds", () => {
    for (const [seed, draws] of Object.entries(cpython.random)) {
      const rng = new PyRandom(BigInt(seed));
      expect(draws.map(() => rng.random())).toEqual(draws);
    }
  });

  it("MT19937 seeded like random.seed(int) gives CPython's random() values", () => {
    // Values printed by CPython 3.11: random.seed(s); random.random()
    expect(new PyRandom(0).random()).toBe(0.8444218515250481);
    expect(new PyRandom(1).random()).toBe(0.13436424411240122);
    expect(new PyRandom(-1).random()).toBe(0.13436424411240122);
    expect(new PyRandom(2n ** 40n).random()).toBe(0.1036394562812375);
  });

  it("%.2f rounds exact binary ties to even, unlike toFixed", () => {
    expect([0.125, 6.125, 99.625, 0.375, 2.675, 1.005].map((x) => pyFixed(x))).toEqual(["0.12", "6.12", "99.62", "0.38", "2.67", "1.00"]);
    expect(pyFixed(-0.5, 0)).toBe("-0");
    expect(pyFixed(1e20)).toBe("100000000000000000000.00");
  });

  it("str(float) switches to exponent notation outside 1e-4..1e16", () => {
    expect([5, 0.5, 2.25, 1e16, 1e15, 1e-4, 1e-5, 0.1 + 0.2, -0].map(pyFloatStr)).toEqual([
      "5.0", "0.5", "2.25", "1e+16", "1000000000000000.0", "0.0001", "1e-05", "0.30000000000000004", "-0.0",
    ]);
  });

  it("int() and float() accept what Python accepts and reject the rest with Python's message", () => {
    expect(parsePyInt(" +1_000 ")).toBe(1000n);
    expect(() => parsePyInt("1__0")).toThrow("ValueError: invalid literal for int() with base 10: '1__0'");
    expect(parsePyFloat("1_0.5")).toBe(10.5);
    expect(parsePyFloat("-Infinity")).toBe(-Infinity);
    expect(() => parsePyFloat("0x10")).toThrow("ValueError: could not convert string to float: '0x10'");
  });
});

describe("optparse behaviour the simulators inherit", () => {
  it("reads -s010 as octal, -s0x1f as hex and --se as an abbreviation of --seed", () => {
    expect(runOstep("scheduler", ["-s010", "-j", "1"]).stdout).toContain("ARG seed 8\n");
    expect(runOstep("scheduler", ["-s", "0x1f", "-j", "1"]).stdout).toContain("ARG seed 31\n");
    expect(runOstep("scheduler", ["--se=3", "-j", "1"]).stdout).toContain("ARG seed 3\n");
  });

  it("exits 2 with optparse's message for a bad integer and prints nothing", () => {
    const run = runOstep("mlfq", ["-q", "ten"]);
    expect(run).toMatchObject({ stdout: "", status: 2 });
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe("mlfq.py: error: option -q: invalid integer value: 'ten'");
  });

  it("mlfq rejects an allotment list of the wrong length on stdout with status 1", () => {
    expect(runOstep("mlfq", ["-n", "3", "-A", "1,2", "-c"])).toEqual({
      stdout: "number of allotments specified must match number of quantums\n",
      stderr: "",
      status: 1,
    });
  });

  it("mlfq aborts on a job with run time 0", () => {
    const run = runOstep("mlfq", ["-l", "0,0,0", "-c"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("Error: should never have less than 0 time left to run\n");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("[ time 0 ] Run JOB 0 at PRIORITY 2 [ TICKS 9 ALLOT 1 TIME -1 (of 0) ]");
  });
});

describe("ostep CLI", () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/scheduler/ostep/cli.ts", ...args], { encoding: "utf8" });

  it("prints the recorded stdout and exit status", () => {
    const vector = load("lottery").find((v) => v.exit_code === 1)!;
    const r = cli(["lottery", ...vector.args]);
    expect(r.stdout).toBe(vector.stdout);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(vector.stderr_last_line);
  });

  it("names an unknown simulator and exits 2", () => {
    const r = cli(["paging"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: unknown simulator "paging"; expected one of scheduler, mlfq, lottery\n');
  });
});
