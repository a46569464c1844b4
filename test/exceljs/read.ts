import ExcelJS from "exceljs";
import { parseRange, type CellRange } from "../../src/workbook/address";
import type {
  CellScalar,
  ListObjectSnapshot,
  SheetSnapshot,
  WorkbookSnapshot,
} from "../../src/workbook/snapshot";
import { STATE_SHEET } from "../../src/workbook/state";
import { readOwnedNames } from "./owned-names";

/** Days from Excel's day 0 (1899-12-30, allowing for its 1900 leap-year bug) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/** A cell's value as the workbook layer wants it: formulas by their cached result, errors as `#N/A` text, dates as serials. */
export function scalarOf(value: ExcelJS.CellValue): CellScalar {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return value;
  if (value instanceof Date) return value.getTime() / 86400000 + EXCEL_EPOCH_DAYS;
  if (typeof value === "object") {
    if ("error" in value) return String(value.error);
    if ("richText" in value) return value.richText.map((run) => run.text).join("");
    if ("formula" in value || "sharedFormula" in value)
      return scalarOf((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ("text" in value && "hyperlink" in value) return String((value as { text: unknown }).text);
  }
  return null;
}

function formulaOf(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value && typeof value === "object" && ("formula" in value || "sharedFormula" in value)) {
    const text = cell.formula ?? (value as { formula?: string }).formula ?? "";
    return text ? `=${text}` : "=";
  }
  return "";
}

function mergesOf(sheet: ExcelJS.Worksheet): CellRange[] {
  // `sheet.model.merges` would build the model of every cell; the merge index is enough.
  const merges = (sheet as unknown as { _merges?: Record<string, MergeRange> })._merges ?? {};
  return Object.values(merges).map((m) => ({
    top: m.top - 1,
    left: m.left - 1,
    bottom: m.bottom - 1,
    right: m.right - 1,
  }));
}

interface MergeRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

function tablesOf(sheet: ExcelJS.Worksheet): ListObjectSnapshot[] {
  interface TableModel {
    ref?: string;
    tableRef?: string;
    headerRow?: boolean;
    name?: string;
  }
  const tables =
    (sheet as unknown as { tables?: Record<string, { table?: TableModel }> }).tables ?? {};
  return Object.entries(tables).flatMap(([name, entry]) => {
    const model = entry.table;
    // A table built in memory has its top-left `ref`; one loaded from a file has only the
    // full `tableRef`, which is the extent either way when present.
    const ref = model?.tableRef ?? model?.ref;
    const range = ref ? parseRange(ref) : undefined;
    if (!range) return [];
    return [{ name: model?.name ?? name, range, showHeaders: model?.headerRow !== false }];
  });
}

/**
 * Reads one worksheet into the snapshot the workbook layer works on. Cells are
 * read, never created (ExcelJS's `getCell` would add empty styled cells to the
 * file). The cells of a merged range other than its top-left read as empty, as
 * they do in Excel (ExcelJS would repeat the top-left value in each).
 *
 * Cost: O(cells in use).
 */
export function snapshotSheet(sheet: ExcelJS.Worksheet): SheetSnapshot {
  const values: CellScalar[][] = [];
  const numberFormats: string[][] = [];
  const formulas: string[][] = [];
  const notedCells: string[] = [];
  const notes: { cell: string; text: string }[] = [];
  const hiddenRows: number[] = [];
  const rowCount = sheet.rowCount;
  let columnCount = 0;
  for (let r = 1; r <= rowCount; r++) {
    const row = sheet.findRow(r);
    const rowValues: CellScalar[] = [];
    const rowFormats: string[] = [];
    const rowFormulas: string[] = [];
    if (row) {
      if (row.hidden) hiddenRows.push(r - 1);
      const width = row.cellCount;
      columnCount = Math.max(columnCount, width);
      for (let c = 1; c <= width; c++) {
        const cell = row.findCell(c);
        if (!cell || cell.type === ExcelJS.ValueType.Merge) {
          rowValues.push(null);
          rowFormats.push(cell?.numFmt || "General");
          rowFormulas.push("");
          continue;
        }
        rowValues.push(scalarOf(cell.value));
        rowFormats.push(cell.numFmt || "General");
        rowFormulas.push(formulaOf(cell));
        if (cell.note) {
          notedCells.push(cell.address);
          notes.push({ cell: cell.address, text: noteText(cell.note) });
        }
      }
    }
    values.push(rowValues);
    numberFormats.push(rowFormats);
    formulas.push(rowFormulas);
  }
  const hiddenColumns: number[] = [];
  // Column definitions that exist; `getColumn` would create the missing ones.
  (sheet.columns ?? []).forEach((column, i) => {
    if (column.hidden) hiddenColumns.push(i);
  });
  return {
    name: sheet.name,
    origin: { row: 0, column: 0 },
    values,
    numberFormats,
    formulas,
    merged: mergesOf(sheet),
    hiddenRows,
    hiddenColumns,
    tables: tablesOf(sheet),
    notedCells,
    notes,
  };
}

/** A note's text: ExcelJS gives plain text, or rich text as runs. */
function noteText(note: string | ExcelJS.Comment): string {
  if (typeof note === "string") return note;
  return (note.texts ?? []).map((run) => (typeof run === "string" ? run : run.text)).join("");
}

/** The add-in's saved state: column A of its hidden sheet, joined. */
export function readState(workbook: ExcelJS.Workbook): string | undefined {
  const sheet = workbook.getWorksheet(STATE_SHEET);
  if (!sheet) return undefined;
  const parts: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const v = sheet.getCell(r, 1).value;
    if (typeof v === "string") parts.push(v);
  }
  return parts.join("");
}

/** Snapshots every worksheet and the saved state; `onSheet` is told after each sheet (progress). */
export function snapshotWorkbook(
  workbook: ExcelJS.Workbook,
  onSheet?: (name: string) => void
): WorkbookSnapshot {
  const sheets = workbook.worksheets.map((sheet) => {
    const snapshot = snapshotSheet(sheet);
    onSheet?.(sheet.name);
    return snapshot;
  });
  const state = readState(workbook);
  const names = readOwnedNames(workbook);
  return state === undefined ? { sheets, names } : { sheets, state, names };
}
