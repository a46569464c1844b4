/**
 * Moving references in formula text when whole columns are inserted or deleted,
 * as Excel does: a reference at or right of an insertion moves right; a
 * reference into deleted columns becomes `#REF!`; a range keeps its ends where
 * they still exist and shrinks or grows with the columns between them.
 *
 * Only A1-style references to the sheet being changed move: unqualified ones in
 * formulas on that sheet, and `Sheet!A1` / `'Sheet name'!A1` ones anywhere.
 * Text in quotes, structured references (`Table1[Value]`), function names and
 * defined names are left alone. Columns are 0-based here, like the plans.
 */

import { columnIndex, columnLetter } from "../workbook/address";
import { mapReferences, type ReferencePrefix } from "./formula-references";

export interface ColumnShift {
  readonly kind: "insert" | "delete";
  /** First column inserted or deleted (0-based). */
  readonly at: number;
  readonly count: number;
}

/** Where column `column` goes, or `undefined` when it is deleted. */
export function shiftColumn(column: number, shift: ColumnShift): number | undefined {
  if (column < shift.at) return column;
  if (shift.kind === "insert") return column + shift.count;
  if (column < shift.at + shift.count) return undefined;
  return column - shift.count;
}

/** Where the columns `left..right` of a range go, or `undefined` when all of them are deleted. */
export function shiftSpan(
  left: number,
  right: number,
  shift: ColumnShift
): { left: number; right: number } | undefined {
  if (shift.kind === "insert")
    return { left: shiftColumn(left, shift)!, right: shiftColumn(right, shift)! };
  const end = shift.at + shift.count - 1;
  if (left >= shift.at && right <= end) return undefined;
  const newLeft = left < shift.at ? left : left > end ? left - shift.count : shift.at;
  const newRight = right < shift.at ? right : right > end ? right - shift.count : shift.at - 1;
  return { left: newLeft, right: newRight };
}

const MAX_COLUMN = 16383;
const MAX_ROW = 1048576;

/** A column's letters as an index, `undefined` past Excel's last column (XFD). */
function columnOf(text: string): number | undefined {
  const column = columnIndex(text);
  return column !== undefined && column <= MAX_COLUMN ? column : undefined;
}

interface RefPart {
  readonly absColumn: boolean;
  readonly column: number;
  /** Row text including its `$`, or "" for a whole-column reference. */
  readonly row: string;
}

/** `$B$7`, `B7`, or (when `columnOnly`) `$B` / `B`. */
function parsePart(text: string, columnOnly: boolean): RefPart | undefined {
  const match = columnOnly
    ? /^(\$?)([A-Za-z]{1,3})$/.exec(text)
    : /^(\$?)([A-Za-z]{1,3})(\$?[0-9]+)$/.exec(text);
  if (!match) return undefined;
  const column = columnOf(match[2]!);
  if (column === undefined) return undefined;
  const row = match[3] ?? "";
  if (row) {
    const n = Number(row.replace("$", ""));
    if (n < 1 || n > MAX_ROW) return undefined;
  }
  return { absColumn: match[1] === "$", column, row };
}

function renderPart(part: RefPart, column: number): string {
  return `${part.absColumn ? "$" : ""}${columnLetter(column)}${part.row}`;
}

function sameSheet(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Rewrites the references in `formula` (with or without its leading `=`) that
 * point at `targetSheet`, for a formula held on `hostSheet`.
 *
 * @example shiftFormula("SUM(B2:K2)+Other!K1", "S", "S", { kind: "insert", at: 9, count: 4 }) // "SUM(B2:O2)+Other!K1"
 */
export function shiftFormula(
  formula: string,
  hostSheet: string,
  targetSheet: string,
  shift: ColumnShift
): string {
  const onTarget = ({ sheet }: ReferencePrefix): boolean =>
    sameSheet(sheet ?? hostSheet, targetSheet);
  return mapReferences(formula, {
    range: (first, second, at) => {
      const columnOnly = !/[0-9]$/.test(first);
      const a = parsePart(first, columnOnly);
      const b = parsePart(second, columnOnly);
      if (!a || !b) return undefined;
      return onTarget(at) ? renderRange(a, b, shift) : `${first}:${second}`;
    },
    single: (word, at) => {
      const single = parsePart(word, false);
      if (!single || !onTarget(at)) return undefined;
      const column = shiftColumn(single.column, shift);
      return column === undefined ? "#REF!" : renderPart(single, column);
    },
  });
}

function renderRange(a: RefPart, b: RefPart, shift: ColumnShift): string {
  // Ends may be written either way round (`B2:A1`); shift by position.
  const swap = a.column > b.column;
  const [l, r] = swap ? [b, a] : [a, b];
  const span = shiftSpan(l.column, r.column, shift);
  if (!span) return "#REF!";
  const left = renderPart(l, span.left);
  const right = renderPart(r, span.right);
  return swap ? `${right}:${left}` : `${left}:${right}`;
}

/** Shifts every range of a space-separated list (`A1:A10 C3`), dropping ranges wholly deleted. */
export function shiftSqref(sqref: string, shift: ColumnShift): string {
  return sqref
    .split(/\s+/)
    .filter(Boolean)
    .map((range) => shiftFormula(range, "", "", shift))
    .filter((range) => !range.includes("#REF!"))
    .join(" ");
}
