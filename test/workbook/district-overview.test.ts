import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import {
  districtOverview,
  outlierWords,
  type OverviewCell,
  type OverviewGrid,
} from "../../src/workbook/district-overview";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";
import longLayout from "../corpus/layouts/03-long-format";
import { sheet, workbook } from "./build";

/** The cell of `code` on `tab`. */
function cellOf(grid: OverviewGrid, code: string, tab: string): OverviewCell | null {
  const row = grid.rows.find((r) => r.code === code)!;
  return row.cells[grid.columns.findIndex((c) => c.sheet === tab)]!;
}

describe("the district overview of the example workbook", () => {
  let snapshot: WorkbookSnapshot;
  let result: RunResult;
  let grid: OverviewGrid;
  beforeAll(async () => {
    installExcelJsFixes();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(EXAMPLE_PATH);
    snapshot = snapshotWorkbook(book);
    result = runWorkbook(snapshot);
    grid = districtOverview(result);
  });

  it("has the rated tabs across, in tab order, without the About sheet", () => {
    const rated = result.sheets.filter((s) => s.tables.length > 0).map((s) => s.name);
    expect(grid.columns.map((c) => c.sheet)).toEqual(rated);
    expect(rated[0]).toBe("Kent");
    expect(rated).not.toContain("About");
    expect(rated.length).toBe(5);
  });

  it("has every code down, in first-seen order, named from its first tab", () => {
    const kent = result.sheets.find((s) => s.name === "Kent")!.tables[0]!.rows;
    expect(grid.rows.map((r) => r.code)).toEqual(kent.map((r) => r.code));
    expect(grid.rows.map((r) => r.name)).toEqual(kent.map((r) => r.name));
  });

  it("gives each cell the tab's RAG, value cell and row", () => {
    for (const s of result.sheets)
      for (const row of s.tables.flatMap((t) => t.rows)) {
        const cell = cellOf(grid, row.code, s.name)!;
        expect(cell).toMatchObject({
          status: row.status,
          sheet: s.name,
          cell: row.valueCell,
          sheetRow: row.sheetRow,
          code: row.code,
        });
        expect(cell.text).toBe(
          row.statusSource === "manual" ? `${row.status} (manual)` : row.status
        );
      }
  });

  it("marks Dover's SCS25 caseload, the planted outlier, high against the other districts", () => {
    const dover = cellOf(grid, "SCS25", "Dover")!;
    expect(dover.outlier).toBe("high");
    expect(dover.outlierMessages[0]).toMatch(/^Dover's .* far above the other districts/);
    for (const tab of ["Ashford", "Canterbury", "Maidstone"])
      expect(cellOf(grid, "SCS25", tab)!.outlier).toBeNull();
    expect(outlierWords("high")).toBe("outlier, high against other districts");
  });

  it("takes the direction from the flag: Maidstone's SCS19 far below, its EH52 above the funnel", () => {
    expect(cellOf(grid, "SCS08", "Maidstone")!.outlier).toBe("high");
    expect(cellOf(grid, "SCS19", "Maidstone")!.outlier).toBe("low");
    expect(cellOf(grid, "EH52", "Maidstone")!.outlier).toBe("high");
    // A 95% funnel note marks the district too.
    expect(cellOf(grid, "EH52", "Ashford")!.outlier).toBe("low");
  });

  it("shows the county total Kent, never compared with its districts, so never marked", () => {
    expect(grid.columns.find((c) => c.sheet === "Kent")).toEqual({ sheet: "Kent", total: true });
    expect(grid.columns.filter((c) => c.total)).toHaveLength(1);
    for (const row of grid.rows) expect(row.cells[0]!.outlier).toBeNull();
    const marked = grid.rows.flatMap((r) => r.cells.filter((c) => c?.outlier));
    // Every marked cell has a flag behind it, and every such flag of the run is marked.
    const flagged = result.sheets.flatMap((s) =>
      s.tables.flatMap((t) =>
        t.rows.filter((r) => r.flags.some((f) => /^(district-outlier|funnel-)/.test(f.kind)))
      )
    );
    expect(marked).toHaveLength(flagged.length);
  });

  it("marks nothing on a run of one district (the checks need three)", () => {
    const one = districtOverview(runWorkbook(snapshot, { sheets: ["Dover"] }));
    expect(one.columns).toEqual([{ sheet: "Dover", total: false }]);
    expect(one.rows.map((r) => r.cells[0]!.outlier)).toEqual(one.rows.map(() => null));
  });
});

describe("tabs that lack a code, long tables, directions from the values", () => {
  it("has null where a tab lacks the code and adds its own codes after", () => {
    const header = ["Code", "Indicator", "Polarity", "Target", "Value"];
    const result = runWorkbook(
      workbook(
        sheet("North", [header, ["A1", "Alpha", "H", 10, 12], ["B2", "Beta", "H", 10, 8]]),
        sheet("South", [header, ["b2 ", "Beta south", "H", 10, 11], ["C3", "Gamma", "L", 5, 4]])
      )
    );
    const grid = districtOverview(result);
    expect(grid.columns.map((c) => c.sheet)).toEqual(["North", "South"]);
    expect(grid.rows.map((r) => [r.code, r.name])).toEqual([
      ["A1", "Alpha"],
      ["B2", "Beta"],
      ["C3", "Gamma"],
    ]);
    expect(grid.rows[0]!.cells[1]).toBeNull();
    // Codes match as the rules do (case and spacing aside); the cell keeps the tab's own spelling.
    expect(grid.rows[1]!.cells[1]).toMatchObject({ code: "b2", status: "Green", cell: "E2" });
    expect(grid.rows[2]!.cells[0]).toBeNull();
  });

  it("takes a long table's latest row per code", () => {
    const result = runWorkbook(
      typeof longLayout.workbook === "string" ? { sheets: [] } : longLayout.workbook
    );
    const grid = districtOverview(result);
    const quarterly = grid.columns.findIndex((c) => c.sheet === "Quarterly");
    expect(quarterly).toBeGreaterThanOrEqual(0);
    const rows = result.sheets.find((s) => s.name === "Quarterly")!.tables[0]!.rows;
    const latest = (code: string): number =>
      Math.max(
        ...rows
          .filter((r) => r.code === code)
          .map((r) => r.detail.history[r.detail.history.length - 1]?.period?.index ?? 0)
      );
    for (const row of grid.rows) {
      const cell = row.cells[quarterly];
      if (!cell) continue;
      const chosen = rows.find((r) => r.sheetRow === cell.sheetRow)!;
      expect(chosen.detail.history[chosen.detail.history.length - 1]?.period?.index).toBe(
        latest(row.code)
      );
    }
  });

  it("reads a flag without a direction in its words against the other districts' median", () => {
    const header = ["Code", "Indicator", "Polarity", "Target", "Value"];
    const tabs = [5, 6, 7, 30].map((value, i) =>
      sheet(`D${i + 1}`, [header, ["X1", "Ex", "H", 10, value]])
    );
    const result = runWorkbook(workbook(...tabs));
    const rows = result.sheets.map((s) => s.tables[0]!.rows[0]!);
    for (const row of rows) row.flags.length = 0;
    rows[3]!.flags.push({
      kind: "district-outlier",
      severity: "warning",
      message: "odd",
      cell: "E2",
    });
    rows[0]!.flags.push({ kind: "funnel-95", severity: "info", message: "odd", cell: "E2" });
    const cells = districtOverview(result).rows[0]!.cells;
    expect(cells.map((c) => c!.outlier)).toEqual(["low", null, null, "high"]);
  });
});
