import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectPaths } from "./paths";

/** A missing prerequisite the user must install; reported in one line. */
export class PrerequisiteError extends Error {
  override name = "PrerequisiteError";
}

function fingerprint(requirementsFile: string): string {
  return createHash("sha256").update(readFileSync(requirementsFile)).digest("hex");
}

/** The python3 (or $PYTHON) to build the venv with, checked for version and the venv module. */
export function findSystemPython(): string {
  const python = process.env.PYTHON ?? "python3";
  const version = spawnSync(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
  if (version.error || version.status !== 0) {
    throw new PrerequisiteError(`python3 not found: install Python 3.10 or later (Debian/Ubuntu: apt-get install python3 python3-venv)`);
  }
  const [major, minor] = version.stdout.trim().split(".").map(Number);
  if (major! < 3 || (major === 3 && minor! < 10)) {
    throw new PrerequisiteError(`python3 is ${version.stdout.trim()} but JupyterLab 4 needs 3.10 or later: install a newer Python`);
  }
  const venv = spawnSync(python, ["-c", "import venv, ensurepip"], { encoding: "utf8" });
  if (venv.status !== 0) {
    throw new PrerequisiteError(`the Python venv module is missing: install it (Debian/Ubuntu: apt-get install python3-venv)`);
  }
  return python;
}

/**
 * Makes sure `.venv/` exists with exactly the pinned jupyter/requirements.txt.
 * A stamp file holds the requirements' hash, so a second call costs a stat
 * and a hash, not a pip run. Returns true when it had to install.
 */
export function ensureVenv(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): boolean {
  const paths = projectPaths();
  const stamp = join(paths.venv, ".requirements.sha256");
  const wanted = fingerprint(paths.requirements);
  if (existsSync(paths.python) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) {
    markCommonJs(paths.venv);
    return false;
  }
  const python = findSystemPython();
  if (!existsSync(paths.python)) {
    log(`Creating the project venv in ${paths.venv} …`);
    const made = spawnSync(python, ["-m", "venv", paths.venv], { stdio: "inherit" });
    if (made.status !== 0) {
      rmSync(paths.venv, { recursive: true, force: true });
      throw new PrerequisiteError(`could not create ${paths.venv} (python3 -m venv failed): install python3-venv`);
    }
  }
  log(`Installing JupyterLab, plotly and nbclient from ${paths.requirements} into .venv …`);
  const pip = spawnSync(paths.python, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", paths.requirements], {
    stdio: "inherit",
  });
  if (pip.status !== 0) throw new Error(`pip install -r ${paths.requirements} failed (exit ${pip.status})`);
  markCommonJs(paths.venv);
  writeFileSync(stamp, `${wanted}\n`);
  return true;
}

/**
 * The venv sits inside this repository, whose package.json says
 * `"type": "module"`, so Node would load the CommonJS scripts JupyterLab
 * ships (jupyter_builder's yarn.js, run at every start) as ES modules and
 * print a page of minified stack trace. A package.json in the venv declares
 * its files CommonJS.
 */
function markCommonJs(venv: string): void {
  const marker = join(venv, "package.json");
  if (!existsSync(marker)) writeFileSync(marker, `${JSON.stringify({ type: "commonjs" })}\n`);
}
