import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The project's name in package.json, used to recognise the repo root. */
const PROJECT = "core-systems-lab";

/**
 * Finds the repository root by walking up from `start` (default: the current
 * directory) to the package.json named core-systems-lab.
 */
export function repoRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === PROJECT) return dir;
      } catch {
        // an unreadable package.json is not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Expected to run inside the ${PROJECT} repository but found no package.json for it above ${start}`);
    dir = parent;
  }
}

/** Where the project's files live, all derived from the repo root. */
export function projectPaths(root: string = repoRoot()) {
  return {
    root,
    venv: join(root, ".venv"),
    python: join(root, ".venv", "bin", "python"),
    jupyter: join(root, ".venv", "bin", "jupyter"),
    requirements: join(root, "jupyter", "requirements.txt"),
    jupyterPath: join(root, "jupyter"),
    executeScript: join(root, "jupyter", "execute.py"),
    notebooks: join(root, "notebooks"),
  } as const;
}

/** Environment for Jupyter processes: our kernelspec first on JUPYTER_PATH, nothing registered globally. */
export function jupyterEnv(root: string = repoRoot()): NodeJS.ProcessEnv {
  const own = projectPaths(root).jupyterPath;
  const rest = process.env.JUPYTER_PATH;
  return { ...process.env, JUPYTER_PATH: rest ? `${own}:${rest}` : own, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}
