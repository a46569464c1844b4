import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { qualified } from "../../src/workbook/address";
import { districtOverview } from "../../src/workbook/district-overview";
import { STATUS_STYLE } from "../../src/workbook/output-columns";
import {
  isOverviewHeader,
  isOwnOverviewSheet,
  OVERVIEW_HEADER_START,
  overviewSheet,
  overviewTarget,
} from "../../src/workbook/overview-sheet";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";
import { sheet, workbook } from "./build";

/** `=HYPERLINK("#'Kent'!AE7","Red ▲")` → the target and the text shown. */
function link(formula: string): { target: string; text: string } {
  const match = /^=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)$/.exec(formula);
  if (!match) throw new Error(`not a link: ${formula}`);
  return { target: match[1]!.replace(/""/g, '"'), text: match[2]!.replace(/""/g, '"') };
}

describe("the Overview sheet of the example workbook", () => {
  let result: RunResult;
  beforeAll(async () => {
    installExcelJsFixes();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(EXAMPLE_PATH);
    result = runWorkbook(snapshotWorkbook(book));
  });

  it("has the header: code, indicator, then the rated tabs", () => {
    const { rows, headerWidth } = overviewSheet(result);
    expect(rows[0]).toEqual([
      "Indicator code",
      "Indicator",
      "Kent",
      "Ashford",
      "Canterbury",
      "Dover",
      "Maidstone",
    ]);
    expect(headerWidth).toBe(7);
    expect(isOverviewHeader(rows[0]!, ["About", ...rows[0]!.slice(2)])).toBe(true);
  });

  it("links every tab's cell to the indicator's value cell, showing its RAG and the marker", () => {
    const grid = districtOverview(result);
    const { rows } = overviewSheet(result);
    expect(rows).toHaveLength(grid.rows.length + 1);
    grid.rows.forEach((row, r) => {
      expect(rows[r + 1]!.slice(0, 2)).toEqual([row.code, row.name]);
      row.cells.forEach((cell, c) => {
        const written = rows[r + 1]![c + 2]!;
        if (!cell) return expect(written).toBe("");
        const { target, text } = link(written);
        expect(target).toBe(`#${qualified(cell.sheet, cell.cell)}`);
        expect(text.startsWith(cell.text)).toBe(true);
      });
    });
    const scs25 = rows.find((row) => row[0] === "SCS25")!;
    expect(link(scs25[5]!)).toEqual({ target: "#Dover!H14", text: "Red ▲" });
    expect(link(scs25[3]!).text).toMatch(/^(Green|Amber|Red|NA)$/);
    const scs19 = rows.find((row) => row[0] === "SCS19")!;
    expect(link(scs19[6]!).text).toMatch(/ ▼$/);
  });

  it("writes code and name as text, each tab's cell as a formula, and the legend below", () => {
    const { runs, rows } = overviewSheet(result);
    expect(runs[0]).toEqual({ row: 0, column: 0, kind: "text", values: rows[0] });
    for (let r = 1; r < rows.length; r++) {
      const mine = runs.filter((run) => run.row === r);
      expect(mine.map((run) => [run.column, run.kind])).toEqual([
        [0, "text"],
        [2, "formula"],
      ]);
    }
    const legend = runs[runs.length - 1]!;
    expect(legend).toMatchObject({ row: rows.length + 1, column: 0, kind: "text" });
    expect(legend.values[0]).toContain("▲ high, ▼ low");
    expect(legend.values[0]).toContain(
      "Kent adds up the other tabs, so it is shown but not compared."
    );
  });

  it("colours the tabs' cells Green, Amber, Red, and prints A4 landscape one page wide", () => {
    const { rows, conditionalFormats, print, widths } = overviewSheet(result);
    const range = { top: 1, left: 2, bottom: rows.length - 1, right: 6 };
    expect(conditionalFormats).toEqual(
      (["Green", "Amber", "Red"] as const).map((status) => ({
        range,
        beginsWith: status,
        ...STATUS_STYLE[status],
      }))
    );
    expect(print).toEqual({
      orientation: "landscape",
      paper: "A4",
      fitToPagesWide: 1,
      fitToPagesTall: 1,
      repeatHeaderRow: true,
    });
    expect(widths).toHaveLength(7);
    expect(widths.slice(2).every((w) => w >= 9 && w <= 24)).toBe(true);
  });
});

