import { parse as parseYaml } from "yaml";

/** Quarto-style options of a code cell, written as `//| key: value` lines at its top. */
export interface CellOptions {
  /** Show the code (default true). */
  readonly echo: boolean;
  /** Show the outputs (default true). */
  readonly output: boolean;
  /** Show anything at all (default true); false hides code and outputs. */
  readonly include: boolean;
  /** Fold the code into a closed `<details>` (default false). */
  readonly codeFold: boolean;
}

/** The defaults: everything shown, nothing folded. */
export const DEFAULT_CELL_OPTIONS: CellOptions = { echo: true, output: true, include: true, codeFold: false };

const KEYS: Readonly<Record<string, keyof CellOptions>> = {
  echo: "echo",
  output: "output",
  include: "include",
  "code-fold": "codeFold",
};

/**
 * Reads the `//| key: value` option lines at the top of a code cell. Known
 * options are echo, output, include and code-fold, each true or false;
 * other keys (e.g. Quarto's `label`) are ignored.
 *
 * @param source The cell's code.
 * @param where Names the cell in errors, e.g. "notebooks/a.ipynb cell 3".
 * @returns The options and the code without the option lines.
 * @throws {TypeError} When a known option is not true or false.
 *
 * @example
 * parseCellOptions("//| echo: false\nshow(fig);", "cell 1").options.echo; //=> false
 */
export function parseCellOptions(source: string, where: string): { readonly options: CellOptions; readonly code: string } {
  const lines = source.split("\n");
  let n = 0;
  while (n < lines.length && /^\s*\/\/\|/.test(lines[n]!)) n++;
  if (n === 0) return { options: DEFAULT_CELL_OPTIONS, code: source };
  const yaml = lines
    .slice(0, n)
    .map((line) => line.replace(/^\s*\/\/\|\s?/, ""))
    .join("\n");
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (err) {
    throw new TypeError(`${where}: cell options are not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const options: Record<keyof CellOptions, boolean> = { ...DEFAULT_CELL_OPTIONS };
  if (typeof data === "object" && data !== null) {
    for (const [key, value] of Object.entries(data)) {
      const field = KEYS[key];
      if (field === undefined) continue;
      if (typeof value !== "boolean") {
        throw new TypeError(`${where}: expected cell option "${key}" to be true or false but found ${JSON.stringify(value)}`);
      }
      options[field] = value;
    }
  }
  return { options, code: lines.slice(n).join("\n").replace(/^\n+/, "") };
}
