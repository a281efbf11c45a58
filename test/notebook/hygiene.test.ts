import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { formatNotebook, hygieneProblems, listNotebooks, parseNotebook, stripNotebook } from "../../src/notebook";
import { writeNotebook } from "../helpers/notebook-file";

const withOutputs = () => {
  const nb = parseNotebook(readFileSync(writeNotebook("x.ipynb", ["1 + 1", "console.log(2)"]), "utf8"), "x.ipynb");
  nb.cells[1]!.outputs = [{ output_type: "stream", name: "stdout", text: "2\n" }];
  nb.cells[1]!.execution_count = 3;
  nb.cells[1]!.metadata = { execution: { "iopub.status.idle": "2026-11-28T00:00:00Z" }, tags: ["keep"] };
  return nb;
};

describe("committed notebooks", () => {
  const notebooks = listNotebooks();

  it("include the start-here chapter", () => {
    expect(notebooks.map((p) => basename(p))).toContain("00-start-here.ipynb");
  });

  it.each(notebooks.map((p) => [basename(p), p]))("%s has no outputs, no execution counts and uses the project kernel", (_name, path) => {
    const nb = parseNotebook(readFileSync(path, "utf8"), path);
    expect(hygieneProblems(nb)).toEqual([]);
  });

  it.each(notebooks.map((p) => [basename(p), p]))("%s carries a title, date and description for the blog", (_name, path) => {
    const { metadata } = parseNotebook(readFileSync(path, "utf8"), path);
    expect(typeof metadata.title).toBe("string");
    expect(metadata.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof metadata.description).toBe("string");
  });
});

describe("notebook hygiene", () => {
  it("reports outputs and execution counts by cell number", () => {
    expect(hygieneProblems(withOutputs())).toEqual(["cell 2 has 1 output(s)", "cell 2 has execution count 3"]);
  });

  it("reports a notebook that names another kernel", () => {
    const nb = withOutputs();
    nb.metadata.kernelspec = { name: "python3" };
    expect(hygieneProblems(stripNotebook(nb))).toEqual(['kernelspec is "python3", expected "core-systems-lab"']);
  });

  it("strips outputs, counts and timing metadata but keeps the sources and other metadata", () => {
    const stripped = stripNotebook(withOutputs());
    expect(hygieneProblems(stripped)).toEqual([]);
    expect(stripped.cells.map((c) => c.source)).toEqual(["1 + 1", "console.log(2)"]);
    expect(stripped.cells[1]!.metadata).toEqual({ tags: ["keep"] });
  });

  it("names the file when a notebook is not JSON", () => {
    expect(() => parseNotebook("{oops", "notebooks/bad.ipynb")).toThrow(/^notebooks\/bad\.ipynb: not valid JSON/);
  });

  it("npm run strip -- --check fails on a notebook with outputs and strip then cleans it", () => {
    const path = writeNotebook("dirty.ipynb", ["console.log(1)"]);
    const nb = parseNotebook(readFileSync(path, "utf8"), path);
    nb.cells[0]!.outputs = [{ output_type: "stream", name: "stdout", text: "1\n" }];
    writeFileSync(path, formatNotebook(nb));
    const check = () => spawnSync(process.execPath, ["--import", "tsx", "scripts/strip-notebooks.ts", "--check", path], { encoding: "utf8" });
    const dirty = check();
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toContain("cell 1 has 1 output(s)");
    expect(spawnSync(process.execPath, ["--import", "tsx", "scripts/strip-notebooks.ts", path]).status).toBe(0);
    expect(check().status).toBe(0);
  });
});
