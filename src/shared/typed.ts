type Column = Int32Array | Float64Array | Uint8Array;

/**
 * A copy of the first `keep` entries (default: all) of a typed array in a
 * new one of the same type and `length` entries, the rest set to `fill` —
 * how growable columns grow.
 *
 * @example
 * resized(Int32Array.of(1, 2), 4, 2, -1); //=> Int32Array [1, 2, -1, -1]
 */
export function resized<T extends Column>(a: T, length: number, keep = a.length, fill = 0): T {
  const out = new (a.constructor as new (n: number) => T)(length);
  if (fill !== 0) out.fill(fill, keep);
  out.set(a.subarray(0, keep));
  return out;
}
