// `npm run lab [-- JUPYTERLAB FLAGS…]`: make sure the project venv exists (first
// run installs it, later runs skip that), then open JupyterLab on notebooks/
// with the project kernel found through JUPYTER_PATH. Nothing is registered
// globally; extra flags go to JupyterLab unchanged.
import { spawn } from "node:child_process";
import { ensureVenv, jupyterEnv, PrerequisiteError, projectPaths } from "../src/notebook";

try {
  ensureVenv();
} catch (err) {
  if (!(err instanceof PrerequisiteError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(2);
}
const paths = projectPaths();
const userFlags = process.argv.slice(2);
// Jupyter refuses to start as root without this flag; containers and CI run as root.
const rootFlag = process.getuid?.() === 0 && !userFlags.includes("--allow-root") ? ["--allow-root"] : [];
const lab = spawn(paths.jupyter, ["lab", `--ServerApp.root_dir=${paths.notebooks}`, "--MultiKernelManager.default_kernel_name=core-systems-lab", ...rootFlag, ...userFlags], {
  env: jupyterEnv(paths.root),
  stdio: "inherit",
});
// Ctrl-C reaches JupyterLab through the terminal; forward the signals a process manager would send.
for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => lab.kill(signal));
process.on("SIGINT", () => undefined);
lab.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
