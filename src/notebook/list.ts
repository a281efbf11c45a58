import { readdirSync } from "node:fs";
import { join } from "node:path";
import { projectPaths } from "./paths";

/** Every notebook of the collection (`notebooks/*.ipynb`), in chapter order. */
export function listNotebooks(dir: string = projectPaths().notebooks): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(dir, f));
}
