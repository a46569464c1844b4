/**
 * Reading bands of a sheet's rows while detecting tables: which cells of a row
 * hold something, whether a row (or a run of columns) is blank. Decides
 * nothing itself; the header, mapping and row modules build on it.
 */
import type { SheetGrid } from "../snapshot";

/** A band of columns, inclusive: where one table's header may lie. */
export interface Columns {
  readonly left: number;
  readonly right: number;
}

export function allColumns(grid: SheetGrid): Columns {
  return { left: grid.firstColumn, right: grid.columnCount - 1 };
}

export function rowIsBlank(grid: SheetGrid, row: number, left: number, right: number): boolean {
  for (let c = left; c <= right; c++) if (!grid.isEmpty(row, c)) return false;
  return true;
}

export function nonEmptyColumns(
  grid: SheetGrid,
  row: number,
  left: number,
  right: number
): number[] {
  const columns: number[] = [];
  for (let c = left; c <= right; c++) if (!grid.isEmpty(row, c)) columns.push(c);
  return columns;
}

/** The first column of `left`…`right` that holds something on the row, or undefined for a blank row. */
export function firstNonEmpty(
  grid: SheetGrid,
  row: number,
  left: number,
  right: number
): number | undefined {
  for (let c = left; c <= right; c++) if (!grid.isEmpty(row, c)) return c;
  return undefined;
}

/** How many cells of `left`…`right` hold something on the row, counted up to `enough` at most. */
export function nonEmptyCount(
  grid: SheetGrid,
  row: number,
  left: number,
  right: number,
  enough: number
): number {
  let count = 0;
  for (let c = left; c <= right && count < enough; c++) if (!grid.isEmpty(row, c)) count++;
  return count;
}

export function nextNonBlank(
  grid: SheetGrid,
  from: number,
  left: number,
  right: number
): number | undefined {
  for (let r = from; r < grid.rowCount; r++) if (!rowIsBlank(grid, r, left, right)) return r;
  return undefined;
}

/** Columns `from`…`to` (at least one) are empty on the header row and the few rows below it. */
export function isSeparator(grid: SheetGrid, row: number, from: number, to: number): boolean {
  if (from > to) return false;
  const last = Math.min(grid.rowCount - 1, row + 5);
  for (let r = row; r <= last; r++)
    for (let c = from; c <= to; c++) if (!grid.isEmpty(r, c)) return false;
  return true;
}
