/**
 * Python's number formatting and parsing, as the OSTEP simulators rely on it:
 * `'%.2f'` (exact binary value, ties to even), `'%d'` of a float (truncates),
 * `str(float)`, and the strings `int()` / `float()` accept.
 */

/** A Python exception that ends the program: traceback on stderr, exit status 1. */
export class PythonError extends Error {
  constructor(
    readonly type: string,
    readonly detail: string,
  ) {
    super(`${type}: ${detail}`);
    this.name = "PythonError";
  }
}

const view = new DataView(new ArrayBuffer(8));

/** Exact rational value of a finite double as mantissa × 2^exponent (mantissa a BigInt). */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fracHi = hi & 0xfffff;
  let mantissa = (BigInt(fracHi) << 32n) | BigInt(lo);
  if (biased === 0) return { mantissa, exponent: -1074 };
  mantissa |= 1n << 52n;
  return { mantissa, exponent: biased - 1075 };
}

/**
 * Python's `'%.Nf' % x`: rounds the exact binary value to N decimals, an exact
 * tie going to the even digit (JavaScript's toFixed sends ties up).
 *
 * @example
 * pyFixed(0.125, 2); //=> "0.12"
 */
export function pyFixed(x: number, digits = 2): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const negative = x < 0 || Object.is(x, -0);
  const { mantissa, exponent } = decompose(Math.abs(x));
  const scale = 10n ** BigInt(digits);
  let q: bigint;
  if (exponent >= 0) {
    q = (mantissa << BigInt(exponent)) * scale;
  } else {
    const num = mantissa * scale;
    const den = 1n << BigInt(-exponent);
    q = num / den;
    const twice = (num % den) * 2n;
    if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  }
  let text = q.toString().padStart(digits + 1, "0");
  if (digits > 0) text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

/**
 * Python's `'%d' % x` for a number: floats truncate toward zero.
 *
 * @example
 * pyD(2.5); //=> "2"
 */
export function pyD(x: number | bigint, width = 0): string {
  const text = typeof x === "bigint" ? x.toString() : Math.trunc(x).toFixed(0);
  return text.padStart(width, " ");
}

/**
 * Python's `str(float)` / `repr(float)`: shortest round-trip digits, fixed
 * notation with ".0" for whole numbers when 1e-4 <= |x| < 1e16, else
 * scientific like "1e+16".
 *
 * @example
 * pyFloatStr(5); //=> "5.0"
 */
export function pyFloatStr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mant, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${body}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Python's `repr(str)` for plain ASCII text: single quotes unless the text contains one. */
export function pyRepr(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text}"`;
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * Python's `int(text, base)` for base 2–36: surrounding whitespace, a sign,
 * single underscores between digits, and the 0x/0o/0b prefix matching the
 * base. Throws a {@link PythonError} ValueError like CPython.
 *
 * @example
 * parsePyInt(" -1_0 "); //=> -10n
 */
export function parsePyInt(text: string, base = 10): bigint {
  const fail = () => new PythonError("ValueError", `invalid literal for int() with base ${base}: ${pyRepr(text)}`);
  let s = text.trim();
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  const prefix = s.slice(0, 2).toLowerCase();
  if ((base === 16 && prefix === "0x") || (base === 8 && prefix === "0o") || (base === 2 && prefix === "0b")) {
    s = s.slice(2);
    if (s.startsWith("_")) s = s.slice(1);
  }
  if (s === "" || s.startsWith("_") || s.endsWith("_") || s.includes("__")) throw fail();
  let value = 0n;
  const b = BigInt(base);
  for (const ch of s.toLowerCase()) {
    if (ch === "_") continue;
    const d = DIGITS.indexOf(ch);
    if (d < 0 || d >= base) throw fail();
    value = value * b + BigInt(d);
  }
  return negative ? -value : value;
}

const FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * Python's `float(text)`: decimal or scientific notation with optional
 * underscores between digits, "inf"/"infinity"/"nan" in any case, surrounding
 * whitespace. Throws a {@link PythonError} ValueError like CPython.
 *
 * @example
 * parsePyFloat("2.5"); //=> 2.5
 */
export function parsePyFloat(text: string): number {
  const s = text.trim();
  const special = SPECIAL.exec(s);
  if (special) {
    const value = special[2]!.toLowerCase() === "nan" ? NaN : Infinity;
    return special[1] === "-" ? -value : value;
  }
  if (!FLOAT.test(s)) throw new PythonError("ValueError", `could not convert string to float: ${pyRepr(text)}`);
  return Number(s.replace(/_/g, ""));
}
