// `npm run strip [-- --check] [PATH…]`: remove outputs and execution counts from
// notebooks before committing; --check only reports and exits 1 if any has them.
import { readFileSync, writeFileSync } from "node:fs";
import { formatNotebook, hygieneProblems, listNotebooks, parseNotebook, stripNotebook } from "../src/notebook";
import { parseFlags, runCli } from "../src/shared/cli";

runCli((argv) => {
  const { values, positionals } = parseFlags(argv, { check: { type: "boolean" } }, true);
  const paths = positionals.length > 0 ? positionals : listNotebooks();
  let dirty = 0;
  for (const path of paths) {
    const text = readFileSync(path, "utf8");
    const nb = parseNotebook(text, path);
    if (values.check) {
      const problems = hygieneProblems(nb);
      if (problems.length > 0) {
        dirty++;
        console.log(`${path}: ${problems.join("; ")}`);
      }
      continue;
    }
    const clean = formatNotebook(stripNotebook(nb));
    if (clean !== text) {
      writeFileSync(path, clean);
      console.log(`stripped ${path}`);
    }
  }
  return values.check && dirty > 0 ? 1 : 0;
});
