// `npm run bench -- NAME [ARGS…]` runs bench/NAME.ts in a fresh process.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [name, ...rest] = process.argv.slice(2);
const available = readdirSync("bench").filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(join("bench", `${name}.ts`))) {
  process.stderr.write(
    `error: ${name ? `no benchmark named "${name}"` : "name a benchmark"}; available: ${available.join(", ") || "none"}\n`,
  );
  process.exit(2);
}
const result = spawnSync(process.execPath, ["--import", "tsx", join("bench", `${name}.ts`), ...rest], { stdio: "inherit" });
process.exit(result.status ?? 1);
