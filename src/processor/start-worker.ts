import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { Worker } from "node:worker_threads";

/**
 * Finds a TypeScript file of this folder on disk. tsx runs `src/` as ES
 * modules (no `__filename`), vitest and the tslab kernel provide one; so try
 * `__filename` first, then the folder of the script being run, then
 * `src/processor` under the working directory and its parents.
 */
export function processorFile(name: string): string {
  const candidates: string[] = [];
  if (typeof __filename === "string") candidates.push(join(dirname(__filename), name));
  // A CLI of this folder started from elsewhere (node --import tsx /path/to/src/processor/cli.ts).
  const script = process.argv[1] ? dirname(resolve(process.argv[1])) : "";
  if (script.endsWith(join("src", "processor"))) candidates.push(join(script, name));
  let dir = process.cwd();
  for (let up = 0; up < 5; up++) {
    candidates.push(join(dir, "src", "processor", name));
    dir = dirname(dir);
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Cannot find src/processor/${name} from ${process.cwd()}`);
  return found;
}

/**
 * Starts a worker thread running a TypeScript file, the same way under tsx,
 * vitest and the tslab kernel: a tiny CommonJS bootstrap registers tsx's
 * require hook inside the new thread, then requires the file. (A `.ts` path
 * with `execArgv: ["--import", "tsx"]` fails in workers on Node 20: "Unknown
 * file extension".)
 */
export function startTsWorker(file: string, workerData: unknown): Worker {
  const req = createRequire(join(process.cwd(), "package.json"));
  let api: string;
  try {
    api = req.resolve("tsx/cjs/api");
  } catch {
    api = createRequire(file).resolve("tsx/cjs/api");
  }
  const bootstrap = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { eval: true, workerData, execArgv: [] });
}
