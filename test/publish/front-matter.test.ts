import { describe, expect, it } from "vitest";
import { notebookFrontMatter, splitFrontMatter, toFrontMatter } from "../../src/publish";

describe("toFrontMatter", () => {
  it("fills in defaults for description, tags and draft", () => {
    expect(toFrontMatter({ title: "T", date: "2026-11-28" }, "a.md")).toEqual({
      title: "T",
      date: "2026-11-28",
      description: "",
      tags: [],
      draft: false,
    });
  });

  it("keeps every declared field and drops duplicate tags", () => {
    const fm = toFrontMatter({ title: "T", date: "2026-02-28", description: "D", tags: ["os", "os", "net"], draft: true }, "a.md");
    expect(fm).toEqual({ title: "T", date: "2026-02-28", description: "D", tags: ["os", "net"], draft: true });
  });

  it("rejects a missing title naming the file", () => {
    expect(() => toFrontMatter({ date: "2026-11-28" }, "notes/x.md")).toThrow(new TypeError('notes/x.md: missing "title" in front matter'));
  });

  it("rejects a missing date naming the file", () => {
    expect(() => toFrontMatter({ title: "T" }, "notebooks/a.ipynb")).toThrow(
      new TypeError('notebooks/a.ipynb: missing "date" in front matter'),
    );
  });

  it("rejects a date that is not a real day", () => {
    expect(() => toFrontMatter({ title: "T", date: "2026-02-30" }, "a.md")).toThrow(
      new RangeError('a.md: expected "date" to be a real day written "YYYY-MM-DD" but found "2026-02-30"'),
    );
    expect(() => toFrontMatter({ title: "T", date: "28/11/2026" }, "a.md")).toThrow(/found "28\/11\/2026"/);
  });

  it("accepts a Date object as YAML 1.1 loaders produce", () => {
    expect(toFrontMatter({ title: "T", date: new Date(Date.UTC(2026, 10, 28)) }, "a.md").date).toBe("2026-11-28");
  });

  it("rejects fields of the wrong type", () => {
    expect(() => toFrontMatter({ title: 3, date: "2026-11-28" }, "a.md")).toThrow(
      new TypeError('a.md: expected "title" to be a string but found number 3'),
    );
    expect(() => toFrontMatter({ title: "T", date: "2026-11-28", tags: "os" }, "a.md")).toThrow(
      new TypeError('a.md: expected "tags" to be a list of strings but found "os"'),
    );
    expect(() => toFrontMatter({ title: "T", date: "2026-11-28", draft: "yes" }, "a.md")).toThrow(
      new TypeError('a.md: expected "draft" to be true or false but found "yes"'),
    );
    expect(() => toFrontMatter(["x"], "a.md")).toThrow(new TypeError('a.md: expected front matter to be a mapping but found an array ["x"]'));
  });

  it("rejects a tag that cannot be a folder name", () => {
    expect(() => toFrontMatter({ title: "T", date: "2026-11-28", tags: ["Back End"] }, "a.md")).toThrow(
      new RangeError('a.md: expected tags of lowercase letters, digits and single hyphens but found "Back End"'),
    );
  });
});

describe("splitFrontMatter", () => {
  it("separates YAML between --- lines from the body", () => {
    const { frontMatter, body } = splitFrontMatter("---\ntitle: Hi\ndate: 2026-11-28\ntags: [os]\n---\n# Hi\n\ntext\n", "n.md");
    expect(frontMatter.title).toBe("Hi");
    expect(frontMatter.date).toBe("2026-11-28");
    expect(frontMatter.tags).toEqual(["os"]);
    expect(body).toBe("# Hi\n\ntext\n");
  });

  it("rejects a note without front matter", () => {
    expect(() => splitFrontMatter("# Hi\n", "notes/n.md")).toThrow(
      new TypeError('notes/n.md: expected YAML front matter between "---" lines at the top of the file'),
    );
  });

  it("rejects front matter that is not YAML", () => {
    expect(() => splitFrontMatter("---\ntitle: [oops\n---\n", "n.md")).toThrow(/^n\.md: front matter is not valid YAML: /);
  });
});

describe("notebookFrontMatter", () => {
  const meta = { title: "From metadata", date: "2026-11-28", tags: ["os"] };

  it("reads the notebook metadata keys", () => {
    const nb = { nbformat: 4, metadata: meta, cells: [{ cell_type: "markdown" as const, source: "x" }] };
    const { frontMatter, cells } = notebookFrontMatter(nb, "a.ipynb");
    expect(frontMatter.title).toBe("From metadata");
    expect(cells).toHaveLength(1);
  });

  it("prefers a first raw cell holding YAML, and drops that cell", () => {
    const raw = { cell_type: "raw" as const, source: ["---\n", "title: From raw\n", "date: 2026-11-27\n", "---"] };
    const nb = { nbformat: 4, metadata: meta, cells: [raw, { cell_type: "markdown" as const, source: "x" }] };
    const { frontMatter, cells } = notebookFrontMatter(nb, "a.ipynb");
    expect(frontMatter.title).toBe("From raw");
    expect(frontMatter.date).toBe("2026-11-27");
    expect(cells).toEqual([{ cell_type: "markdown", source: "x" }]);
  });

  it("names the notebook when metadata lacks a title", () => {
    const nb = { nbformat: 4, metadata: { date: "2026-11-28" }, cells: [] };
    expect(() => notebookFrontMatter(nb, "notebooks/a.ipynb")).toThrow(new TypeError('notebooks/a.ipynb: missing "title" in front matter'));
  });
});
