import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { startTsWorker } from "../../src/processor/start-worker";

/** A pre-started thread that does its work each time `run` is called and answers with the milliseconds it took. */
export interface TimedThread {
  readonly worker: Worker;
  run(): Promise<number>;
}

/**
 * Starts bench/threads/NAME.ts with `data` and waits until it is warm
 * ("ready"). Such a file answers every message with the milliseconds one
 * round of its work took.
 */
export async function startTimedThread(name: string, data: unknown): Promise<TimedThread> {
  const worker = startTsWorker(join(process.cwd(), "bench", "threads", `${name}.ts`), data);
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  const run = () =>
    new Promise<number>((resolve) => {
      worker.once("message", (ms: number) => resolve(ms));
      worker.postMessage("go");
    });
  return { worker, run };
}
