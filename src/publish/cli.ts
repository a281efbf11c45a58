import { executeNotebooks } from "../notebook";
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
  const result = await buildSite({
    ...(values.out !== undefined ? { outDir: values.out } : {}),
    ...(only ? { only } : {}),
    drafts: values.drafts,
    ...(values.execute ? { execute: (paths, opts) => executeNotebooks(paths, { outDir: opts.outDir }) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${result.outDir}/index.html\n`);
  return 0;
}

runCli(main);
