// Worker side of the concurrency lessons (started by lessons/run.ts).
import { parentPort, workerData } from "node:worker_threads";
import { Mutex } from "../sync/mutex";
import { Semaphore } from "../sync/semaphore";
import type { LessonInit } from "./run";

const init = workerData as LessonInit;
const gate = new Int32Array(init.gate);
// Everyone checks in, then waits for the starting gun so the work overlaps.
Atomics.add(gate, 1, 1);
Atomics.notify(gate, 1);
Atomics.wait(gate, 0, 0);

const shared = new Int32Array(init.shared);
const t0 = performance.now();
let result: Record<string, number | boolean> = {};
const p = init.params;

if (init.task === "increment-plain") {
  for (let i = 0; i < p.iterations!; i++) shared[0]!++;
} else if (init.task === "increment-atomic") {
  for (let i = 0; i < p.iterations!; i++) Atomics.add(shared, 0, 1);
} else if (init.task === "increment-mutex") {
  const m = new Mutex(init.shared, 1);
  for (let i = 0; i < p.iterations!; i++) {
    m.lock();
    shared[0]!++;
    m.unlock();
  }
} else if (init.task === "semaphore") {
  // shared: [occupancy, max occupancy, semaphore]
  const sem = new Semaphore(init.shared, 2);
  for (let i = 0; i < p.iterations!; i++) {
    sem.acquire();
    const now = Atomics.add(shared, 0, 1) + 1;
    for (let seen = Atomics.load(shared, 1); now > seen; seen = Atomics.load(shared, 1)) {
      if (Atomics.compareExchange(shared, 1, seen, now) === seen) break;
    }
    for (let spin = 0; spin < 200; spin++) Atomics.load(shared, 0);
    Atomics.sub(shared, 0, 1);
    sem.release();
  }
} else if (init.task === "deadlock") {
  // shared: [lock A, lock B, owner of A, owner of B, worker 0 waits for, worker 1 waits for]
  const me = init.index;
  const [first, second] = [p.first!, p.second!];
  const a = new Mutex(init.shared, first);
  const b = new Mutex(init.shared, second);
  a.lock();
  Atomics.store(shared, 2 + first, me + 1);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, p.holdMs!);
  Atomics.store(shared, 4 + me, second + 1);
  const got = b.lock(p.timeoutMs!);
  Atomics.store(shared, 4 + me, 0);
  if (got) {
    Atomics.store(shared, 2 + second, me + 1);
    Atomics.store(shared, 2 + second, 0);
    b.unlock();
  }
  Atomics.store(shared, 2 + first, 0);
  a.unlock();
  result = { acquired: got };
} else if (init.task === "false-sharing") {
  const slot = p.slot!;
  for (let i = 0; i < p.iterations!; i++) Atomics.add(shared, slot, 1);
}

parentPort!.postMessage({ ...result, ms: performance.now() - t0 });
