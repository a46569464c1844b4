import ExcelJS from "exceljs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { allColumns, rowIsBlank } from "../../src/workbook/detect/cells";
import { candidateAt, rowLabelsOf } from "../../src/workbook/detect/header-row";
import { blockHeaderOf } from "../../src/workbook/detect/row-kinds";
import { normaliseHeader } from "../../src/workbook/headers";
import { SheetGrid } from "../../src/workbook/snapshot";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";
import { repoRoot, sharedFixturePath } from "../fixtures";
import { months, sheet } from "./build";

/*
 * rowLabelsOf reads a body row for what the header tests need without
 * building its header cells (the scan's hot path). It must agree with the
 * slow reading it stands for: candidateAt's labels joined as keys, its roles
 * and period count, and blockHeaderOf's preconditions.
 */
async function grids(path: string): Promise<SheetGrid[]> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return snapshotWorkbook(workbook).sheets.map((s) => new SheetGrid(s));
}

function agreeOnEveryRow(grid: SheetGrid): number {
  const within = allColumns(grid);
  const keyAt = (row: number): string =>
    candidateAt(grid, row, undefined, within)
      .cells.map((cell) => normaliseHeader(cell.text))
      .join("|");
  const rows: number[] = [];
  for (let r = grid.firstRow; r < grid.rowCount; r++)
    if (!rowIsBlank(grid, r, within.left, within.right)) rows.push(r);
  // The keys of the first rows (titles, headers, a first indicator): some body rows repeat one.
  const keys = [...new Set(rows.slice(0, 12).map(keyAt))];
  for (const r of rows) {
    const fast = rowLabelsOf(grid, r, within, keys);
    const slow = candidateAt(grid, r, undefined, within);
    expect([grid.name, r, fast.repeats]).toEqual([grid.name, r, keys.includes(keyAt(r))]);
    expect([grid.name, r, [...fast.roles].sort()]).toEqual([grid.name, r, [...slow.roles].sort()]);
    expect([grid.name, r, fast.periodCount]).toEqual([grid.name, r, slow.periodCount]);
    if (blockHeaderOf(grid, r, within) !== undefined)
      expect([grid.name, r, fast.blockLike]).toEqual([grid.name, r, true]);
  }
  return rows.length;
}

describe("rowLabelsOf against the header cells it stands for", () => {
  it.each([
    ["the example", EXAMPLE_PATH],
    ["Medway", sharedFixturePath("medway-q2-2022-23.xlsx")],
    [
      "the openpyxl copy",
      join(repoRoot, "test", "fixtures", "openpyxl", "district-scorecard-openpyxl.xlsx"),
    ],
  ])("agrees on every row of %s", async (_, path) => {
    let rows = 0;
    for (const grid of await grids(path)) rows += agreeOnEveryRow(grid);
    expect(rows).toBeGreaterThan(20);
  });

  it("agrees on repeated headers, block headers, dates as headers and numbers as labels", () => {
    const labels = months(6);
    const serial = 44713; // 1 Jun 2022, formatted as a month below
    const grid = new SheetGrid(
      sheet(
        "S",
        [
          ["PI code", "Indicator", "Target", ...labels],
          ["A1", "Visits", 0.5, 1, 2, 3, 4, 5, 6],
          ["Team North", "", "Target", ...labels],
          ["PI code", "Indicator", "Target", ...labels],
          ["2022", "Indicator", "Target", serial, serial, 3, 4, 5, 6],
          ["pi  CODE", "indicator", "target", ...labels],
          [12, 13, "Target"],
        ],
        { "D5:E5": "mmm-yy" }
      )
    );
    expect(agreeOnEveryRow(grid)).toBe(7);
    const within = allColumns(grid);
    const keys = [
      candidateAt(grid, 0, undefined, within)
        .cells.map((c) => normaliseHeader(c.text))
        .join("|"),
    ];
    expect(rowLabelsOf(grid, 3, within, keys).repeats).toBe(true);
    expect(rowLabelsOf(grid, 2, within, keys).blockLike).toBe(true);
    expect(blockHeaderOf(grid, 2, within)).toBeDefined();
  });
});
