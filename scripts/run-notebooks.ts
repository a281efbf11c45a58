// `npm run notebooks [-- [--timeout S] [--out-dir DIR] PATH…]`: execute notebooks
// headlessly with the project kernel; default: every notebook in notebooks/.
import { executeNotebooks, listNotebooks, PrerequisiteError } from "../src/notebook";
import { intFlag, parseFlags, runCli, UsageError } from "../src/shared/cli";
import { existsSync } from "node:fs";

runCli(async (argv) => {
  const { values, positionals } = parseFlags(
    argv,
    { timeout: { type: "string" }, "out-dir": { type: "string" }, help: { type: "boolean", short: "h" } },
    true,
  );
  if (values.help) {
    console.log("usage: npm run notebooks -- [--timeout SECONDS] [--out-dir DIR] [NOTEBOOK.ipynb…]");
    return 0;
  }
  const paths = positionals.length > 0 ? positionals : listNotebooks();
  for (const p of paths) {
    if (!p.endsWith(".ipynb")) throw new UsageError(`not a notebook: ${p}`);
    if (!existsSync(p)) throw new UsageError(`no such notebook: ${p}`);
  }
  try {
    await executeNotebooks(paths, {
      cellTimeoutSec: intFlag("timeout", values.timeout, 120, 1, 3600),
      outDir: values["out-dir"],
    });
  } catch (err) {
    if (err instanceof PrerequisiteError) throw new UsageError(err.message);
    // the runner already printed the failing cell, its source and stderr
    process.stderr.write(`notebooks failed\n`);
    return 1;
  }
  process.stderr.write(`${paths.length} notebook(s) executed without errors\n`);
  return 0;
});
