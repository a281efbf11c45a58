import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertUniqueSlugs, slugFromFile, validateSlug } from "../../src/publish";

describe("slugs", () => {
  it("come from the file name without its extension", () => {
    expect(slugFromFile("notebooks/02-os-scheduler.ipynb")).toBe("02-os-scheduler");
    expect(slugFromFile("notes/threads-vs-processes.md")).toBe("threads-vs-processes");
  });

  it("reject names that are not lowercase words joined by hyphens", () => {
    expect(() => slugFromFile("notes/Threads vs Processes.md")).toThrow(
      new RangeError(
        'notes/Threads vs Processes.md: expected a slug of lowercase letters, digits and single hyphens (no path separators, no "..") but found "Threads vs Processes"',
      ),
    );
  });

  it("reject path separators and ..", () => {
    expect(() => validateSlug("../etc", "x.md")).toThrow(/found "\.\.\/etc"/);
    expect(() => validateSlug("a/b", "x.md")).toThrow(/found "a\/b"/);
    expect(() => validateSlug("a\\b", "x.md")).toThrow(/found "a\\b"/);
    expect(() => validateSlug("..", "x.md")).toThrow(/found "\.\."/);
  });

  it("reject the site's own folder names", () => {
    expect(() => validateSlug("assets", "notes/assets.md")).toThrow(
      new RangeError('notes/assets.md: slug "assets" is reserved for the site itself (assets, tags, index, feed)'),
    );
  });

  it("must be unique, naming both files", () => {
    expect(() =>
      assertUniqueSlugs([
        { slug: "paging", file: "notebooks/paging.ipynb" },
        { slug: "paging", file: "notes/paging.md" },
      ]),
    ).toThrow(new RangeError('notes/paging.md: slug "paging" is already used by notebooks/paging.ipynb'));
  });

  it("that validate never contain a separator or a dot", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        let ok = true;
        try {
          validateSlug(s, "x");
        } catch {
          ok = false;
        }
        if (ok) expect(s).not.toMatch(/[/\\.]/);
      }),
    );
  });
});
