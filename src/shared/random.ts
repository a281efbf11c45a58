/**
 * The one seeded random generator of the collection: every experiment that
 * draws random numbers takes a seed, so a notebook re-run gives the same plot.
 * mulberry32: tiny, fast, 32-bit state, good enough for simulations (not crypto).
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number;
  /** Exponentially distributed value with the given mean. */
  exponential(mean: number): number;
  /** Normally distributed value (Box–Muller). */
  normal(mean: number, sd: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/**
 * Creates a seeded generator.
 *
 * @example
 * createRng(42).next() === createRng(42).next(); //=> true
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) {
    throw new TypeError(`Expected seed to be an integer but found ${seed}`);
  }
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    uniform: (min, max) => min + next() * (max - min),
    exponential: (mean) => -mean * Math.log(1 - next()),
    normal: (mean, sd) => {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => {
      if (items.length === 0) throw new RangeError("Expected a non-empty array to pick from");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
  };
}
