import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KERNEL_NAME } from "../../src/notebook";

/** Writes a throwaway notebook (code cells only) using the project kernel; returns its path. */
export function writeNotebook(name: string, cells: readonly string[], dir = mkdtempSync(join(tmpdir(), "csl-nb-"))): string {
  const nb = {
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: KERNEL_NAME, display_name: "TypeScript (core-systems-lab)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(nb));
  return path;
}
