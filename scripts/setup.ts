// `npm run setup`: create or update the project venv (JupyterLab, plotly, nbclient)
// from jupyter/requirements.txt. `npm run lab` and `npm test` call it; it is a
// no-op when the venv already matches the pinned requirements.
import { ensureVenv, PrerequisiteError } from "../src/notebook";

try {
  if (!ensureVenv()) process.stderr.write("venv up to date (.venv)\n");
} catch (err) {
  if (!(err instanceof PrerequisiteError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(2);
}