describe("the Overview sheet's own name and header", () => {
  const header = [...OVERVIEW_HEADER_START, "Kent", "Dover"];

  it("is the tool's only when named Overview (n) and headed by the workbook's tabs", () => {
    const names = ["Kent", "Dover", "Overview"];
    expect(isOwnOverviewSheet({ name: "Overview", firstRow: header }, names)).toBe(true);
    expect(isOwnOverviewSheet({ name: "Overview 3", firstRow: [...header, ""] }, names)).toBe(true);
    expect(isOwnOverviewSheet({ name: "Districts", firstRow: header }, names)).toBe(false);
    // A user's own table that starts the same way.
    const users = [...OVERVIEW_HEADER_START, "Value", "Target"];
    expect(isOwnOverviewSheet({ name: "Overview", firstRow: users }, names)).toBe(false);
    expect(isOverviewHeader(OVERVIEW_HEADER_START, names)).toBe(false);
    expect(isOverviewHeader([...header, "", "Kent"], names)).toBe(false);
  });

  it("goes on Overview 2 beside a user's Overview, and replaces its own", () => {
    expect(overviewTarget([{ name: "Kent", firstRow: [] }])).toEqual({
      name: "Overview",
      exists: false,
    });
    const users = { name: "Overview", firstRow: ["My notes"] };
    expect(overviewTarget([users, { name: "Kent", firstRow: [] }])).toEqual({
      name: "Overview 2",
      exists: false,
    });
    const ours = { name: "Overview 2", firstRow: [...OVERVIEW_HEADER_START, "Kent"] };
    expect(overviewTarget([users, { name: "Kent", firstRow: [] }, ours])).toEqual({
      name: "Overview 2",
      exists: true,
    });
  });

  it("is never scanned as an indicator sheet, while a user's Overview is", () => {
    const tab = sheet("Kent", [
      ["Code", "Indicator", "Polarity", "Target", "Value"],
      ["A1", "Alpha", "H", 10, 12],
    ]);
    const ours = sheet("Overview", [
      [...OVERVIEW_HEADER_START, "Kent"],
      ["A1", "Alpha", "Green"],
    ]);
    expect(runWorkbook(workbook(tab, ours)).sheets.map((s) => s.name)).toEqual(["Kent"]);
    const users = sheet("Overview", [
      ["Indicator code", "Indicator", "Polarity", "Target", "Value"],
      ["B2", "Beta", "H", 10, 12],
    ]);
    const scanned = runWorkbook(workbook(tab, users)).sheets;
    expect(scanned.map((s) => s.name)).toEqual(["Kent", "Overview"]);
    expect(scanned[1]!.tables[0]!.rows[0]!.code).toBe("B2");
  });
});

describe("the Overview sheet's text from the user's sheets", () => {
  const header = ["Code", "Indicator", "Polarity", "Target", "Value"];
  const result = runWorkbook(
    workbook(
      sheet('=Q2 "B"', [header, ["=1+1", "@SUM(1+1)", "H", 10, 12]]),
      sheet("Plain", [header, ["-2", "Minus", "L", 10, 12]])
    )
  );

  it("is neutralised and quoted, so no cell becomes a formula of the user's", () => {
    const { rows } = overviewSheet(result);
    expect(rows[0]).toEqual([...OVERVIEW_HEADER_START, `'=Q2 "B"`, "Plain"]);
    expect(rows[1]!.slice(0, 2)).toEqual(["'=1+1", "'@SUM(1+1)"]);
    expect(rows[1]![2]).toBe(`=HYPERLINK("#'=Q2 ""B""'!E2","Green")`);
    expect(rows[2]!.slice(0, 2)).toEqual(["'-2", "Minus"]);
    // The neutralised tab name is still recognised as the tab.
    expect(isOverviewHeader(rows[0]!, ['=Q2 "B"', "Plain"])).toBe(true);
  });

  it("is an empty overview, with no formats, for a run with no indicators", () => {
    const empty = overviewSheet(runWorkbook({ sheets: [] }));
    expect(empty.rows).toEqual([[...OVERVIEW_HEADER_START]]);
    expect(empty.conditionalFormats).toEqual([]);
    expect(empty.runs).toHaveLength(1);
  });
});
