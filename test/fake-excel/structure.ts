/**
 * Inserting and deleting cells with a shift, as Excel does: cells, notes, comments, merged areas, tables,
 * conditional formats, hidden rows/columns, column widths, formula references and live Range objects all move.
 * Everything is validated before anything changes, so a conflict leaves the sheet as it was.
 */

import {
  columnIndexOf,
  columnLetters,
  cellKey,
  MAX_COLUMNS,
  MAX_ROWS,
  mergeAdjacentRects,
  parseCellKey,
  quoteSheetName,
  type Rect,
  splitSheetPrefix,
} from "./address";
import { CellStore } from "./cell-store";
import { FakeErrorCodes, FakeRichApiError, insertDeleteConflict } from "./errors";
import type { FakeCell, FakeSheet, FakeWorkbookModel } from "./model";

/** "rows": cells move up/down (shift Down / Up). "columns": cells move left/right (shift Right / Left). */
export type ShiftAxis = "rows" | "columns";

export interface ShiftOperation {
  axis: ShiftAxis;
  /** First row (axis rows) or column (axis columns) inserted or deleted, 0-based. */
  at: number;
  /** Lines inserted (> 0) or deleted (< 0). */
  count: number;
  /** The span across the other axis that moves (columns for axis rows), inclusive. */
  bandStart: number;
  bandEnd: number;
}

export type RectShift =
  { kind: "same" } | { kind: "moved"; rect: Rect } | { kind: "deleted" } | { kind: "conflict" };

interface Oriented {
  m0: number;
  m1: number;
  n0: number;
  n1: number;
}

const majorLimit = (axis: ShiftAxis): number => (axis === "rows" ? MAX_ROWS : MAX_COLUMNS);
const minorLimit = (axis: ShiftAxis): number => (axis === "rows" ? MAX_COLUMNS : MAX_ROWS);

function orient(rect: Rect, axis: ShiftAxis): Oriented {
  return axis === "rows"
    ? { m0: rect.top, m1: rect.bottom, n0: rect.left, n1: rect.right }
    : { m0: rect.left, m1: rect.right, n0: rect.top, n1: rect.bottom };
}

function unorient(o: Oriented, axis: ShiftAxis): Rect {
  return axis === "rows"
    ? { top: o.m0, bottom: o.m1, left: o.n0, right: o.n1 }
    : { left: o.m0, right: o.m1, top: o.n0, bottom: o.n1 };
}

/** Whether the operation covers whole rows (axis rows) or whole columns (axis columns). */
export function isWholeLineOperation(op: ShiftOperation): boolean {
  return op.bandStart === 0 && op.bandEnd === minorLimit(op.axis) - 1;
}

/** Where a reference-like rectangle goes: moved, grown, shrunk, deleted, or a conflict (it straddles the band). */
export function shiftRect(rect: Rect, op: ShiftOperation): RectShift {
  const o = orient(rect, op.axis);
  const limit = majorLimit(op.axis);
  if (o.n1 < op.bandStart || o.n0 > op.bandEnd) return { kind: "same" };
  if (o.m0 === 0 && o.m1 === limit - 1) return { kind: "same" }; // whole rows/columns along the shift: unchanged
  const within = op.bandStart <= o.n0 && o.n1 <= op.bandEnd;
  if (op.count > 0) {
    if (o.m1 < op.at) return { kind: "same" };
    if (!within) return { kind: "conflict" };
    if (o.m0 >= op.at) {
      if (o.m0 + op.count > limit - 1) return { kind: "deleted" };
      return {
        kind: "moved",
        rect: unorient(
          { ...o, m0: o.m0 + op.count, m1: Math.min(o.m1 + op.count, limit - 1) },
          op.axis
        ),
      };
    }
    return {
      kind: "moved",
      rect: unorient({ ...o, m1: Math.min(o.m1 + op.count, limit - 1) }, op.axis),
    };
  }
  const k = -op.count;
  const end = op.at + k - 1;
  if (o.m1 < op.at) return { kind: "same" };
  if (!within) return { kind: "conflict" };
  if (o.m0 > end)
    return { kind: "moved", rect: unorient({ ...o, m0: o.m0 - k, m1: o.m1 - k }, op.axis) };
  const m0 = o.m0 < op.at ? o.m0 : op.at;
  const m1 = o.m1 > end ? o.m1 - k : op.at - 1;
  if (m1 < m0) return { kind: "deleted" };
  return { kind: "moved", rect: unorient({ ...o, m0, m1 }, op.axis) };
}

