import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { jupyterEnv, projectPaths } from "../../src/notebook";
import { launchChromium } from "../helpers/chromium";
import { freePort } from "../helpers/free-port";

// Real JupyterLab, real browser: open the start-here chapter, run every cell
// from the Run menu, and check that plotly drew its chart and nothing failed.
describe("JupyterLab in chromium", () => {
  let lab: ChildProcess | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    if (lab?.pid) process.kill(-lab.pid, "SIGTERM");
  });

  it("runs 00-start-here from the UI and renders its plotly chart without errors", async () => {
    const paths = projectPaths();
    // Serve a copy so Lab's autosave can never write outputs into the committed notebook.
    const root = mkdtempSync(join(tmpdir(), "csl-lab-"));
    copyFileSync(join(paths.notebooks, "00-start-here.ipynb"), join(root, "00-start-here.ipynb"));
    // A throwaway settings dir: render every cell (Lab 4 virtualises off-screen
    // cells by default, which would hide the chart from the DOM) without
    // touching the user's own settings.
    const settings = mkdtempSync(join(tmpdir(), "csl-lab-settings-"));
    mkdirSync(join(settings, "@jupyterlab", "notebook-extension"), { recursive: true });
    writeFileSync(join(settings, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"), '{"windowingMode": "none"}');
    const port = await freePort();
    const token = `t${process.pid}${Date.now()}`;
    lab = spawn(
      paths.jupyter,
      ["lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", `--port=${port}`, `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${root}`],
      { env: { ...jupyterEnv(paths.root), JUPYTERLAB_SETTINGS_DIR: settings }, stdio: "ignore", detached: true },
    );
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const consoleErrors: string[] = [];
    page.on("pageerror", (err) => consoleErrors.push(err.message));

    const url = `http://127.0.0.1:${port}/lab/tree/00-start-here.ipynb?token=${token}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await page.goto(url, { waitUntil: "domcontentloaded" });
        break;
      } catch (err) {
        if (attempt > 120) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await page.locator(".jp-NotebookPanel .jp-Cell").first().waitFor({ timeout: 90_000 });
    // Wait until the server reports the notebook's project kernel started and idle:
    // running cells earlier makes Lab ask which kernel to start.
    await page.waitForFunction(
      async (t) => {
        const sessions = (await (await fetch(`/api/sessions?token=${t}`)).json()) as {
          path: string;
          kernel: { name: string; execution_state: string } | null;
        }[];
        return sessions.some((s) => s.path.endsWith("00-start-here.ipynb") && s.kernel?.name === "core-systems-lab" && s.kernel.execution_state === "idle");
      },
      token,
      { timeout: 90_000, polling: 500 },
    );
    await page.locator(".jp-StatusBar-TextItem", { hasText: "TypeScript (core-systems-lab) | Idle" }).first().waitFor({ timeout: 30_000 });

    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click();

    // Every code cell ends with an execution count, none still running ("*") or skipped.
    // (A string, evaluated in the page: our tsconfig has no DOM types, on purpose.)
    const done = page.waitForFunction(
      `(() => {
        const prompts = [...document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")].map((p) => p.textContent || "");
        return prompts.length > 0 && prompts.every((p) => /\\[\\d+\\]/.test(p));
      })()`,
      undefined,
      { timeout: 150_000, polling: 500 },
    );
    await done.catch(async (err) => {
      mkdirSync("test-results", { recursive: true });
      await page.screenshot({ path: "test-results/lab-00-start-here-failed.png", fullPage: true });
      throw err;
    });
    await page.locator(".js-plotly-plot svg.main-svg").first().waitFor({ timeout: 30_000 });
    await page.locator(".js-plotly-plot").first().scrollIntoViewIfNeeded();
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/lab-00-start-here.png" });

    const errors = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').allInnerTexts();
    expect(errors).toEqual([]);
    expect(await page.locator(".js-plotly-plot").count()).toBeGreaterThanOrEqual(1);
    expect(consoleErrors).toEqual([]);
  });
});
