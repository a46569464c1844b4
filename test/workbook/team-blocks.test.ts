import { describe, expect, it } from "vitest";
import {
  detectTables,
  isPeriodLabelCell,
  type DetectedTable,
  type TableRow,
} from "../../src/workbook/detect";
import { rateTable } from "../../src/workbook/rate-table";
import { runWorkbook } from "../../src/workbook/run";
import { DEFAULT_SETTINGS } from "../../src/workbook/settings";
import { SheetGrid, type WorkbookSnapshot } from "../../src/workbook/snapshot";
import { excelDate, sheet, type Cell } from "../corpus/grid";
import teamBlocks from "../corpus/layouts/18-team-blocks";
import mixedBlocks from "../corpus/layouts/19-mixed-block-periods";

const months = ["Jun-22", "Jul-22", "Aug-22", "Sep-22", "Oct-22", "Nov-22", "Dec-22"];
const header = ["PI code", "Indicator", "Polarity", ...months, "Target", "RAG"];

function gridOf(source: WorkbookSnapshot | string): SheetGrid {
  if (typeof source === "string") throw new Error("expected a snapshot layout");
  return new SheetGrid(source.sheets[0]!);
}

function onlyTable(grid: SheetGrid): DetectedTable {
  const { tables } = detectTables(grid);
  expect(tables).toHaveLength(1);
  return tables[0]!;
}

/** A row of the table by its 1-based sheet row. */
function rowAt(table: DetectedTable, sheetRow: number): TableRow | undefined {
  return table.rows.find((r) => r.row === sheetRow - 1);
}

const labels = (row: TableRow | undefined): string[] | undefined =>
  row?.periods?.map((p) => p.header);

/** An indicator row: code, name, polarity H, seven monthly figures, target 0.85, RAG. */
function indicator(code: string, figures: readonly Cell[], rag = "Green"): Cell[] {
  return [code, `Indicator ${code}`, "H", ...figures, 0.85, rag];
}

