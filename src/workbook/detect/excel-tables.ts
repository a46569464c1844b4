/**
 * Excel tables (ListObjects): a table the user made in Excel is taken as it
 * is, its range and header row given, when its header qualifies. Only its
 * column mapping and row kinds are detected.
 */
import { rangeAddress, type CellRange } from "../address";
import type { SheetGrid } from "../snapshot";
import { nonEmptyColumns, rowIsBlank } from "./cells";
import { applyOverride, buildMapping, confidenceOf, type PeriodColumn } from "./column-mapping";
import { isLongFormat, titleAbove, type DetectedTable, type ScanOptions } from "./detected-table";
import { headerCellsOf, qualifies, type HeaderCandidate } from "./header-row";
import {
  blockHeaderOf,
  blockNote,
  indicatorRow,
  isIndicatorRow,
  samePeriods,
  type TableRow,
} from "./row-kinds";

export function listObjectTable(
  grid: SheetGrid,
  name: string,
  range: CellRange,
  showHeaders: boolean,
  options: ScanOptions
): DetectedTable | undefined {
  if (!showHeaders) return undefined;
  const headerRow = range.top;
  const cells = headerCellsOf(grid, headerRow, undefined).filter(
    (c) => c.column >= range.left && c.column <= range.right
  );
  const candidate: HeaderCandidate = {
    cells,
    roles: new Set(cells.flatMap((c) => (c.role ? [c.role] : []))),
    periodCount: cells.filter((c) => c.period).length,
  };
  if (!qualifies(candidate)) return undefined;
  const notes: string[] = [`Excel table "${name}" used as it is.`];
  const id = `${grid.name}!${rangeAddress({ top: headerRow, left: range.left, bottom: headerRow, right: range.right })}`;
  const mapping = applyOverride(
    grid,
    buildMapping(grid, cells, headerRow + 1, range.bottom, notes),
    headerRow,
    options.overrides?.[id],
    notes
  );
  const rows: TableRow[] = [];
  let section: string | undefined;
  let blockPeriods: readonly PeriodColumn[] | undefined;
  for (let r = headerRow + 1; r <= range.bottom; r++) {
    if (rowIsBlank(grid, r, range.left, range.right)) continue;
    const block = blockHeaderOf(grid, r, range);
    if (block) {
      section = block.name;
      blockPeriods = block.periods;
      rows.push({ row: r, kind: "block-header", section, periods: block.periods });
      if (!samePeriods(block.periods, mapping.periods)) notes.push(blockNote(block, r));
    } else if (isIndicatorRow(grid, r, mapping, range.left, range.right))
      rows.push(indicatorRow(r, section, blockPeriods));
    else if (nonEmptyColumns(grid, r, range.left, range.right).length === 1) {
      section = grid.text(r, nonEmptyColumns(grid, r, range.left, range.right)[0]!);
      rows.push({ row: r, kind: "section", section });
    }
  }
  const title = titleAbove(grid, headerRow, range.left);
  return {
    id,
    sheet: grid.name,
    layout: isLongFormat(grid, mapping, rows) ? "long" : "wide",
    source: "list-object",
    listObject: name,
    headerRows: [headerRow],
    range,
    mapping,
    rows,
    confidence: confidenceOf(mapping),
    ...(title === undefined ? {} : { title }),
    notes,
  };
}
