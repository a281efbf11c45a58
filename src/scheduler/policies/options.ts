/** Checks a policy option that must be a finite number > 0 (e.g. a quantum). */
export function positive(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Expected ${name} to be a number > 0 but found ${value}`);
  }
  return value;
}

/** Checks a policy option that must be a finite number >= 0 (0 usually means "off"). */
export function nonNegative(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`Expected ${name} to be a number >= 0 but found ${value}`);
  }
  return value;
}
