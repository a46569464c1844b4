import type ExcelJS from "exceljs";
import {
  shiftColumn,
  shiftFormula,
  shiftSpan,
  shiftSqref,
  type ColumnShift,
} from "../../src/xlsx/formula";
import { cellAddress, parseRange, rangeAddress, type CellRange } from "../../src/workbook/address";

/*
 * Whole-column insert and delete on an ExcelJS worksheet, done as Excel does it.
 *
 * ExcelJS's `worksheet.spliceColumns` moves cell values, styles and notes, the
 * column definitions (widths, hidden, styles) and defined names. It does not
 * move merged ranges (it copies a merged cell's master value into every cell it
 * moves, breaking the merge), conditional formats, data validations, Excel
 * tables, the auto-filter, frozen panes, the print area or images, and it does
 * not rewrite formulas (on this sheet or on sheets that refer to it); shared
 * formulas whose master moves would no longer write. It also fails outright on
 * a sheet without column definitions. This module does all that.
 */

/** ExcelJS internals this module relies on (ExcelJS 4.4). */
interface MergeRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}
interface WorksheetInternals {
  _merges: Record<string, MergeRange>;
  _media: { range?: { tl?: { nativeCol: number }; br?: { nativeCol: number } } }[];
  tables: Record<string, { table?: TableModel; model?: TableModel }>;
  dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> };
}
interface TableModel {
  ref?: string;
  tableRef?: string;
  autoFilterRef?: string;
  headerRow?: boolean;
  tl?: { row: number; col: number; address?: string };
  columns: { name: string; filterButton?: boolean }[];
}

type FormulaValue = {
  formula?: string;
  sharedFormula?: string;
  result?: ExcelJS.CellValue;
  shareType?: string;
  ref?: string;
  date1904?: boolean;
};

function formulaValue(cell: ExcelJS.Cell): FormulaValue | undefined {
  const value = cell.value;
  if (value && typeof value === "object" && ("formula" in value || "sharedFormula" in value))
    return value as FormulaValue;
  return undefined;
}

function toCellRange(m: MergeRange): CellRange {
  return { top: m.top - 1, left: m.left - 1, bottom: m.bottom - 1, right: m.right - 1 };
}

/** Every cell of the sheet that holds a formula. */
function formulaCells(sheet: ExcelJS.Worksheet): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (formulaValue(cell)) cells.push(cell);
    })
  );
  return cells;
}

/** Turns shared formulas into ordinary ones (same text, same cached result), so cells can move freely. */
function unshareFormulas(cells: readonly ExcelJS.Cell[]): void {
  // Clones first: their text is slid from the master, which must still be shared while they read it.
  const plain = cells.map((cell) => {
    const value = formulaValue(cell)!;
    if (value.sharedFormula === undefined && value.shareType !== "shared") return undefined;
    return { cell, formula: cell.formula, result: value.result };
  });
  for (const entry of plain) {
    if (!entry) continue;
    entry.cell.value =
      entry.result === undefined
        ? { formula: entry.formula }
        : ({ formula: entry.formula, result: entry.result } as ExcelJS.CellFormulaValue);
  }
}

/** Rewrites formulas on `sheet` that refer to `target`; returns whether any changed. */
function rewriteFormulas(
  sheet: ExcelJS.Worksheet,
  target: ExcelJS.Worksheet,
  shift: ColumnShift
): void {
  let cells = formulaCells(sheet);
  if (cells.length === 0) return;
  const changes = (text: string | undefined): boolean =>
    text !== undefined && shiftFormula(text, sheet.name, target.name, shift) !== text;
  const shared = cells.some((cell) => {
    const v = formulaValue(cell)!;
    return v.sharedFormula !== undefined || v.shareType === "shared";
  });
  if (shared && (sheet === target || cells.some((cell) => changes(cell.formula)))) {
    unshareFormulas(cells);
    cells = formulaCells(sheet);
  }
  for (const cell of cells) {
    const value = formulaValue(cell)!;
    if (value.formula === undefined) continue;
    const formula = shiftFormula(value.formula, sheet.name, target.name, shift);
    const ref =
      sheet === target && value.shareType === "array" && value.ref
        ? shiftSqref(value.ref, shift)
        : value.ref;
    if (formula !== value.formula || ref !== value.ref)
      cell.value = { ...value, formula, ...(ref ? { ref } : {}) } as ExcelJS.CellValue;
  }
}

