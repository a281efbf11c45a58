/**
 * The process's open-file budget. Every in-flight connect holds a file
 * descriptor; a scan that runs into the limit gets EMFILE instead of an
 * answer from the port, so concurrency is capped below what is left.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Assumed soft limit where `/proc` is unavailable (the common Linux default). */
export const FALLBACK_FD_LIMIT = 1024;

/**
 * The soft limit on open files (`ulimit -n`), read from `/proc/self/limits`;
 * {@link FALLBACK_FD_LIMIT} when it cannot be read.
 */
export function openFileLimit(): number {
  try {
    const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
    const soft = line?.slice("Max open files".length).trim().split(/\s+/)[0];
    if (soft === "unlimited") return Number.MAX_SAFE_INTEGER;
    const value = Number(soft);
    return Number.isInteger(value) && value > 0 ? value : FALLBACK_FD_LIMIT;
  } catch {
    return FALLBACK_FD_LIMIT;
  }
}

/** File descriptors this process has open now (0 when `/proc` is unavailable). */
export function openFileCount(): number {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return 0;
  }
}

/**
 * The largest concurrency that leaves `reserve` descriptors free after the
 * ones already open: `min(requested, limit - open - reserve)`, at least 1.
 *
 * @example
 * safeConcurrency(1000, { limit: 256, open: 20, reserve: 36 }); //=> 200
 */
export function safeConcurrency(
  requested: number,
  { limit = openFileLimit(), open = openFileCount(), reserve = 32 }: { limit?: number; open?: number; reserve?: number } = {},
): number {
  if (!Number.isInteger(requested) || requested < 1) {
    throw new RangeError(`Expected concurrency to be an integer of at least 1 but found ${requested}`);
  }
  return Math.max(1, Math.min(requested, limit - open - reserve));
}
