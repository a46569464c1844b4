import ExcelJS from "exceljs";
import type { FakeCellInput, FakeSheetSpec, FakeWorkbookSpec } from "../fake-excel";

/** Days from Excel's day 0 (1899-12-30) to 1970-01-01: Excel stores a date as this serial. */
const EXCEL_EPOCH_DAYS = 25569;

/**
 * What Excel itself holds for an ExcelJS cell value: dates as serials, formulas
 * by their cached result, errors as their `#N/A` text, rich text as its plain
 * text. Written here rather than borrowed from src/xlsx, so the comparison of the
 * two adapters does not lean on the code under test.
 */
function excelValue(value: ExcelJS.CellValue): FakeCellInput {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return value;
  if (value instanceof Date) return value.getTime() / 86_400_000 + EXCEL_EPOCH_DAYS;
  if ("error" in value) return value.error;
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value || "sharedFormula" in value)
    return excelValue((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ("hyperlink" in value) return String(value.text);
  throw new Error(`fake from xlsx: no Excel value for ${JSON.stringify(value)}`);
}

function noteText(note: ExcelJS.Cell["note"]): string | undefined {
  if (note === undefined || note === null) return undefined;
  if (typeof note === "string") return note;
  return note.texts?.map((t) => t.text).join("") ?? "";
}

function solidFill(fill: ExcelJS.Fill | undefined): string | undefined {
  if (fill?.type !== "pattern" || fill.pattern !== "solid") return undefined;
  const argb = fill.fgColor?.argb;
  return argb ? `#${argb.slice(-6)}` : undefined;
}

const VISIBILITY = { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" } as const;

function sheetSpec(sheet: ExcelJS.Worksheet): FakeSheetSpec {
  const rows: FakeCellInput[][] = [];
  const numberFormats: Record<string, string> = {};
  const formulas: Record<string, string> = {};
  const notes: Record<string, string> = {};
  const fills: Record<string, string> = {};
  const bold: string[] = [];
  const hiddenRows: number[] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    if (row.hidden) hiddenRows.push(rowNumber);
    const values: FakeCellInput[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.findCell(c);
      if (!cell) {
        values.push(null);
        continue;
      }
      // The cells of a merged area other than its top-left are empty in Excel.
      const mergedAway = cell.type === ExcelJS.ValueType.Merge;
      values.push(mergedAway ? null : excelValue(cell.value));
      if (cell.numFmt && cell.numFmt !== "General") numberFormats[cell.address] = cell.numFmt;
      if (!mergedAway && cell.formula) formulas[cell.address] = `=${cell.formula}`;
      const note = noteText(cell.note);
      if (note !== undefined) notes[cell.address] = note;
      const fill = solidFill(cell.fill);
      if (fill) fills[cell.address] = fill;
      if (cell.font?.bold) bold.push(cell.address);
    }
    rows[rowNumber - 1] = values;
  });
  for (let r = 0; r < rows.length; r++) rows[r] ??= [];
  const merges = (sheet as unknown as { _merges: Record<string, { range: string }> })._merges;
  const tables = Object.values(
    (sheet as unknown as { tables: Record<string, { table: ExcelJS.TableProperties }> }).tables
  ).map(({ table }) => {
    const model = table as ExcelJS.TableProperties & { tableRef?: string };
    return {
      name: model.name,
      address: model.tableRef ?? model.ref,
      showHeaders: model.headerRow !== false,
    };
  });
  const hiddenColumns: string[] = [];
  (sheet.columns ?? []).forEach((column) => {
    if (column.hidden && column.letter) hiddenColumns.push(column.letter);
  });
  return {
    name: sheet.name,
    visibility: VISIBILITY[sheet.state],
    rows,
    numberFormats,
    formulas,
    notes,
    fills,
    bold,
    merged: Object.values(merges).map((m) => m.range),
    hiddenRows,
    hiddenColumns,
    tables,
  };
}

/** The fake Excel workbook holding the same cells, number formats, merges, notes and tables as an ExcelJS one. */
export function fakeSpecFromExcelJs(workbook: ExcelJS.Workbook): FakeWorkbookSpec {
  return { name: "Scorecard.xlsx", sheets: workbook.worksheets.map(sheetSpec) };
}