function shiftMerge(range: CellRange, shift: ColumnShift): CellRange | undefined {
  const span = shiftSpan(range.left, range.right, shift);
  if (!span) return undefined;
  return { top: range.top, bottom: range.bottom, left: span.left, right: span.right };
}

function shiftAddress(address: string, shift: ColumnShift): string | undefined {
  const range = parseRange(address);
  if (!range) return address;
  const span = shiftSpan(range.left, range.right, shift);
  return span ? rangeAddress({ ...range, left: span.left, right: span.right }) : undefined;
}

function shiftTables(sheet: ExcelJS.Worksheet, shift: ColumnShift): void {
  const tables = (sheet as unknown as WorksheetInternals).tables ?? {};
  for (const [name, entry] of Object.entries(tables)) {
    const model = entry.table ?? entry.model;
    if (!model) continue;
    const extent = parseRange(model.tableRef ?? model.ref ?? "");
    if (!extent) continue;
    const span = shiftSpan(extent.left, extent.right, shift);
    if (!span) {
      delete tables[name];
      continue;
    }
    const width = extent.right - extent.left + 1;
    const newWidth = span.right - span.left + 1;
    if (newWidth !== width) {
      // Columns inserted into or deleted from the middle of the table.
      const inside = shift.at - extent.left;
      if (shift.kind === "insert") {
        const taken = new Set(model.columns.map((c) => c.name.toLowerCase()));
        const added: { name: string }[] = [];
        for (let k = 1; added.length < shift.count; k++) {
          const name = `Column${k}`;
          if (!taken.has(name.toLowerCase())) added.push({ name });
        }
        model.columns.splice(inside, 0, ...added);
        if (model.headerRow !== false)
          added.forEach((c, i) => {
            sheet.getCell(extent.top + 1, shift.at + 1 + i).value = c.name;
          });
      } else {
        const from = Math.max(0, inside);
        const removed =
          Math.min(extent.left + width, shift.at + shift.count) - (extent.left + from);
        model.columns.splice(from, removed);
      }
    }
    const moved = { ...extent, left: span.left, right: span.right };
    model.tableRef = rangeAddress(moved);
    model.ref = cellAddress(extent.top, span.left);
    model.tl = { row: extent.top + 1, col: span.left + 1 };
    if (model.autoFilterRef) model.autoFilterRef = shiftAddress(model.autoFilterRef, shift);
  }
}

/** The sheet's conditional formats, as ExcelJS keeps them (`{ ref, rules }`, one per `<conditionalFormatting>`). */
export function conditionalFormatsOf(
  sheet: ExcelJS.Worksheet
): ExcelJS.ConditionalFormattingOptions[] {
  return (
    (sheet as unknown as { conditionalFormattings?: ExcelJS.ConditionalFormattingOptions[] })
      .conditionalFormattings ?? []
  );
}

export function setConditionalFormats(
  sheet: ExcelJS.Worksheet,
  list: ExcelJS.ConditionalFormattingOptions[]
): void {
  (
    sheet as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }
  ).conditionalFormattings = list;
}

function shiftConditionalFormats(sheet: ExcelJS.Worksheet, shift: ColumnShift): void {
  const list = conditionalFormatsOf(sheet);
  const kept: ExcelJS.ConditionalFormattingOptions[] = [];
  for (const cf of list) {
    const ref = shiftSqref(cf.ref, shift);
    if (!ref) continue;
    for (const rule of cf.rules as { formulae?: unknown[] }[]) {
      if (Array.isArray(rule.formulae))
        rule.formulae = rule.formulae.map((f) =>
          typeof f === "string" ? shiftFormula(f, sheet.name, sheet.name, shift) : f
        );
    }
    kept.push({ ...cf, ref });
  }
  setConditionalFormats(sheet, kept);
}

function shiftDataValidations(sheet: ExcelJS.Worksheet, shift: ColumnShift): void {
  const holder = (sheet as unknown as WorksheetInternals).dataValidations;
  if (!holder?.model) return;
  const next: Record<string, ExcelJS.DataValidation | undefined> = {};
  for (const [address, validation] of Object.entries(holder.model)) {
    if (!validation) continue;
    const moved = shiftAddress(address, shift);
    if (!moved) continue;
    const formulae = (validation.formulae ?? []).map((f) =>
      typeof f === "string" ? shiftFormula(f, sheet.name, sheet.name, shift) : f
    );
    next[moved] = { ...validation, formulae };
  }
  holder.model = next;
}

