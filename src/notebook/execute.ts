import { spawn } from "node:child_process";
import { jupyterEnv, projectPaths } from "./paths";
import { ensureVenv } from "./venv";

/** Options for {@link executeNotebooks}. */
export interface ExecuteOptions {
  /** Write each executed notebook (with outputs) to this folder. */
  readonly outDir?: string;
  /** Per-cell timeout in seconds; the cell is interrupted and the run fails (default 120). */
  readonly cellTimeoutSec?: number;
  /** Receives the runner's progress and failure reports (default: stderr). */
  readonly onOutput?: (text: string) => void;
}

/**
 * Executes notebooks top to bottom with the project kernel through the venv's
 * nbclient. Rejects with an Error naming the notebook, the failing cell, its
 * source and the kernel's stderr when any cell fails or times out.
 */
export async function executeNotebooks(paths: readonly string[], options: ExecuteOptions = {}): Promise<void> {
  if (paths.length === 0) throw new RangeError("Expected at least one notebook to execute");
  const timeout = options.cellTimeoutSec ?? 120;
  if (!Number.isInteger(timeout) || timeout < 1) {
    throw new RangeError(`Expected cellTimeoutSec to be an integer greater than 0 but found ${timeout}`);
  }
  ensureVenv();
  const project = projectPaths();
  const args = [project.executeScript, "--timeout", String(timeout)];
  if (options.outDir) args.push("--out-dir", options.outDir);
  args.push(...paths);
  const onOutput = options.onOutput ?? ((text: string) => process.stderr.write(text));
  const child = spawn(project.python, args, { env: jupyterEnv(project.root), stdio: ["ignore", "inherit", "pipe"] });
  let report = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    report += chunk;
    onOutput(chunk);
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve(status ?? 1));
  });
  if (code !== 0) {
    const failures = report.slice(Math.max(0, report.indexOf("FAILED"))).trim();
    throw new Error(failures || `notebook execution failed (exit ${code})`);
  }
}
