import { describe, expect, it } from "vitest";
import { linkMaps } from "../../src/publish";

describe("linkMaps", () => {
  const slugs = new Set(["02-os-scheduler", "threads-vs-processes"]);

  it("points links to exported notebooks and notes at their pages", () => {
    const { html, markdown } = linkMaps(slugs);
    expect(html("../notebooks/02-os-scheduler.ipynb")).toBe("../02-os-scheduler/index.html");
    expect(html("threads-vs-processes.md#pitfalls")).toBe("../threads-vs-processes/index.html#pitfalls");
    expect(markdown("../notes/threads-vs-processes.md")).toBe("threads-vs-processes.md");
  });

  it("leaves web links, fragments, absolute paths and other files alone", () => {
    const { html } = linkMaps(slugs);
    for (const href of ["https://example.org/a.md", "mailto:x@example.org", "#setup", "/notes/threads-vs-processes.md", "../src/plot/index.ts"]) {
      expect(html(href)).toBeUndefined();
    }
  });

  it("reports links to notebooks or notes that are not exported", () => {
    const missing: string[] = [];
    expect(linkMaps(slugs, (h) => missing.push(h)).html("../notebooks/09-later.ipynb")).toBeUndefined();
    expect(missing).toEqual(["../notebooks/09-later.ipynb"]);
  });
});
