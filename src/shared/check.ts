/** Input checks shared by the subjects, with the project's error wording. */

/**
 * Throws a RangeError naming `name` unless `value` is an integer in [min, max].
 *
 * @example
 * checkInteger("workers", 0, 1, 64); // throws RangeError: Expected workers to be an integer from 1 to 64 but found 0
 */
export function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Expected ${name} to be an integer from ${min} to ${max} but found ${value}`);
  }
}
