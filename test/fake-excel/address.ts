/**
 * A1 addresses for the fake Excel: parsing, formatting and rectangle arithmetic.
 * Everything here is 0-based and inclusive; Excel's own text is 1-based.
 */

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What an address spelled: cells (`A1:B2`), whole rows (`3:5`) or whole columns (`A:C`). */
export type AddressKind = "cells" | "rows" | "columns";

export interface ParsedAddress {
  /** Sheet name from a `Sheet!` or `'Sheet Name'!` prefix, unquoted. */
  sheet?: string;
  rect: Rect;
  kind: AddressKind;
}

/** `0 → A`, `25 → Z`, `26 → AA`, `16383 → XFD`. */
export function columnLetters(column: number): string {
  let n = column + 1;
  let text = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    text = String.fromCharCode(65 + rem) + text;
    n = Math.floor((n - 1) / 26);
  }
  return text;
}

/** `A → 0`, `XFD → 16383`; `undefined` for anything that is not a column on the grid. */
export function columnIndexOf(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1 < MAX_COLUMNS ? n - 1 : undefined;
}

/** `(8, 3) → "D9"`. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

/**
 * The key of a cell in a sheet's maps: `row * MAX_COLUMNS + column`. A number, not a `"row,column"` string, so a
 * sheet of millions of cells is neither slow to read nor short of memory (no string per cell).
 */
export const cellKey = (row: number, column: number): number => row * MAX_COLUMNS + column;

export function parseCellKey(key: number): { row: number; column: number } {
  const column = key % MAX_COLUMNS;
  return { row: (key - column) / MAX_COLUMNS, column };
}

/** Whether Excel writes this sheet name in quotes inside an address. */
export function sheetNeedsQuotes(name: string): boolean {
  if (!/^[A-Za-z_\u00A1-\uFFFF][A-Za-z0-9_.\u00A1-\uFFFF]*$/.test(name)) return true;
  if (/^[A-Za-z]{1,3}\d+$/.test(name)) return true; // looks like a cell: "AB12"
  if (/^[Rr]\d*[Cc]\d*$/.test(name) || /^[RrCc]$/.test(name)) return true; // looks like R1C1
  return /^(TRUE|FALSE)$/i.test(name);
}