/** Like `shiftRect`, but a rectangle straddling the band is split and only the part inside moves (CF ranges). */
export function shiftRectSplitting(rect: Rect, op: ShiftOperation): Rect[] {
  const result = shiftRect(rect, op);
  if (result.kind === "same") return [rect];
  if (result.kind === "moved") return [result.rect];
  if (result.kind === "deleted") return [];
  const o = orient(rect, op.axis);
  const pieces: Rect[] = [];
  if (o.n0 < op.bandStart) pieces.push(unorient({ ...o, n1: op.bandStart - 1 }, op.axis));
  if (o.n1 > op.bandEnd) pieces.push(unorient({ ...o, n0: op.bandEnd + 1 }, op.axis));
  const middle = unorient(
    { ...o, n0: Math.max(o.n0, op.bandStart), n1: Math.min(o.n1, op.bandEnd) },
    op.axis
  );
  const moved = shiftRect(middle, op);
  if (moved.kind === "moved") pieces.push(moved.rect);
  else if (moved.kind === "same") pieces.push(middle);
  return mergeAdjacentRects(pieces);
}

/** Where a single cell goes; `undefined` when it is deleted (or pushed off the sheet). */
export function shiftCell(
  row: number,
  column: number,
  op: ShiftOperation
): { row: number; column: number } | undefined {
  const [m, n] = op.axis === "rows" ? [row, column] : [column, row];
  if (n < op.bandStart || n > op.bandEnd || m < op.at) return { row, column };
  let next: number;
  if (op.count > 0) {
    next = m + op.count;
    if (next > majorLimit(op.axis) - 1) return undefined;
  } else {
    const end = op.at - op.count - 1;
    if (m <= end) return undefined;
    next = m + op.count;
  }
  return op.axis === "rows" ? { row: next, column } : { row, column: next };
}

function describe(op: ShiftOperation): string {
  const lines = op.axis === "rows" ? "rows" : "columns";
  return `${op.count > 0 ? "insert" : "delete"} ${Math.abs(op.count)} ${lines} at ${op.axis === "rows" ? op.at + 1 : columnLetters(op.at)}`;
}

function shiftKeyedMap<T extends { row: number; column: number }>(
  map: Map<number, T>,
  op: ShiftOperation
): Map<number, T> {
  const out = new Map<number, T>();
  for (const item of map.values()) {
    const to = shiftCell(item.row, item.column, op);
    if (!to) continue;
    item.row = to.row;
    item.column = to.column;
    out.set(cellKey(to.row, to.column), item);
  }
  return out;
}

function hasContent(cell: FakeCell): boolean {
  return cell.value !== null || cell.formula !== undefined;
}

function formatOnly(cell: FakeCell): FakeCell | undefined {
  const copy: FakeCell = { value: null };
  if (cell.numberFormat) copy.numberFormat = cell.numberFormat;
  if (cell.fill) copy.fill = cell.fill;
  if (cell.fontColor) copy.fontColor = cell.fontColor;
  if (cell.bold) copy.bold = cell.bold;
  return Object.keys(copy).length > 1 ? copy : undefined;
}

export interface ShiftContext {
  model: FakeWorkbookModel;
  sheet: FakeSheet;
  /** Live Range handles (rect null when deleted) to move along with the cells. */
  liveRanges: Iterable<{ sheetId: string; rect: Rect | null }>;
  /** New cells copy the format of the cell above / to the left (Excel's default for insert). */
  insertCopiesFormat: boolean;
  location?: string;
}

