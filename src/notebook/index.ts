export { executeNotebooks, type ExecuteOptions } from "./execute";
export { KERNEL_NAME, formatNotebook, hygieneProblems, parseNotebook, stripNotebook, type NotebookJson } from "./hygiene";
export { listNotebooks } from "./list";
export { jupyterEnv, projectPaths, repoRoot } from "./paths";
export { ensureVenv, findSystemPython, PrerequisiteError } from "./venv";
