import { spawn } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureVenv, findSystemPython, PrerequisiteError } from "../../src/notebook";
import { freePort } from "../helpers/free-port";

async function poll<T>(what: string, deadlineMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("npm run lab", () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => {
    for (const child of children) if (child.pid) process.kill(-child.pid, "SIGTERM");
  });

  it("finds the venv already installed (no reinstall on a second run)", () => {
    expect(ensureVenv(() => undefined)).toBe(false);
  });

  it("starts JupyterLab on notebooks/ with the project kernel as the default, passing flags through", async () => {
    const port = await freePort();
    const token = "csl-test-token";
    const lab = spawn(process.execPath, ["--import", "tsx", "scripts/lab.ts", "--no-browser", "--port", String(port), `--IdentityProvider.token=${token}`], {
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(lab);
    let stderr = "";
    lab.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const api = (path: string) => fetch(`http://127.0.0.1:${port}${path}?token=${token}`).then((r) => (r.ok ? r.json() : undefined));
    const specs = (await poll("the kernelspecs API", 60_000, () => api("/api/kernelspecs"))) as {
      default: string;
      kernelspecs: Record<string, { spec: { display_name: string; language: string } }>;
    };
    expect(specs.default).toBe("core-systems-lab");
    expect(specs.kernelspecs["core-systems-lab"]!.spec.display_name).toContain("TypeScript");
    const contents = (await api("/api/contents")) as { content: { name: string }[] };
    expect(contents.content.map((c) => c.name)).toContain("00-start-here.ipynb");
    // JupyterLab's own CommonJS helpers must not be loaded as ES modules (the repo's "type": "module").
    expect(stderr).not.toContain("Fail to get yarn configuration");
    expect(stderr).not.toContain("Dynamic require");
  });
});

describe("prerequisites", () => {
  const withPython = <T>(python: string, f: () => T): T => {
    const saved = process.env.PYTHON;
    process.env.PYTHON = python;
    try {
      return f();
    } finally {
      if (saved === undefined) delete process.env.PYTHON;
      else process.env.PYTHON = saved;
    }
  };

  it("says what to install when python3 is missing", () => {
    expect(() => withPython("/nonexistent/python3", findSystemPython)).toThrow(
      new PrerequisiteError("python3 not found: install Python 3.10 or later (Debian/Ubuntu: apt-get install python3 python3-venv)"),
    );
  });

  it("says what to install when the venv module is missing", () => {
    // A python3 that reports 3.11 but cannot import venv, like Debian's without python3-venv.
    const fake = join(mkdtempSync(join(tmpdir(), "csl-py-")), "python3");
    writeFileSync(fake, '#!/bin/sh\ncase "$2" in *venv*) exit 1;; *) echo 3.11;; esac\n', { mode: 0o755 });
    expect(() => withPython(fake, findSystemPython)).toThrow(
      "the Python venv module is missing: install it (Debian/Ubuntu: apt-get install python3-venv)",
    );
  });

  it("rejects a Python older than 3.10", () => {
    const fake = join(mkdtempSync(join(tmpdir(), "csl-py-")), "python3");
    writeFileSync(fake, "#!/bin/sh\necho 3.8\n", { mode: 0o755 });
    expect(() => withPython(fake, findSystemPython)).toThrow("python3 is 3.8 but JupyterLab 4 needs 3.10 or later: install a newer Python");
  });
});
