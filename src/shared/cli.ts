import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake in how a command was called: reported in one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A failure of the run itself that is no bug (a full disk, an output that went away): one line, exit code 1. */
export class RunFailure extends Error {
  override name = "RunFailure";
}

/** Errors that describe bad input rather than a bug: printed without a stack. */
export function isInputError(err: unknown): err is Error {
  return err instanceof UsageError || err instanceof RangeError || err instanceof TypeError;
}

/**
 * Parses flags strictly with node's `parseArgs`, turning its errors into
 * one-line {@link UsageError}s.
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: readonly string[],
  options: T,
  allowPositionals = false,
) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals, strict: true, allowNegative: true, tokens: true });
  } catch (err) {
    throw new UsageError(_explain((err as Error).message, argv));
  }
  // parseArgs keeps the last of a repeated option; a run with two --out or
  // two --workers is more likely a mistake than a wish.
  const seen = new Map<string, string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option" || options[token.name]?.multiple) continue;
    const earlier = seen.get(token.name);
    if (earlier !== undefined) throw new UsageError(`--${token.name} was given twice (${earlier} and ${token.rawName}${token.value === undefined ? "" : ` ${token.value}`}); give it once`);
    seen.set(token.name, `${token.rawName}${token.value === undefined ? "" : ` ${token.value}`}`);
  }
  const { tokens: _tokens, ...rest } = parsed;
  return rest;
}

/**
 * node's parseArgs calls `--timeout -1` and `--only --out x` "ambiguous";
 * say instead which value it saw and how to pass one that starts with a dash.
 */
function _explain(message: string, argv: readonly string[]): string {
  const ambiguous = /^Option '(-[^' ]+)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const option = ambiguous[1]!;
    const next = argv[argv.indexOf(option) + 1];
    if (next !== undefined && !next.startsWith("--")) {
      return `${option} got "${next}", which looks like an option; to pass a value starting with a dash write ${option}=${next}`;
    }
    if (next !== undefined) return `${option} needs a value but is followed by the option ${next}`;
  }
  return message.split("\n")[0]!;
}

/** A plain decimal number like 5, 0.5 or .5 (Number() alone also reads 0x10, 1e3 and " "). */
export const PLAIN_DECIMAL = /^\s*(\d+\.?\d*|\.\d+)\s*$/;

/** Parses a flag value that must be an integer within [min, max]. */
export function intFlag(name: string, raw: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} expects an integer from ${min} to ${max} but got "${raw}"`);
  }
  return value;
}

/**
 * Runs a CLI's main function: input errors print `error: message` on stderr
 * and exit 2; a {@link RunFailure} prints the same way and exits 1; anything
 * else is a bug, printed with its stack, exit 1. Set CSL_DEBUG=1 to see stacks for input errors too.
 */
export function runCli(main: (argv: string[]) => Promise<number | void> | number | void): void {
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = typeof code === "number" ? code : 0;
      },
      (err: unknown) => {
        if (isInputError(err) && !process.env.CSL_DEBUG) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = 2;
        } else if (err instanceof RunFailure && !process.env.CSL_DEBUG) {
          process.stderr.write(`error: ${err.message}\n`);
          process.exitCode = 1;
        } else {
          process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
          process.exitCode = 1;
        }
      },
    );
}
