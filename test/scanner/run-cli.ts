import { spawn } from "node:child_process";

/** Output of one CLI run. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The scanner CLI's command line, as `npm run scan` runs it (tsx under node). */
export const CLI = [process.execPath, "--import", "tsx", "src/scanner/cli.ts"] as const;

/** Runs a shell command line (from the repo root) and collects its output. */
export function runShell(command: string, args: readonly string[] = []): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command, "sh", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the scanner CLI with `args`. */
export function runCli(args: readonly string[]): Promise<CliRun> {
  return runShell('exec "$@"', [...CLI, ...args]);
}
