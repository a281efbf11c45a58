import { describe, expect, it } from "vitest";
import { DEFAULT_CELL_OPTIONS, parseCellOptions } from "../../src/publish";

describe("parseCellOptions", () => {
  it("returns the defaults and the code unchanged when there are no options", () => {
    expect(parseCellOptions("const a = 1;\n", "c")).toEqual({ options: DEFAULT_CELL_OPTIONS, code: "const a = 1;\n" });
  });

  it("reads each Quarto-style option and strips the option lines", () => {
    const src = "//| echo: false\n//| output: false\n//| include: true\n//| code-fold: true\n\nshow(fig);";
    expect(parseCellOptions(src, "c")).toEqual({
      options: { echo: false, output: false, include: true, codeFold: true },
      code: "show(fig);",
    });
  });

  it("ignores options it does not know, such as label", () => {
    expect(parseCellOptions("//| label: fig-rtt\nx;", "c").options).toEqual(DEFAULT_CELL_OPTIONS);
  });

  it("only reads option lines at the top of the cell", () => {
    const { options, code } = parseCellOptions("x;\n//| echo: false", "c");
    expect(options.echo).toBe(true);
    expect(code).toBe("x;\n//| echo: false");
  });

  it("rejects a value that is not true or false, naming the cell", () => {
    expect(() => parseCellOptions("//| echo: fenced", "notebooks/a.ipynb cell 3")).toThrow(
      new TypeError('notebooks/a.ipynb cell 3: expected cell option "echo" to be true or false but found "fenced"'),
    );
  });
});
