/**
 * What detection finds: a table (its header rows, range, column mapping, rows
 * and confidence) and a sheet's tables. Also decided here, for tables found
 * either way: the title above a table, and whether it is long format (one row
 * per indicator and period) rather than wide.
 */
import type { CellRange } from "../address";
import type { SheetGrid } from "../snapshot";
import { nonEmptyColumns } from "./cells";
import type { ColumnMapping, Confidence, MappingOverride } from "./column-mapping";
import { isNoteText, type TableRow } from "./row-kinds";

export interface DetectedTable {
  /** Stable key: sheet and header address. Mapping overrides are saved under it. */
  readonly id: string;
  readonly sheet: string;
  readonly layout: "wide" | "long";
  readonly source: "scan" | "list-object";
  readonly listObject?: string;
  readonly headerRows: readonly number[];
  readonly range: CellRange;
  readonly mapping: ColumnMapping;
  readonly rows: readonly TableRow[];
  readonly confidence: Confidence;
  readonly title?: string;
  readonly notes: readonly string[];
}

export interface SheetDetection {
  readonly sheet: string;
  readonly tables: readonly DetectedTable[];
  /** Why no table was found, when none was. */
  readonly problem?: string;
}

/** What detection is told: the user's column overrides, by table id. */
export interface ScanOptions {
  readonly overrides?: Readonly<Record<string, MappingOverride>>;
}

/** A table's title: the one filled cell at its left edge in the few rows above its header, unless a note. */
export function titleAbove(grid: SheetGrid, row: number, left: number): string | undefined {
  for (let r = row - 1; r >= Math.max(grid.firstRow, row - 4); r--) {
    const filled = nonEmptyColumns(grid, r, left, left + 3);
    if (filled.length === 1) {
      const text = grid.text(r, filled[0]!);
      return isNoteText(text) ? undefined : text;
    }
    if (filled.length > 1) return undefined;
  }
  return undefined;
}

/** Long format: code, period and value columns, and a code on more than one indicator row. */
export function isLongFormat(
  grid: SheetGrid,
  mapping: ColumnMapping,
  rows: readonly TableRow[]
): boolean {
  const { code, period, value } = mapping.roles;
  if (!code || !period || !value) return false;
  const seen = new Set<string>();
  let repeats = 0;
  for (const row of rows) {
    if (row.kind !== "indicator") continue;
    const key = grid.text(row.row, code.column);
    if (seen.has(key)) repeats++;
    seen.add(key);
  }
  return repeats > 0;
}