export function quoteSheetName(name: string): string {
  return sheetNeedsQuotes(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

export function isWholeColumns(rect: Rect): boolean {
  return rect.top === 0 && rect.bottom === MAX_ROWS - 1;
}

export function isWholeRows(rect: Rect): boolean {
  return rect.left === 0 && rect.right === MAX_COLUMNS - 1;
}

/** Excel's spelling of a rectangle: `A1`, `A1:C3`, `A:C`, `3:5` (whole sheet is `1:1048576`). */
export function formatRect(rect: Rect): string {
  if (isWholeRows(rect)) return `${rect.top + 1}:${rect.bottom + 1}`;
  if (isWholeColumns(rect)) return `${columnLetters(rect.left)}:${columnLetters(rect.right)}`;
  const start = cellAddress(rect.top, rect.left);
  if (rect.top === rect.bottom && rect.left === rect.right) return start;
  return `${start}:${cellAddress(rect.bottom, rect.right)}`;
}

/** `Sheet1!A1:C3`, `'People Q2'!D9`. */
export function qualifiedAddress(sheet: string, rect: Rect): string {
  return `${quoteSheetName(sheet)}!${formatRect(rect)}`;
}

/** Splits `'It''s'!A1` into the sheet and the local part; the sheet is undefined when there is no prefix. */
export function splitSheetPrefix(address: string): { sheet?: string; local: string } | undefined {
  const text = address.trim();
  if (text.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === "'") {
        if (text[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += ch;
      i++;
    }
    if (text[i] !== "'" || text[i + 1] !== "!" || name === "") return undefined;
    return { sheet: name, local: text.slice(i + 2) };
  }
  const bang = text.lastIndexOf("!");
  if (bang < 0) return { local: text };
  const sheet = text.slice(0, bang);
  if (sheet === "" || /[\s'![\]:*?/\\]/.test(sheet)) return undefined;
  return { sheet, local: text.slice(bang + 1) };
}

function parseRow(text: string): number | undefined {
  if (!/^\d{1,7}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= MAX_ROWS ? n - 1 : undefined;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

/** Parses the local part of an address (no sheet prefix): `A1`, `$A$1:C3`, `A:C`, `3:5`. */
export function parseLocalAddress(local: string): { rect: Rect; kind: AddressKind } | undefined {
  const parts = local.trim().split(":");
  if (parts.length === 0 || parts.length > 2) return undefined;
  const [a, b = a] = parts as [string, string?];
  const ca = CELL.exec(a);
  const cb = CELL.exec(b!);
  if (ca && cb) {
    const l = columnIndexOf(ca[1]!);
    const r = columnIndexOf(cb[1]!);
    const t = parseRow(ca[2]!);
    const btm = parseRow(cb[2]!);
    if (l === undefined || r === undefined || t === undefined || btm === undefined)
      return undefined;
    return { rect: normalise({ top: t, left: l, bottom: btm, right: r }), kind: "cells" };
  }
  if (parts.length !== 2) return undefined;
  const cola = COLUMN.exec(a);
  const colb = COLUMN.exec(b!);
  if (cola && colb) {
    const l = columnIndexOf(cola[1]!);
    const r = columnIndexOf(colb[1]!);
    if (l === undefined || r === undefined) return undefined;
    return {
      rect: normalise({ top: 0, left: l, bottom: MAX_ROWS - 1, right: r }),
      kind: "columns",
    };
  }
  const rowa = ROW.exec(a);
  const rowb = ROW.exec(b!);
  if (rowa && rowb) {
    const t = parseRow(rowa[1]!);
    const btm = parseRow(rowb[1]!);
    if (t === undefined || btm === undefined) return undefined;
    return {
      rect: normalise({ top: t, left: 0, bottom: btm, right: MAX_COLUMNS - 1 }),
      kind: "rows",
    };
  }
  return undefined;
}

/** Parses a full address with optional sheet prefix. `undefined` when Excel would not accept it as a range. */
export function parseAddress(address: string): ParsedAddress | undefined {
  const split = splitSheetPrefix(address);
  if (!split) return undefined;
  const local = parseLocalAddress(split.local);
  if (!local) return undefined;
  return split.sheet === undefined ? local : { sheet: split.sheet, ...local };
}

export function normalise(rect: Rect): Rect {
  return {
    top: Math.min(rect.top, rect.bottom),
    left: Math.min(rect.left, rect.right),
    bottom: Math.max(rect.top, rect.bottom),
    right: Math.max(rect.left, rect.right),
  };
}

export function rectRows(rect: Rect): number {
  return rect.bottom - rect.top + 1;
}

export function rectColumns(rect: Rect): number {
  return rect.right - rect.left + 1;
}

export function rectCellCount(rect: Rect): number {
  return rectRows(rect) * rectColumns(rect);
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

export function rectContains(outer: Rect, inner: Rect): boolean {
  return (
    outer.top <= inner.top &&
    outer.left <= inner.left &&
    outer.bottom >= inner.bottom &&
    outer.right >= inner.right
  );
}

export function rectContainsCell(rect: Rect, row: number, column: number): boolean {
  return row >= rect.top && row <= rect.bottom && column >= rect.left && column <= rect.right;
}

export function intersectRects(a: Rect, b: Rect): Rect | undefined {
  if (!rectsOverlap(a, b)) return undefined;
  return {
    top: Math.max(a.top, b.top),
    left: Math.max(a.left, b.left),
    bottom: Math.min(a.bottom, b.bottom),
    right: Math.min(a.right, b.right),
  };
}

export function boundingRect(a: Rect, b: Rect): Rect {
  return {
    top: Math.min(a.top, b.top),
    left: Math.min(a.left, b.left),
    bottom: Math.max(a.bottom, b.bottom),
    right: Math.max(a.right, b.right),
  };
}

export function sameRect(a: Rect, b: Rect): boolean {
  return a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;
}

/** `a` minus `b`, as up to four disjoint rectangles. */
export function subtractRect(a: Rect, b: Rect): Rect[] {
  const cut = intersectRects(a, b);
  if (!cut) return [{ ...a }];
  const out: Rect[] = [];
  if (a.top < cut.top) out.push({ top: a.top, left: a.left, bottom: cut.top - 1, right: a.right });
  if (cut.bottom < a.bottom)
    out.push({ top: cut.bottom + 1, left: a.left, bottom: a.bottom, right: a.right });
  if (a.left < cut.left)
    out.push({ top: cut.top, left: a.left, bottom: cut.bottom, right: cut.left - 1 });
  if (cut.right < a.right)
    out.push({ top: cut.top, left: cut.right + 1, bottom: cut.bottom, right: a.right });
  return out;
}

/** Joins rectangles that share a whole edge, so that `A1:A3` + `A4:A9` reads back as `A1:A9`. */
export function mergeAdjacentRects(rects: readonly Rect[]): Rect[] {
  const out = rects.map((r) => ({ ...r }));
  let changed = true;
  while (changed) {
    changed = false;
    outer: for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        const vertical =
          a.left === b.left &&
          a.right === b.right &&
          (a.bottom + 1 === b.top || b.bottom + 1 === a.top);
        const horizontal =
          a.top === b.top &&
          a.bottom === b.bottom &&
          (a.right + 1 === b.left || b.right + 1 === a.left);
        if (vertical || horizontal) {
          out[i] = boundingRect(a, b);
          out.splice(j, 1);
          changed = true;
          break outer;
        }
      }
    }
  }
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}