function shiftSheetFurniture(sheet: ExcelJS.Worksheet, shift: ColumnShift): void {
  // Auto-filter: "A1:H20" or { from, to }.
  const filter = sheet.autoFilter as unknown;
  if (typeof filter === "string") {
    const moved = shiftAddress(filter, shift);
    sheet.autoFilter = moved ?? (undefined as unknown as ExcelJS.AutoFilter);
  } else if (filter && typeof filter === "object") {
    const f = filter as { from?: unknown; to?: unknown };
    if (typeof f.from === "string" && typeof f.to === "string") {
      const moved = shiftAddress(`${f.from}:${f.to}`, shift);
      const range = moved ? parseRange(moved) : undefined;
      if (range)
        sheet.autoFilter = {
          from: cellAddress(range.top, range.left),
          to: cellAddress(range.bottom, range.right),
        };
    }
  }
  // Frozen panes: columns frozen at or right of the change move with it.
  for (const view of sheet.views ?? []) {
    const v = view as { state?: string; xSplit?: number; topLeftCell?: string };
    if (v.state === "frozen" && typeof v.xSplit === "number" && v.xSplit > shift.at) {
      const end = shiftSpan(0, v.xSplit - 1, shift);
      v.xSplit = end ? end.right + 1 : shift.at;
    }
    if (v.topLeftCell) v.topLeftCell = shiftAddress(v.topLeftCell, shift) ?? v.topLeftCell;
  }
  const printArea = sheet.pageSetup?.printArea;
  if (printArea)
    sheet.pageSetup.printArea = printArea
      .split(",")
      .map((part) => shiftFormula(part, sheet.name, sheet.name, shift))
      .filter((part) => !part.includes("#REF!"))
      .join(",");
  // Images anchored at or right of the change.
  for (const medium of (sheet as unknown as WorksheetInternals)._media ?? []) {
    for (const anchor of [medium.range?.tl, medium.range?.br]) {
      if (!anchor) continue;
      const moved = shiftColumn(Math.floor(anchor.nativeCol), shift);
      anchor.nativeCol = moved ?? shift.at;
    }
  }
}

/**
 * Inserts (`kind: "insert"`) or deletes whole columns on `sheet` (0-based `at`),
 * moving everything right of them as Excel would, and rewriting references to
 * the moved cells in every sheet's formulas.
 *
 * Cost: O(cells of the sheet + formula cells of the workbook).
 */
export function spliceSheetColumns(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  shift: ColumnShift
): void {
  if (shift.count <= 0) return;
  const internals = sheet as unknown as WorksheetInternals;

  // Formulas first (text only; cells have not moved yet).
  for (const other of workbook.worksheets) rewriteFormulas(other, sheet, shift);

  // Merges right of (or across) the change: unmerge, keeping each cell's own style.
  const affected = Object.values(internals._merges ?? {})
    .map(toCellRange)
    .filter((m) => m.right >= shift.at);
  for (const merge of affected) {
    const styles: { cell: ExcelJS.Cell; style: Partial<ExcelJS.Style> }[] = [];
    for (let r = merge.top; r <= merge.bottom; r++)
      for (let c = merge.left; c <= merge.right; c++) {
        const cell = sheet.getCell(r + 1, c + 1);
        styles.push({ cell, style: cell.style });
      }
    sheet.unMergeCells(merge.top + 1, merge.left + 1, merge.bottom + 1, merge.right + 1);
    for (const { cell, style } of styles) cell.style = style;
  }

  // ExcelJS's spliceColumns reads `_columns.length`, null on a sheet without column definitions.
  const columns = sheet as unknown as { _columns: unknown[] | null };
  if (!columns._columns) columns._columns = [];
  if (shift.kind === "insert") {
    const empty: ExcelJS.CellValue[][] = Array.from({ length: shift.count }, () => []);
    sheet.spliceColumns(shift.at + 1, 0, ...empty);
  } else sheet.spliceColumns(shift.at + 1, shift.count);

  for (const merge of affected) {
    const moved = shiftMerge(merge, shift);
    if (!moved || (moved.left === moved.right && moved.top === moved.bottom)) continue;
    sheet.mergeCellsWithoutStyle(moved.top + 1, moved.left + 1, moved.bottom + 1, moved.right + 1);
  }
  shiftConditionalFormats(sheet, shift);
  shiftDataValidations(sheet, shift);
  shiftTables(sheet, shift);
  shiftSheetFurniture(sheet, shift);
}
