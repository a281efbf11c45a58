import { processorFile, startTsWorker } from "../start-worker";

/** The concurrency lessons workers can run. */
export type LessonTask = "increment-plain" | "increment-atomic" | "increment-mutex" | "semaphore" | "deadlock" | "false-sharing";

/** What a lesson worker starts with. */
export interface LessonInit {
  readonly task: LessonTask;
  readonly index: number;
  /** [go flag, workers checked in] */
  readonly gate: SharedArrayBuffer;
  readonly shared: SharedArrayBuffer;
  readonly params: { iterations?: number; first?: number; second?: number; holdMs?: number; timeoutMs?: number; slot?: number };
}

/** One worker's report: its own time plus task-specific fields. */
export type LessonReport = { readonly ms: number } & Readonly<Record<string, number | boolean>>;

/**
 * Starts one worker per entry of `params` on `task`, releases them all at
 * once (so their work overlaps), waits for every report, and terminates them.
 * `whileRunning` is polled every few ms until they finish (e.g. a deadlock
 * detector).
 */
export async function runLesson(
  task: LessonTask,
  shared: SharedArrayBuffer,
  params: readonly LessonInit["params"][],
  whileRunning?: () => void,
): Promise<LessonReport[]> {
  const gate = new SharedArrayBuffer(8);
  const g = new Int32Array(gate);
  const file = processorFile("lessons/lesson-worker.ts");
  const workers = params.map((p, index) => startTsWorker(file, { task, index, gate, shared, params: p } satisfies LessonInit));
  try {
    const reports = workers.map(
      (w, i) =>
        new Promise<LessonReport>((resolve, reject) => {
          w.once("message", resolve);
          w.once("error", reject);
          w.once("exit", (code) => reject(new Error(`lesson worker ${i} exited with code ${code}`)));
        }),
    );
    const started = performance.now();
    while (Atomics.load(g, 1) < workers.length) {
      if (performance.now() - started > 20_000) throw new Error("lesson workers did not start within 20 s");
      await new Promise((r) => setTimeout(r, 2));
    }
    Atomics.store(g, 0, 1);
    Atomics.notify(g, 0);
    let finished = false;
    const all = Promise.all(reports).finally(() => (finished = true));
    if (whileRunning) {
      while (!finished) {
        whileRunning();
        await Promise.race([all, new Promise((r) => setTimeout(r, 2))]);
      }
    }
    return await all;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
