import { parsePyInt, pyRepr } from "./pyformat";

/** One option as the OSTEP programs declare it with Python's optparse. */
export interface OptionSpec {
  readonly short: string;
  readonly long?: string;
  readonly dest: string;
  /** "int" and "string" take a value; "flag" is store_true. */
  readonly kind: "int" | "string" | "flag";
  readonly default: bigint | string | boolean;
}

/** Parsed option values by dest: bigint for int options, string, or boolean. */
export type OptionValues = Record<string, bigint | string | boolean>;

/** optparse ended the program (an error exits 2 with usage on stderr; --help exits 0). */
export class OptparseExit extends Error {
  constructor(
    readonly status: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(stderr || stdout);
    this.name = "OptparseExit";
  }
}

/** optparse's int conversion: 0x → hex, 0b → binary, a leading 0 → octal, else decimal. */
function convertInt(opt: string, value: string): bigint {
  let radix = 10;
  let text = value;
  if (value.slice(0, 2).toLowerCase() === "0x") radix = 16;
  else if (value.slice(0, 2).toLowerCase() === "0b") {
    radix = 2;
    text = value.slice(2) || "0";
  } else if (value.slice(0, 1) === "0") radix = 8;
  try {
    return parsePyInt(text, radix);
  } catch {
    throw new Error(`option ${opt}: invalid integer value: ${pyRepr(value)}`);
  }
}

/**
 * Parses argv like Python's optparse with the given options: short options
 * (`-s 5`, `-s5`, clusters like `-cs5`), long options (`--seed 5`,
 * `--seed=5`, unambiguous prefixes), `--` ending options, positionals
 * allowed anywhere. Errors throw {@link OptparseExit} with status 2.
 */
export function optparse(prog: string, specs: readonly OptionSpec[], argv: readonly string[]): { values: OptionValues; args: string[] } {
  const values: OptionValues = {};
  for (const spec of specs) values[spec.dest] = spec.default;
  const args: string[] = [];
  const usage = `Usage: ${prog} [options]\n\n`;
  const fail = (message: string): never => {
    throw new OptparseExit(2, "", `${usage}${prog}: error: ${message}\n`);
  };
  const help = (): never => {
    const lines = specs.map((s) => `  ${[s.short, s.long].filter(Boolean).join(", ")}${s.kind === "flag" ? "" : ` ${s.dest.toUpperCase()}`}`);
    throw new OptparseExit(0, `${usage}Options:\n  -h, --help            show this help message and exit\n${lines.join("\n")}\n`, "");
  };
  const store = (spec: OptionSpec, opt: string, value: string) => {
    try {
      values[spec.dest] = spec.kind === "int" ? convertInt(opt, value) : value;
    } catch (err) {
      fail((err as Error).message);
    }
  };
  const rest = [...argv];
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === "--") {
      args.push(...rest);
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      const longs = ["--help", ...specs.flatMap((s) => (s.long ? [s.long] : []))];
      let match = longs.find((l) => l === name);
      if (!match) {
        const candidates = longs.filter((l) => l.startsWith(name));
        if (candidates.length === 0) fail(`no such option: ${name}`);
        if (candidates.length > 1) fail(`ambiguous option: ${name} (${candidates.join(", ")}?)`);
        match = candidates[0]!;
      }
      if (match === "--help") help();
      const spec = specs.find((s) => s.long === match)!;
      if (spec.kind === "flag") {
        if (eq >= 0) fail(`${match} option does not take a value`);
        values[spec.dest] = true;
      } else if (eq >= 0) {
        store(spec, match, arg.slice(eq + 1));
      } else {
        if (rest.length === 0) fail(`${match} option requires 1 argument`);
        store(spec, match, rest.shift()!);
      }
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const opt = `-${arg[k]}`;
        if (opt === "-h") help();
        const spec = specs.find((s) => s.short === opt);
        if (!spec) fail(`no such option: ${opt}`);
        if (spec!.kind === "flag") {
          values[spec!.dest] = true;
          continue;
        }
        if (k + 1 < arg.length) store(spec!, opt, arg.slice(k + 1));
        else if (rest.length === 0) fail(`${opt} option requires 1 argument`);
        else store(spec!, opt, rest.shift()!);
        break;
      }
      continue;
    }
    args.push(arg);
  }
  return { values, args };
}