describe("team blocks: detection", () => {
  it("a team row repeating the period labels is a block header that opens a section (layout 18)", () => {
    const table = onlyTable(gridOf(teamBlocks.workbook));
    const blocks = table.rows.filter((r) => r.kind === "block-header");
    expect(blocks.map((r) => [r.row + 1, r.section])).toEqual([
      [5, "Ashford CSWT"],
      [10, "Canterbury CSWT"],
    ]);
    // Text labels and labels typed as dates (shown mmm-yy) read the same.
    expect(labels(blocks[0])).toEqual(months);
    expect(labels(blocks[1])).toEqual(months);
    expect(blocks[1]!.periods!.map((p) => p.column)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    for (const sheetRow of [6, 9]) expect(labels(rowAt(table, sheetRow))).toEqual(months);
    expect(rowAt(table, 11)?.section).toBe("Canterbury CSWT");
    // The same labels as the header: no note.
    expect(table.notes.filter((n) => n.includes("Rows under"))).toEqual([]);
  });

  it("each block carries its own labels, and a note names the blocks that differ (layout 19)", () => {
    const table = onlyTable(gridOf(mixedBlocks.workbook));
    expect(table.rows.filter((r) => r.kind === "block-header").map((r) => r.row + 1)).toEqual([
      5, 10, 15,
    ]);
    expect(labels(rowAt(table, 7))).toEqual(months);
    expect(labels(rowAt(table, 12))).toEqual([
      "Jul-22",
      "Aug-22",
      "Sep-22",
      "Oct-22",
      "Nov-22",
      "Dec-22",
      "Jan-23",
    ]);
    expect(rowAt(table, 18)?.periods?.map((p) => p.period.granularity)).toEqual(
      Array.from({ length: 7 }, () => "quarter")
    );
    expect(labels(rowAt(table, 19))?.at(-1)).toBe("Q3 22-23");
    // The table's own periods are still the header's.
    expect(table.mapping.periods.map((p) => p.header)).toEqual(months);
    const blockNotes = table.notes.filter((n) => n.startsWith("Rows under"));
    expect(blockNotes).toEqual([
      'Rows under "Canterbury CSWT" (row 10) read their history against its own period labels (Jul-22 … Jan-23).',
      'Rows under "Swale CSWT" (row 15) read their history against its own period labels (Q1 21-22 … Q3 22-23).',
    ]);
  });

  it("rows before the first block header use the table header's periods (no periods of their own)", () => {
    const grid = new SheetGrid(
      sheet("Kent", [
        header,
        indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]),
        ["Ashford CSWT", null, null, ...months],
        indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.87]),
      ])
    );
    const table = onlyTable(grid);
    expect(rowAt(table, 2)).toEqual({ row: 1, kind: "indicator" });
    expect(rowAt(table, 3)?.kind).toBe("block-header");
    expect(rowAt(table, 4)?.section).toBe("Ashford CSWT");
    expect(labels(rowAt(table, 4))).toEqual(months);
  });

  it("a heading over a block header nests: the block names the rows' section", () => {
    const grid = new SheetGrid(
      sheet("North Kent", [
        header,
        ["North Kent"],
        ["Dartford CSWT", null, null, ...months],
        indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]),
        ["Gravesham CSWT", null, null, ...months],
        indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.84], "Amber"),
      ])
    );
    const table = onlyTable(grid);
    expect(table.rows.map((r) => [r.row + 1, r.kind, r.section])).toEqual([
      [2, "section", "North Kent"],
      [3, "block-header", "Dartford CSWT"],
      [4, "indicator", "Dartford CSWT"],
      [5, "block-header", "Gravesham CSWT"],
      [6, "indicator", "Gravesham CSWT"],
    ]);
  });

  it("a block header may repeat the column names too; a figure in the row makes it an indicator", () => {
    const grid = new SheetGrid(
      sheet("Kent", [
        header,
        ["Ashford CSWT", null, null, ...months, "Target", "RAG"],
        indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]),
        // Not a block header: a team-level row with figures under the labels' columns.
        [
          "Canterbury CSWT",
          null,
          null,
          "Jun-22",
          0.81,
          0.82,
          0.83,
          0.84,
          0.85,
          0.86,
          0.85,
          "Green",
        ],
      ])
    );
    const table = onlyTable(grid);
    expect(rowAt(table, 2)?.kind).toBe("block-header");
    expect(rowAt(table, 4)?.kind).toBe("indicator");
  });

  it("the table header repeated after a block restates its labels for the rows after it", () => {
    const grid = new SheetGrid(
      sheet("Kent", [
        header,
        [
          "Ashford CSWT",
          null,
          null,
          "Jul-22",
          "Aug-22",
          "Sep-22",
          "Oct-22",
          "Nov-22",
          "Dec-22",
          "Jan-23",
        ],
        indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]),
        header,
        indicator("SCS05", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]),
      ])
    );
    const table = onlyTable(grid);
    expect(table.rows.map((r) => r.kind)).toEqual([
      "block-header",
      "indicator",
      "repeated-header",
      "indicator",
    ]);
    expect(labels(rowAt(table, 3))?.at(-1)).toBe("Jan-23");
    expect(rowAt(table, 5)?.periods).toBeUndefined();
  });

  it("a block header with no indicator rows under it is not part of the table", () => {
    const grid = new SheetGrid(
      sheet("Kent", [
        header,
        indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]),
        [
          "Ashford CSWT",
          null,
          null,
          "Jul-22",
          "Aug-22",
          "Sep-22",
          "Oct-22",
          "Nov-22",
          "Dec-22",
          "Jan-23",
        ],
        [],
        ["Source: Management Information Unit."],
      ])
    );
    const table = onlyTable(grid);
    expect(table.range.bottom + 1).toBe(2);
    expect(table.rows.map((r) => r.kind)).toEqual(["indicator"]);
    expect(table.notes.filter((n) => n.startsWith("Rows under"))).toEqual([]);
  });

  it("an Excel table (ListObject) reads block headers the same way", () => {
    const grid = new SheetGrid(
      sheet(
        "Kent",
        [
          header,
          ["Ashford CSWT", null, null, ...months],
          indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]),
          [
            "Canterbury CSWT",
            null,
            null,
            "Jul-22",
            "Aug-22",
            "Sep-22",
            "Oct-22",
            "Nov-22",
            "Dec-22",
            "Jan-23",
          ],
          indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.84], "Amber"),
        ],
        { tables: [{ name: "Scorecard", ref: "A1:L5" }] }
      )
    );
    const table = detectTables(grid).tables.find((t) => t.listObject === "Scorecard")!;
    expect(table.rows.map((r) => [r.row + 1, r.kind, r.section])).toEqual([
      [2, "block-header", "Ashford CSWT"],
      [3, "indicator", "Ashford CSWT"],
      [4, "block-header", "Canterbury CSWT"],
      [5, "indicator", "Canterbury CSWT"],
    ]);
    expect(labels(rowAt(table, 5))?.at(-1)).toBe("Jan-23");
  });
});

