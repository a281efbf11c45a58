/** Longest duration accepted: 365 days, in ms. */
export const MAX_DURATION_MS = 365 * 24 * 3_600_000;

/** A well-formed duration longer than allowed (a CLI says the limit rather than the format). */
export class DurationTooLong extends RangeError {}

/**
 * Parses a duration such as `500ms`, `1s`, `2m` or a bare number of
 * milliseconds into milliseconds, at most `max` (default {@link MAX_DURATION_MS}).
 *
 * @example
 * parseDuration("1.5s"); //=> 1500
 */
export function parseDuration(text: string, max = MAX_DURATION_MS): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new RangeError(`Expected a duration like 500ms, 1s or 2m but found "${text}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? "ms";
  const ms = unit === "m" ? n * 60_000 : unit === "s" ? n * 1000 : n;
  if (ms > max) throw new DurationTooLong(`Expected a duration of at most ${max} ms but found "${text}"`);
  if (!Number.isInteger(ms)) throw new RangeError(`Expected a whole number of milliseconds but "${text}" is ${ms} ms`);
  return ms;
}
