/** What `Atomics.waitAsync` returns: settled at once, or a promise. */
export type WaitAsyncResult =
  | { readonly async: false; readonly value: "not-equal" | "timed-out" }
  | { readonly async: true; readonly value: Promise<"ok" | "timed-out"> };

/**
 * `Atomics.waitAsync` (Node ≥ 16), typed here because the project's ES2022
 * library typings predate it: waits for a notify on `cell[index]` while it
 * holds `value`, without blocking the event loop.
 */
export function waitAsync(cell: Int32Array, index: number, value: number, timeoutMs?: number): WaitAsyncResult {
  const atomics = Atomics as unknown as { waitAsync: (a: Int32Array, i: number, v: number, t?: number) => WaitAsyncResult };
  return atomics.waitAsync(cell, index, value, timeoutMs);
}