describe("team blocks: rating", () => {
  it("no block header is rated, and each row's history runs on its own block's labels (layout 19)", () => {
    const result = runWorkbook(mixedBlocks.workbook as WorkbookSnapshot);
    const rows = result.sheets[0]!.tables[0]!.rows;
    expect(rows.map((r) => r.sheetRow)).toEqual([6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19]);
    expect(rows.some((r) => /CSWT/.test(r.code))).toBe(false);
    const historyLabels = (sheetRow: number) =>
      rows.find((r) => r.sheetRow === sheetRow)!.detail.history.map((p) => p.period?.label);
    expect(historyLabels(6)).toEqual(months);
    expect(historyLabels(11).at(-1)).toBe("Jan-23");
    expect(historyLabels(16)).toEqual([
      "Q1 21-22",
      "Q2 21-22",
      "Q3 21-22",
      "Q4 21-22",
      "Q1 22-23",
      "Q2 22-23",
      "Q3 22-23",
    ]);
  });

  it("read against the table header's months instead, Swale's long trends would be lost", () => {
    // The layout's numbers tell the two readings apart: this is what the bug gave.
    const grid = gridOf(mixedBlocks.workbook);
    const table = onlyTable(grid);
    const withHeaderPeriods: DetectedTable = {
      ...table,
      rows: table.rows.map(({ periods: _periods, ...row }) => row),
    };
    const own = rateTable(grid, table, undefined, DEFAULT_SETTINGS, new Map());
    const header = rateTable(grid, withHeaderPeriods, undefined, DEFAULT_SETTINGS, new Map());
    const swale = (rating: typeof own) =>
      rating.rows.filter((r) => r.section === "Swale CSWT").map((r) => r.longTrend);
    expect(swale(own)).toEqual(["IMP", "DET", "STATIC", "NA"]);
    expect(swale(header)).toEqual(["NA", "NA", "NA", "NA"]);
  });

  it("a row whose value cell is a period label is never rated, even when detection lists it", () => {
    const grid = new SheetGrid(
      sheet(
        "Kent",
        [
          header,
          indicator("SCS01", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]),
          // A name and a code, so not a block header: detection keeps it as an indicator row.
          ["SCS02", "Ashford CSWT", null, ...months, null, null],
          [
            "SCS03",
            "Canterbury CSWT",
            null,
            ...[6, 7, 8, 9, 10, 11, 12].map((m) => excelDate(2022, m)),
          ],
          indicator("SCS04", [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.9]),
        ],
        { formats: { "D4:J4": "mmm-yy" } }
      )
    );
    const table = onlyTable(grid);
    expect(table.rows.filter((r) => r.kind === "indicator").map((r) => r.row + 1)).toEqual([
      2, 3, 4, 5,
    ]);
    const rated = rateTable(grid, table, undefined, DEFAULT_SETTINGS, new Map());
    expect(rated.rows.map((r) => r.code)).toEqual(["SCS01", "SCS04"]);
    expect(rated.summary.counts).toMatchObject({ Green: 2 });
  });

  it("isPeriodLabelCell: month labels as text or as month-formatted dates, not figures or full dates", () => {
    const grid = new SheetGrid(
      sheet(
        "Cells",
        [
          [
            "Dec-22",
            "Q3 22-23",
            excelDate(2022, 12),
            excelDate(2022, 12, 15),
            "2022",
            2022,
            0.86,
            "N/A",
          ],
        ],
        { formats: { C1: "mmm-yy", D1: "dd/mm/yyyy" } }
      )
    );
    expect(Array.from({ length: 8 }, (_, c) => isPeriodLabelCell(grid, 0, c))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
