import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLOTLY_MIMETYPE } from "../../src/plot";
import { writeNotebook } from "../helpers/notebook-file";

// These run the real thing: `npm run notebooks` → venv nbclient → project kernel.
const runNotebooks = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/run-notebooks.ts", ...args], { encoding: "utf8", timeout: 120_000 });

describe("npm run notebooks", () => {
  it("executes cells that import src/ by folder and keeps plotly figures as objects", () => {
    const out = mkdtempSync(join(tmpdir(), "csl-exec-"));
    const path = writeNotebook("ok.ipynb", [
      'import { show, barChart } from "./src/plot";\nshow(barChart({ title: "t", categories: ["a"], series: [{ name: "s", values: [1] }] }));',
      "console.log(process.cwd());",
    ]);
    const run = runNotebooks("--out-dir", out, path);
    expect(run.status, run.stderr).toBe(0);
    const executed = JSON.parse(readFileSync(join(out, "ok.ipynb"), "utf8"));
    const figure = executed.cells[0].outputs[0].data[PLOTLY_MIMETYPE];
    expect(figure.data[0]).toMatchObject({ type: "bar", x: ["a"], y: [1] });
    expect([executed.cells[1].outputs[0].text].flat().join("")).toBe(`${process.cwd()}\n`);
  });

  it("fails naming the notebook, the cell, its source and the error the kernel printed", () => {
    const path = writeNotebook("broken.ipynb", ['console.log("fine");', 'throw new Error("deliberate failure 4711");', 'console.log("never");']);
    const run = runNotebooks(path);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`FAILED ${path}: cell 2 (raised an error)`);
    expect(run.stderr).toContain('throw new Error("deliberate failure 4711");');
    expect(run.stderr).toMatch(/kernel stderr -----\n[\s\S]*Error: deliberate failure 4711/);
    expect(run.stderr).toContain("notebooks failed");
  });

  it("fails on a type error with the compiler's message", () => {
    const path = writeNotebook("types.ipynb", ['const n: number = "not a number";']);
    const run = runNotebooks(path);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("cell 1");
    expect(run.stderr).toContain("Type 'string' is not assignable to type 'number'");
  });

  it("interrupts a cell that runs past the per-cell timeout", () => {
    const path = writeNotebook("slow.ipynb", ["await new Promise((r) => setTimeout(r, 60_000));"]);
    const run = runNotebooks("--timeout", "3", path);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("cell 1 (timed out after 3 s)");
  });

  it("rejects a path that is not a notebook with a one-line error", () => {
    const run = runNotebooks("README.md");
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error: not a notebook: README.md\n");
  });
});
