// Node side of the end-to-end test: an .xlsx file as the strict fake's workbook spec (passed into the page as JSON),
// and what the Node pipeline says rating it must give, to check the page against.
import ExcelJS from "exceljs";
import { rangeAddress, columnLetter } from "../../src/workbook/address";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import { DEFAULT_HEADERS } from "../../src/workbook/settings";
import type { SheetSnapshot } from "../../src/workbook/snapshot";
import { snapshotSheet } from "../exceljs/read";
import { flaggedItems, sheetCounts, STATUS_ORDER } from "../../src/taskpane/components/text";
import type { FakeSheetSpec, FakeWorkbookSpec } from "../fake-excel";

const VISIBILITY = { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" } as const;

function sheetSpec(sheet: ExcelJS.Worksheet, snapshot: SheetSnapshot): FakeSheetSpec {
  const formulas: Record<string, string> = {};
  const notes: Record<string, string> = {};
  snapshot.formulas?.forEach((row, r) =>
    row.forEach((formula, c) => {
      if (formula) formulas[`${columnLetter(c)}${r + 1}`] = formula;
    })
  );
  for (const cell of snapshot.notedCells ?? []) {
    const note = sheet.getCell(cell).note;
    notes[cell] =
      typeof note === "string" ? note : (note?.texts?.map((t) => t.text).join("") ?? "");
  }
  return {
    name: snapshot.name,
    rows: snapshot.values.map((row) => [...row]),
    numberFormats: snapshot.numberFormats.map((row) =>
      row.map((format) => (format === "General" ? null : format))
    ),
    formulas,
    notes,
    merged: (snapshot.merged ?? []).map(rangeAddress),
    hiddenRows: (snapshot.hiddenRows ?? []).map((r) => r + 1),
    hiddenColumns: (snapshot.hiddenColumns ?? []).map(columnLetter),
    tables: (snapshot.tables ?? []).map((t) => ({
      name: t.name,
      address: rangeAddress(t.range),
      showHeaders: t.showHeaders,
    })),
    visibility: VISIBILITY[sheet.state] ?? "Visible",
  };
}

/** A sheet's rated rows: where the add-in's RAG cell is and what it must say. */
export interface ExpectedSheet {
  readonly name: string;
  /** "Green3", "Amber5", …: the page's status counts for the sheet, as text. */
  readonly counts: readonly string[];
  readonly rows: readonly { readonly code: string; readonly row: number; readonly rag: string }[];
}

export interface Scorecard {
  readonly spec: FakeWorkbookSpec;
  readonly sheets: readonly ExpectedSheet[];
  /** The header the add-in gives its RAG column. */
  readonly ragHeader: string;
  /** The first flag the page lists (errors first), as sheet and cell. */
  readonly firstFlag: { readonly sheet: string; readonly cell: string; readonly code: string };
  readonly flagCount: number;
  readonly result: RunResult;
}

/** Reads `path` with ExcelJS (as the CLI does) into a fake workbook spec and the ratings Node gives it. */
export async function loadScorecard(path: string): Promise<Scorecard> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const snapshots = workbook.worksheets.map((sheet) => ({ sheet, snapshot: snapshotSheet(sheet) }));
  const spec: FakeWorkbookSpec = {
    name: path.split(/[\\/]/).pop() ?? "Book1.xlsx",
    sheets: snapshots.map(({ sheet, snapshot }) => sheetSpec(sheet, snapshot)),
  };
  const result = runWorkbook({ sheets: snapshots.map((s) => s.snapshot) }, { mode: "rate" });
  const sheets = result.sheets
    .filter((s) => s.tables.length > 0)
    .map((s) => {
      const counts = sheetCounts(s);
      return {
        name: s.name,
        counts: STATUS_ORDER.map((status) => `${status}${counts[status]}`),
        rows: s.tables.flatMap((t) =>
          t.rows.map((r) => ({
            code: r.code,
            row: r.sheetRow,
            rag: r.statusSource === "manual" ? `${r.status} (manual)` : r.status,
          }))
        ),
      };
    });
  const flags = flaggedItems(result);
  const first = flags[0];
  if (!first) throw new Error(`${path}: no row is flagged, so the flag list cannot be tested.`);
  return {
    spec,
    sheets,
    ragHeader: DEFAULT_HEADERS.rag,
    firstFlag: { sheet: first.sheet, cell: first.flag.cell, code: first.row.code },
    flagCount: flags.length,
    result,
  };
}
