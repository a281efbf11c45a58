/** Committed notebooks carry no outputs and no execution counts, and name the project kernel. */

/** The kernelspec name every notebook in the collection must use. */
export const KERNEL_NAME = "core-systems-lab";

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: Record<string, unknown>;
}

/** The parts of an nbformat 4 notebook that hygiene looks at. */
export interface NotebookJson {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string }; [key: string]: unknown };
  nbformat: number;
  nbformat_minor: number;
}

/** Parses notebook JSON, with an error naming the file when it is not a notebook. */
export function parseNotebook(text: string, file: string): NotebookJson {
  let nb: NotebookJson;
  try {
    nb = JSON.parse(text) as NotebookJson;
  } catch (err) {
    throw new SyntaxError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!nb || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new TypeError(`${file}: expected an nbformat 4 notebook with a cells array`);
  }
  return nb;
}

/**
 * Lists what keeps a notebook from being committed: outputs, execution
 * counts, a kernel other than the project's. Empty when clean.
 */
export function hygieneProblems(nb: NotebookJson): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    if (cell.outputs && cell.outputs.length > 0) problems.push(`cell ${i + 1} has ${cell.outputs.length} output(s)`);
    if (cell.execution_count !== null && cell.execution_count !== undefined) {
      problems.push(`cell ${i + 1} has execution count ${cell.execution_count}`);
    }
  });
  const kernel = nb.metadata.kernelspec?.name;
  if (kernel !== KERNEL_NAME) problems.push(`kernelspec is "${kernel ?? "missing"}", expected "${KERNEL_NAME}"`);
  return problems;
}

/** Returns a copy without outputs, execution counts or execution timing metadata. */
export function stripNotebook(nb: NotebookJson): NotebookJson {
  return {
    ...nb,
    cells: nb.cells.map((cell) => {
      if (cell.cell_type !== "code") return cell;
      const { execution: _timing, ...metadata } = cell.metadata ?? {};
      return { ...cell, outputs: [], execution_count: null, metadata };
    }),
  };
}

/** Serialises a notebook the way Jupyter does (one-space indent, trailing newline), so diffs stay small. */
export function formatNotebook(nb: NotebookJson): string {
  return `${JSON.stringify(nb, null, 1)}\n`;
}
