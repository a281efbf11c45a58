import { parse as parseYaml } from "yaml";
import { validateTag } from "./slug";
import type { FrontMatter, Notebook, NotebookCell } from "./types";
import { cellSource } from "./notebook-json";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Validates raw front matter (parsed YAML or notebook metadata) and fills in
 * defaults.
 *
 * @param data The mapping read from the file.
 * @param file Path named in every error.
 * @throws {TypeError} When the title or date is missing or a field has the wrong type.
 * @throws {RangeError} When the date is not a real "YYYY-MM-DD" day or a tag is not a slug.
 *
 * @example
 * toFrontMatter({ title: "T", date: "2026-11-28" }, "a.md").tags; //=> []
 */
export function toFrontMatter(data: unknown, file: string): FrontMatter {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new TypeError(`${file}: expected front matter to be a mapping but found ${describe(data)}`);
  }
  const record = data as Record<string, unknown>;
  const { title, date, description, tags, draft } = record;
  if (title === undefined || title === null || title === "") {
    throw new TypeError(`${file}: missing "title" in front matter`);
  }
  if (typeof title !== "string") {
    throw new TypeError(`${file}: expected "title" to be a string but found ${describe(title)}`);
  }
  if (date === undefined || date === null || date === "") {
    throw new TypeError(`${file}: missing "date" in front matter`);
  }
  const day = date instanceof Date ? date.toISOString().slice(0, 10) : date;
  if (typeof day !== "string") {
    throw new TypeError(`${file}: expected "date" to be a "YYYY-MM-DD" string but found ${describe(date)}`);
  }
  if (!isCalendarDay(day)) {
    throw new RangeError(`${file}: expected "date" to be a real day written "YYYY-MM-DD" but found "${day}"`);
  }
  if (description !== undefined && typeof description !== "string") {
    throw new TypeError(`${file}: expected "description" to be a string but found ${describe(description)}`);
  }
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) {
    throw new TypeError(`${file}: expected "tags" to be a list of strings but found ${describe(tags)}`);
  }
  for (const tag of (tags as string[] | undefined) ?? []) validateTag(tag, file);
  if (draft !== undefined && typeof draft !== "boolean") {
    throw new TypeError(`${file}: expected "draft" to be true or false but found ${describe(draft)}`);
  }
  return {
    title,
    date: day,
    description: description ?? "",
    tags: [...new Set((tags as string[] | undefined) ?? [])],
    draft: draft ?? false,
  };
}

/**
 * Splits a Markdown note into its YAML front matter and body. The front
 * matter sits between a first line `---` and the next line `---`.
 *
 * @throws {TypeError} When there is no front matter block or it is not valid YAML.
 *
 * @example
 * splitFrontMatter("---\ntitle: T\ndate: 2026-11-28\n---\n# Hi\n", "a.md").body; //=> "# Hi\n"
 */
export function splitFrontMatter(text: string, file: string): { readonly frontMatter: FrontMatter; readonly body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) {
    throw new TypeError(`${file}: expected YAML front matter between "---" lines at the top of the file`);
  }
  return { frontMatter: toFrontMatter(parseYamlIn(match[1]!, file), file), body: text.slice(match[0].length) };
}

/**
 * Reads a notebook's front matter: from a first raw cell holding YAML (with
 * or without `---` lines) if there is one, otherwise from the notebook
 * metadata keys title, date, description, tags and draft.
 *
 * @returns The front matter and the cells to render (without the YAML cell).
 */
export function notebookFrontMatter(
  notebook: Notebook,
  file: string,
): { readonly frontMatter: FrontMatter; readonly cells: readonly NotebookCell[] } {
  const first = notebook.cells[0];
  if (first && first.cell_type === "raw") {
    const text = cellSource(first).replace(/^\s*---[ \t]*\r?\n/, "").replace(/\r?\n---\s*$/, "");
    const data = parseYamlIn(text, file);
    if (typeof data === "object" && data !== null && !Array.isArray(data)) {
      return { frontMatter: toFrontMatter(data, file), cells: notebook.cells.slice(1) };
    }
  }
  return { frontMatter: toFrontMatter(notebook.metadata, file), cells: notebook.cells };
}

function parseYamlIn(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw new TypeError(`${file}: front matter is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}

function isCalendarDay(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array ${JSON.stringify(value)}`;
  if (typeof value === "string") return `"${value}"`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
