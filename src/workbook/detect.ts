/**
 * Table detection, the entry point: finds the indicator tables on a sheet and
 * maps their columns. The work is split by what it decides, under detect/:
 * - `header-row.ts`: which row is a table's header (with its banner or second row);
 * - `column-mapping.ts`: which column plays which role, and how sure that is;
 * - `row-kinds.ts`: what each row under a header is (indicator, section, block header …);
 * - `excel-tables.ts`: Excel tables (ListObjects), taken as they are;
 * - `scanned-tables.ts`: tables found by scanning, and where each ends;
 * - `detected-table.ts`: what a found table is; `cells.ts`: reading bands of rows.
 * Everything the rest of the add-in uses is exported from here.
 */
import { cellAddress, type CellRange } from "./address";
import type { SheetGrid } from "./snapshot";
import type { DetectedTable, ScanOptions, SheetDetection } from "./detect/detected-table";
import { listObjectTable } from "./detect/excel-tables";
import { noTableReason, scanTables } from "./detect/scanned-tables";

export type {
  ColumnChoice,
  ColumnMapping,
  Confidence,
  MappingOverride,
  PeriodColumn,
  SingleRole,
} from "./detect/column-mapping";
export type { DetectedTable, SheetDetection } from "./detect/detected-table";
export { isPeriodLabelCell, type RowKind, type TableRow } from "./detect/row-kinds";

/**
 * Finds every indicator table on a sheet: Excel tables (ListObjects) as they
 * are, then header rows found by their synonyms (one or two rows deep), each
 * with the rows below it up to the next title, commentary paragraph or header.
 * Section rows, repeated headers and blank rows inside a table are skipped.
 *
 * Cost: O(cells), plus O(rows × header width) per table.
 */
export function detectTables(grid: SheetGrid, options: ScanOptions = {}): SheetDetection {
  const tables: DetectedTable[] = [];
  const claimed: CellRange[] = [];
  for (const listObject of grid.tables) {
    const table = listObjectTable(
      grid,
      listObject.name,
      listObject.range,
      listObject.showHeaders,
      options
    );
    if (table) {
      tables.push(table);
      claimed.push(listObject.range);
    }
  }
  const scanned = scanTables(grid, claimed, options);
  tables.push(...scanned.tables);
  tables.sort((a, b) => a.range.top - b.range.top || a.range.left - b.range.left);
  if (tables.length > 0) return { sheet: grid.name, tables };
  return { sheet: grid.name, tables, problem: noTableReason(grid, scanned.bestRejected) };
}

/** `D9`-style address of a table cell, for messages. */
export function cellOf(row: number, column: number): string {
  return cellAddress(row, column);
}
