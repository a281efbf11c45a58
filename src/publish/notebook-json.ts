import type { Notebook, NotebookCell } from "./types";

/**
 * Parses and checks the shape of an nbformat 4 notebook.
 *
 * @param text The `.ipynb` file contents.
 * @param file Path named in errors.
 * @throws {TypeError} When the text is not JSON or not an nbformat 4 notebook.
 */
export function parseNotebook(text: string, file: string): Notebook {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new TypeError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const nb = data as Partial<Notebook> | null;
  if (!nb || typeof nb !== "object" || nb.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new TypeError(`${file}: expected an nbformat 4 notebook with a "cells" array`);
  }
  return { nbformat: 4, metadata: nb.metadata ?? {}, cells: nb.cells };
}

/** A cell's source as one string (nbformat allows a list of lines). */
export function cellSource(cell: NotebookCell): string {
  return multiline(cell.source);
}

/** Joins nbformat's "multiline string" (a string or a list of lines). */
export function multiline(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : "";
}
