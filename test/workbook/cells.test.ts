import { describe, expect, it } from "vitest";
import { firstNonEmpty, nonEmptyColumns, nonEmptyCount } from "../../src/workbook/detect/cells";
import { SheetGrid } from "../../src/workbook/snapshot";
import { sheet } from "./build";

/* The scan's counting helpers must say what nonEmptyColumns says, and a cell's text is trimmed however it is read. */
const grid = new SheetGrid(
  sheet("Cells", [
    ["PI1", "  Indicator ", 0.5, null, "Green"],
    [null, "\u00a0", " ", "", null],
    ["x\u00a0y", null, 3, "Amber\t", "\u00a0Red"],
    [true, "", "", "", ""],
  ])
);

describe("row cell counting", () => {
  it("agrees with nonEmptyColumns on every row and band", () => {
    for (let r = 0; r < 4; r++)
      for (let left = 0; left < 5; left++)
        for (let right = left; right < 5; right++) {
          const filled = nonEmptyColumns(grid, r, left, right);
          expect(firstNonEmpty(grid, r, left, right)).toBe(filled[0]);
          for (const enough of [1, 2, 5])
            expect(nonEmptyCount(grid, r, left, right, enough)).toBe(
              Math.min(enough, filled.length)
            );
        }
  });

  it("reads text trimmed, with non-breaking spaces as spaces, plain text as written", () => {
    expect([0, 1, 2, 3, 4].map((c) => grid.text(0, c))).toEqual([
      "PI1",
      "Indicator",
      "0.5",
      "",
      "Green",
    ]);
    expect([0, 1, 2, 3].map((c) => grid.text(1, c))).toEqual(["", "", "", ""]);
    expect([0, 3, 4].map((c) => grid.text(2, c))).toEqual(["x y", "Amber", "Red"]);
    expect(nonEmptyColumns(grid, 1, 0, 4)).toEqual([]);
  });
});
