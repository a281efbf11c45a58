import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repo = resolve(__dirname, "..", "..");
const tsx = join(repo, "node_modules", ".bin", "tsx");
const cli = join(repo, "src", "publish", "cli.ts");

/** Runs the exporter CLI in a scratch project folder holding `notes/`. */
function run(args: string[], notes: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), "csl-cli-"));
  mkdirSync(join(cwd, "notes"));
  for (const [name, text] of Object.entries(notes)) writeFileSync(join(cwd, "notes", name), text);
  return spawnSync(tsx, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, CSL_DEBUG: "" } });
}

describe("npm run export", () => {
  it("reports an unknown flag in one line with exit code 2", () => {
    const r = run(["--bogus"]);
    expect(r.status).toBe(2);
    // The wording after the flag comes from node's parseArgs.
    expect(r.stderr).toMatch(/^error: Unknown option '--bogus'[^\n]*\n$/);
  });

  it("reports a post without a title naming the file, exit code 2", () => {
    const r = run(["--no-execute"], { "bad.md": "---\ndate: 2026-11-28\n---\nx\n" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${join("notes", "bad.md")}: missing "title" in front matter\n`);
  });

  it("reports a bad slug naming the file, exit code 2", () => {
    const r = run(["--no-execute"], { "Bad Name.md": "---\ntitle: T\ndate: 2026-11-28\n---\nx\n" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'error: notes/Bad Name.md: expected a slug of lowercase letters, digits and single hyphens (no path separators, no "..") but found "Bad Name"\n',
    );
  });

  it("reports an --only slug that names no post, exit code 2", () => {
    const r = run(["--no-execute", "--only", "a", "b"], { "a.md": "---\ntitle: T\ndate: 2026-11-28\n---\nx\n" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: --only: no notebook or note has the slug "b"\n');
  });

  it("rejects stray arguments without --only", () => {
    const r = run(["post"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: unexpected argument "post" (usage: npm run export -- [--no-execute] [--only SLUG…] [--drafts] [--out DIR])\n');
  });
});
