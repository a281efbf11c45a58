import { expect, test } from "vitest";
import { windowSpec, WorkerPool, type Transport } from "../../src/processor";

test.each(["shared", "transfer", "clone"] as Transport[])("records are partitioned by sensor: each worker folds only its own sensors (%s)", async (transport) => {
  const pool = await WorkerPool.start({ window: windowSpec(1000), workers: 3, batchSize: 64, transport, partitioning: "sensor" });
  try {
    const b = await pool.acquire(0);
    const n = 60;
    for (let i = 0; i < n; i++) {
      b.sensor[i] = i % 10;
      b.time[i] = i * 40; // three windows
      b.value[i] = i;
    }
    await pool.submit(0, b, n, 0);
    const partials = await pool.flush();
    expect(partials).toHaveLength(3);
    const seen = new Set<string>();
    let folded = 0;
    partials.forEach((p, w) => {
      for (let k = 0; k < p.keys; k++) {
        expect(p.sensor[k]! % 3).toBe(w);
        const key = `${p.sensor[k]}@${p.windowStart[k]}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        folded += p.stats[5 * k]!;
      }
    });
    expect(folded).toBe(n);
    expect(pool.buffersInUse).toBe(0);
  } finally {
    await pool.close();
  }
});

test("partitioned by stretch, each batch goes to one worker, which folds all of it", async () => {
  const pool = await WorkerPool.start({ window: windowSpec(1000), workers: 2, batchSize: 64, partitioning: "stretch" });
  try {
    expect(pool.lanes).toBe(2);
    for (const lane of [0, 1]) {
      const b = await pool.acquire(lane);
      for (let i = 0; i < 10; i++) {
        b.sensor[i] = i;
        b.time[i] = 0;
        b.value[i] = lane;
      }
      await pool.submit(lane, b, 10, lane);
    }
    const [a, b] = await pool.flush();
    // Both workers hold all ten sensors: the states overlap, and the coordinator merges them.
    expect(Array.from(a!.sensor).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(b!.sensor).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  } finally {
    await pool.close();
  }
});

test("an unknown partitioning is refused", async () => {
  await expect(WorkerPool.start({ window: windowSpec(1000), workers: 1, partitioning: "random" as never })).rejects.toThrow(
    new RangeError('Expected partitioning "sensor" or "stretch" but found random'),
  );
});

test("acquireAny skips a lane whose buffers are all out, and waits for the first lane to free one", async () => {
  const pool = await WorkerPool.start({ window: windowSpec(1000), workers: 2, batchSize: 16, credits: 2 });
  try {
    // Lane 0's worker is "slow": both its buffers are out (folded and held until a flush).
    for (let seq = 0; seq < 2; seq++) {
      const b = await pool.acquire(0);
      b.sensor[0] = 0;
      b.time[0] = 0;
      b.value[0] = 1;
      await pool.submit(0, b, 1, seq);
    }
    expect(pool.needsFlush(0)).toBe(true);
    // Every buffer handed out now comes from lane 1, without waiting on lane 0.
    const got = [await pool.acquireAny(), await pool.acquireAny()];
    expect(got.map((g) => g.lane)).toEqual([1, 1]);
    // Nothing free anywhere: the next one waits, and lane 0's flush frees it.
    let third: { lane: number } | undefined;
    const waiting = pool.acquireAny().then((g) => (third = g));
    await new Promise((r) => setTimeout(r, 50));
    expect(third).toBeUndefined();
    const partials = await pool.flush();
    await waiting;
    expect(third!.lane).toBe(0);
    expect(partials[0]!.stats[0]).toBe(2);
  } finally {
    await pool.close();
  }
});
