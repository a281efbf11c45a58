import { OptparseExit } from "./optparse";
import { PythonError } from "./pyformat";

/** What one run of an OSTEP simulator printed and how it exited. */
export interface ProgramRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/** `sys.exit(status)` after printing, as the simulators do on bad input. */
export class ProgramExit extends Error {
  constructor(
    readonly status: number,
    readonly stderrText = "",
  ) {
    super(`exit ${status}`);
    this.name = "ProgramExit";
  }
}

/** Collects stdout the way Python's print() writes it. */
export class Printer {
  private readonly parts: string[] = [];

  /** print(a, b, …): arguments joined by spaces, then a newline. */
  print(...args: readonly (string | number | bigint)[]): void {
    this.parts.push(`${args.join(" ")}\n`);
  }

  get text(): string {
    return this.parts.join("");
  }
}

/**
 * Runs a simulator body, turning its ways of ending (normal return, optparse
 * error, sys.exit, an uncaught Python exception) into stdout/stderr/status.
 */
export function runProgram(script: string, body: (out: Printer) => void): ProgramRun {
  const out = new Printer();
  try {
    body(out);
    return { stdout: out.text, stderr: "", status: 0 };
  } catch (err) {
    if (err instanceof OptparseExit) return { stdout: out.text + err.stdout, stderr: err.stderr, status: err.status };
    if (err instanceof ProgramExit) return { stdout: out.text, stderr: err.stderrText, status: err.status };
    if (err instanceof PythonError) {
      return {
        stdout: out.text,
        stderr: `Traceback (most recent call last):\n  File "${script}", in <module>\n${err.type}: ${err.detail}\n`,
        status: 1,
      };
    }
    throw err;
  }
}
