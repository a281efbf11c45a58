import { executeNotebooks, PrerequisiteError } from "../notebook";
import { parseFlags, runCli, UsageError } from "../shared/cli";
import { buildSite } from "./site";

const USAGE = "usage: npm run export -- [--no-execute] [--only SLUG…] [--drafts] [--out DIR]";

/**
 * `npm run export`: executes every notebook fresh with the project kernel,
 * then renders notebooks and notes into a static blog (default `dist/blog`).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      execute: { type: "boolean", default: true },
      only: { type: "string", multiple: true },
      drafts: { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0 && !values.only) {
    throw new UsageError(`unexpected argument "${positionals[0]}" (${USAGE})`);
  }
  const only = values.only ? [...values.only, ...positionals] : undefined;
  if (values.out !== undefined && values.out.trim() === "") throw new UsageError("--out expects a folder but got an empty string");
  let executionFailed = false;
  const execute = async (paths: readonly string[], opts: { readonly outDir: string }): Promise<void> => {
    try {
      await executeNotebooks(paths, { outDir: opts.outDir });
    } catch (err) {
      // A missing venv or kernel is a setup problem the user fixes: one line, exit 2.
      if (err instanceof PrerequisiteError) throw new UsageError(err.message);
      executionFailed = true;
      throw err;
    }
  };
  let result;
  try {
    result = await buildSite({
      ...(values.out !== undefined ? { outDir: values.out } : {}),
      ...(only ? { only } : {}),
      drafts: values.drafts,
      ...(values.execute ? { execute } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (err) {
    if (!executionFailed) throw err;
    // The runner has already printed the failing notebook, cell and kernel stderr.
    process.stderr.write(`error: a notebook failed, nothing was exported (use --no-execute to export stored outputs)\n`);
    return 1;
  }
  process.stdout.write(`${result.outDir}/index.html\n`);
  return 0;
}

runCli(main);