/** Applies an insert or delete. Throws `InsertDeleteConflict` / `NonBlankCellOffSheet` without changing anything. */
export function applyShift(ctx: ShiftContext, op: ShiftOperation): void {
  const { sheet, model } = ctx;
  const where = ctx.location;
  // 1. Validate.
  for (const merge of sheet.merged) {
    if (shiftRect(merge, op).kind === "conflict") {
      throw insertDeleteConflict(
        `${describe(op)} would split the merged cells of ${columnLetters(merge.left)}${merge.top + 1}`,
        where
      );
    }
  }
  for (const table of sheet.tables) {
    const result = shiftRect(table.rect, op);
    if (result.kind === "conflict")
      throw insertDeleteConflict(`${describe(op)} would shift part of table ${table.name}`, where);
    if (op.count > 0 && result.kind === "deleted") {
      throw new FakeRichApiError(
        FakeErrorCodes.nonBlankCellOffSheet,
        `Table ${table.name} would be pushed off the sheet.`,
        where
      );
    }
    if (op.count < 0 && op.axis === "rows" && table.showHeaders && result.kind === "moved") {
      const end = op.at - op.count - 1;
      if (table.rect.top >= op.at && table.rect.top <= end) {
        throw insertDeleteConflict(
          `${describe(op)} would delete the header row of table ${table.name}`,
          where
        );
      }
    }
  }
  if (op.count > 0) {
    const limit = majorLimit(op.axis);
    for (const [key, cell] of sheet.cells) {
      if (!hasContent(cell)) continue;
      const { row, column } = parseCellKey(key);
      const [m, n] = op.axis === "rows" ? [row, column] : [column, row];
      if (n >= op.bandStart && n <= op.bandEnd && m >= op.at && m + op.count > limit - 1) {
        throw new FakeRichApiError(
          FakeErrorCodes.nonBlankCellOffSheet,
          "Microsoft Excel can't insert new cells because it would push non-empty cells off the end of the worksheet.",
          where
        );
      }
    }
  }

  // 2. Cells, with inserted cells taking the format of their neighbour above / to the left.
  const neighbours = new Map<number, FakeCell>();
  if (op.count > 0 && ctx.insertCopiesFormat && op.at > 0) {
    for (const [key, cell] of sheet.cells) {
      const { row, column } = parseCellKey(key);
      const [m, n] = op.axis === "rows" ? [row, column] : [column, row];
      if (m === op.at - 1 && n >= op.bandStart && n <= op.bandEnd) {
        const format = formatOnly(cell);
        if (format) neighbours.set(n, format);
      }
    }
  }
  const cells = new CellStore();
  for (const [key, cell] of sheet.cells) {
    const { row, column } = parseCellKey(key);
    const to = shiftCell(row, column, op);
    if (to) cells.set(cellKey(to.row, to.column), cell);
  }
  for (const [n, format] of neighbours) {
    for (let m = op.at; m < op.at + op.count; m++) {
      const [row, column] = op.axis === "rows" ? [m, n] : [n, m];
      cells.set(cellKey(row, column), { ...format });
    }
  }
  sheet.cells = cells;
  sheet.notes = shiftKeyedMap(sheet.notes, op);
  sheet.comments = shiftKeyedMap(sheet.comments, op);

  // 3. Merges.
  sheet.merged = sheet.merged.flatMap((merge) => {
    const result = shiftRect(merge, op);
    if (result.kind === "deleted") return [];
    return [result.kind === "moved" ? result.rect : merge];
  });

  // 4. Tables.
  sheet.tables = sheet.tables.flatMap((table) => {
    const result = shiftRect(table.rect, op);
    if (result.kind === "deleted") return [];
    if (result.kind !== "moved") return [table];
    const before = table.rect;
    table.rect = result.rect;
    if (op.axis === "columns") {
      const width = before.right - before.left + 1;
      const newWidth = result.rect.right - result.rect.left + 1;
      if (newWidth > width) {
        const index = op.at - before.left;
        const added: string[] = [];
        for (let i = 0; i < newWidth - width; i++) {
          let n = 1;
          while ([...table.columnNames, ...added].includes(`Column${n}`)) n++;
          added.push(`Column${n}`);
        }
        table.columnNames.splice(index, 0, ...added);
      } else if (newWidth < width) {
        const first = Math.max(op.at, before.left) - before.left;
        table.columnNames.splice(first, width - newWidth);
      }
      if (table.showHeaders) {
        table.columnNames.forEach((name, i) => {
          const key = cellKey(table.rect.top, table.rect.left + i);
          const cell = sheet.cells.get(key);
          if (cell) cell.value = name;
          else sheet.cells.set(key, { value: name });
        });
      }
    }
    return [table];
  });

  // 5. Conditional formats.
  sheet.conditionalFormats = sheet.conditionalFormats.flatMap((cf) => {
    const ranges = mergeAdjacentRects(cf.ranges.flatMap((r) => shiftRectSplitting(r, op)));
    if (ranges.length === 0) return [];
    cf.ranges = ranges;
    return [cf];
  });

  // 6. Whole rows / columns: hidden flags and widths.
  if (isWholeLineOperation(op)) {
    const hidden = op.axis === "rows" ? sheet.hiddenRows : sheet.hiddenColumns;
    const moved = new Set<number>();
    for (const index of hidden) {
      const to =
        op.axis === "rows" ? shiftCell(index, 0, op)?.row : shiftCell(0, index, op)?.column;
      if (to !== undefined) moved.add(to);
    }
    if (op.axis === "rows") sheet.hiddenRows = moved;
    else sheet.hiddenColumns = moved;
    if (op.axis === "columns") {
      const widths = new Map<number, number>();
      for (const [column, width] of sheet.columnWidths) {
        const to = shiftCell(0, column, op)?.column;
        if (to !== undefined) widths.set(to, width);
      }
      const inherited = op.count > 0 && op.at > 0 ? sheet.columnWidths.get(op.at - 1) : undefined;
      if (inherited !== undefined)
        for (let c = op.at; c < op.at + op.count; c++) widths.set(c, inherited);
      sheet.columnWidths = widths;
    }
  }

  // 7. Formula references, on every sheet that points here, and defined names (whose references always name
  // their sheet, so a name's formula has no sheet of its own to resolve a bare reference against).
  for (const other of model.sheets) {
    for (const cell of other.cells.values()) {
      if (cell.formula)
        cell.formula = adjustFormulaReferences(cell.formula, other.name, sheet.name, op);
    }
  }
  for (const name of model.names)
    name.formula = adjustFormulaReferences(name.formula, "", sheet.name, op);

  // 8. Live Range objects and the selection.
  for (const handle of ctx.liveRanges) {
    if (handle.sheetId !== sheet.id || !handle.rect) continue;
    const result = shiftRect(handle.rect, op);
    if (result.kind === "moved") handle.rect = result.rect;
    else if (result.kind === "deleted") handle.rect = null;
  }
  if (model.selection.sheetId === sheet.id) {
    const result = shiftRect(model.selection.rect, op);
    if (result.kind === "moved") model.selection.rect = result.rect;
    else if (result.kind === "deleted") {
      const [row, column] = op.axis === "rows" ? [op.at, op.bandStart] : [op.bandStart, op.at];
      model.selection.rect = { top: row, left: column, bottom: row, right: column };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Formula references

const REFERENCE =
  /(?<![A-Za-z0-9_.$'!\]])((?:'(?:[^']|'')+'|[A-Za-z_\u00A1-\uFFFF][A-Za-z0-9_.\u00A1-\uFFFF]*)!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![A-Za-z0-9_(![])/g;

interface RefPart {
  column?: { index: number; absolute: boolean };
  row?: { index: number; absolute: boolean };
}

function parseRefPart(text: string): RefPart | undefined {
  const m = /^(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?$/.exec(text);
  if (!m || (!m[2] && !m[4])) return undefined;
  const part: RefPart = {};
  if (m[2]) {
    const index = columnIndexOf(m[2]);
    if (index === undefined) return undefined;
    part.column = { index, absolute: m[1] === "$" };
  }
  if (m[4]) {
    const row = Number(m[4]) - 1;
    if (row < 0 || row >= MAX_ROWS) return undefined;
    part.row = { index: row, absolute: (m[2] ? m[3] : m[1]) === "$" };
  }
  return part;
}

function formatRefPart(part: RefPart, column: number, row: number): string {
  let text = "";
  if (part.column) text += `${part.column.absolute ? "$" : ""}${columnLetters(column)}`;
  if (part.row) text += `${part.row.absolute ? "$" : ""}${row + 1}`;
  return text;
}

function adjustReference(ref: string, op: ShiftOperation): string {
  const [first = "", second] = ref.split(":");
  const a = parseRefPart(first);
  const b = second === undefined ? a : parseRefPart(second);
  if (!a || !b) return ref;
  const rect: Rect = {
    top: a.row?.index ?? 0,
    left: a.column?.index ?? 0,
    bottom: b.row?.index ?? MAX_ROWS - 1,
    right: b.column?.index ?? MAX_COLUMNS - 1,
  };
  const result = shiftRect(rect, op);
  if (result.kind === "deleted") return "#REF!";
  if (result.kind !== "moved") return ref;
  const r = result.rect;
  const start = formatRefPart(a, r.left, r.top);
  return second === undefined ? start : `${start}:${formatRefPart(b, r.right, r.bottom)}`;
}

/**
 * Rewrites the A1 references in `formula` (which lives on `formulaSheet`) that point at `targetSheet`, as Excel
 * does when cells move. String literals are left alone; references to deleted cells become `#REF!`.
 */
export function adjustFormulaReferences(
  formula: string,
  formulaSheet: string,
  targetSheet: string,
  op: ShiftOperation
): string {
  const pieces = formula.split(/("(?:[^"]|"")*")/);
  return pieces
    .map((piece, i) => {
      if (i % 2 === 1) return piece; // string literal
      return piece.replace(REFERENCE, (match, prefix: string | undefined, ref: string) => {
        const sheet = prefix ? splitSheetPrefix(`${prefix}A1`)?.sheet : formulaSheet;
        if (!sheet || sheet.toLowerCase() !== targetSheet.toLowerCase()) return match;
        const adjusted = adjustReference(ref, op);
        return `${prefix ?? ""}${adjusted}`;
      });
    })
    .join("");
}

/** Applies `fn` to the parts of a formula outside its string literals. */
function outsideStrings(formula: string, fn: (piece: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((piece, i) => (i % 2 === 1 ? piece : fn(piece)))
    .join("");
}

function translateReference(ref: string, rows: number, columns: number): string {
  const [first = "", second] = ref.split(":");
  const parts = [first, ...(second === undefined ? [] : [second])].map(parseRefPart);
  if (parts.some((p) => p === undefined)) return ref;
  const out: string[] = [];
  for (const part of parts as RefPart[]) {
    const column = part.column ? part.column.index + (part.column.absolute ? 0 : columns) : 0;
    const row = part.row ? part.row.index + (part.row.absolute ? 0 : rows) : 0;
    if (column < 0 || column >= MAX_COLUMNS || row < 0 || row >= MAX_ROWS) return "#REF!";
    out.push(formatRefPart(part, column, row));
  }
  return out.join(":");
}

/**
 * The formula a cell holds after it moved `rows` down and `columns` right the way a sort (or a copy) moves it:
 * relative parts of every reference shift with the cell, absolute (`$`) parts stay. A reference pushed off the grid
 * becomes `#REF!`.
 */
export function translateFormulaReferences(formula: string, rows: number, columns: number): string {
  if (rows === 0 && columns === 0) return formula;
  return outsideStrings(formula, (piece) =>
    piece.replace(
      REFERENCE,
      (_match, prefix: string | undefined, ref: string) =>
        `${prefix ?? ""}${translateReference(ref, rows, columns)}`
    )
  );
}

function sheetPrefixPattern(sheetName: string): RegExp {
  const variants = new Set([
    `${quoteSheetName(sheetName)}!`,
    `'${sheetName.replace(/'/g, "''")}'!`,
  ]);
  const escaped = [...variants].map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`(?<![A-Za-z0-9_.'])(?:${escaped.join("|")})`, "gi");
}

/** Rewrites the references to sheet `from` in a formula to name sheet `to` instead (quoted when it needs it). */
export function renameSheetInFormula(formula: string, from: string, to: string): string {
  const pattern = sheetPrefixPattern(from);
  const replacement = `${quoteSheetName(to)}!`;
  return outsideStrings(formula, (piece) => piece.replace(pattern, () => replacement));
}

/** What a formula reads once sheet `deleted` is gone: its references to that sheet become `#REF!A1`, as in Excel. */
export function deleteSheetInFormula(formula: string, deleted: string): string {
  const pattern = sheetPrefixPattern(deleted);
  return outsideStrings(formula, (piece) => piece.replace(pattern, () => "#REF!"));
}

/** Whether a formula has a reference that names sheet `sheetName`. */
export function formulaMentionsSheet(formula: string, sheetName: string): boolean {
  const pattern = sheetPrefixPattern(sheetName);
  return formula
    .split(/("(?:[^"]|"")*")/)
    .some((piece, i) => i % 2 === 0 && piece.search(pattern) >= 0);
}
