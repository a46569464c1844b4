/**
 * Tables found by scanning: every row of the sheet's unclaimed columns is
 * tried as a header (header-row.ts), and a table runs from its header down
 * through its indicator, section and block rows to the first row that ends it
 * (the next header, a footer or note line, a paragraph). Also decided here:
 * why a sheet has no table, when it has none.
 */
import { rangeAddress, type CellRange } from "../address";
import { normaliseHeader } from "../headers";
import type { SheetGrid } from "../snapshot";
import { firstNonEmpty, nextNonBlank, nonEmptyColumns, nonEmptyCount, type Columns } from "./cells";
import { applyOverride, buildMapping, confidenceOf, type PeriodColumn } from "./column-mapping";
import { isLongFormat, titleAbove, type DetectedTable, type ScanOptions } from "./detected-table";
import {
  candidateAt,
  headerGroups,
  headerScore,
  isBanner,
  isSubHeader,
  qualifies,
  rowLabelsOf,
  withUnlabelledNames,
  type HeaderCandidate,
  type HeaderCell,
} from "./header-row";
import {
  blockHeaderOf,
  blockNote,
  indicatorRow,
  isFooterLead,
  isIndicatorRow,
  isNoteText,
  samePeriods,
  type TableRow,
} from "./row-kinds";

/**
 * The runs of columns on `row` that no table has claimed yet. A claimed range
 * is stepped over in one move, so a table's own rows cost a step per range,
 * not one per column.
 */
export function freeBands(grid: SheetGrid, row: number, claimed: readonly CellRange[]): Columns[] {
  const bands: Columns[] = [];
  let start: number | undefined;
  // The row's own cells: past them every column is empty, and a sheet 16,384 columns wide
  // (one cell at XFD) must not cost 16,384 steps a row.
  const end = Math.min(grid.columnCount, grid.rowEnd(row));
  let c = grid.firstColumn;
  while (c < end) {
    let claimedTo = -1;
    for (const range of claimed)
      if (range.top <= row && row <= range.bottom && range.left <= c && c <= range.right)
        claimedTo = Math.max(claimedTo, range.right);
    if (claimedTo < 0) {
      start ??= c;
      c++;
      continue;
    }
    if (start !== undefined) {
      bands.push({ left: start, right: c - 1 });
      start = undefined;
    }
    c = claimedTo + 1;
  }
  if (start !== undefined) bands.push({ left: start, right: end - 1 });
  return bands;
}

export function noTableReason(
  grid: SheetGrid,
  best: { row: number; candidate: HeaderCandidate } | undefined
): string {
  if (grid.rowCount <= grid.firstRow || !hasAnyValue(grid))
    return `No indicator table found on "${grid.name}": the sheet is empty.`;
  if (!best || headerScore(best.candidate) === 0) {
    return `No indicator table found on "${grid.name}": no row has headers such as "PI code", "Indicator", "Value", "Target" or period labels (Jun-22, Q3 22-23).`;
  }
  const named = best.candidate.cells.filter((c) => c.role).map((c) => `"${c.text}"`);
  const periods = best.candidate.cells.filter((c) => c.period);
  if (periods.length === 1) named.push(`"${periods[0]!.text}"`);
  if (periods.length > 1)
    named.push(`"${periods[0]!.text}" … "${periods[periods.length - 1]!.text}"`);
  const found = named.join(", ");
  const roles = best.candidate.roles;
  const missingWhat = !(roles.has("code") || roles.has("name"))
    ? "no indicator code or name column"
    : "no Value, Target, Status or period columns";
  return `No indicator table found on "${grid.name}": the best header row is ${best.row + 1} (${found}), but it has ${missingWhat}.`;
}

function hasAnyValue(grid: SheetGrid): boolean {
  for (let r = grid.firstRow; r < grid.rowCount; r++)
    if (nonEmptyColumns(grid, r, grid.firstColumn, grid.rowEnd(r) - 1).length) return true;
  return false;
}

export function scanTable(
  grid: SheetGrid,
  headerRow: number,
  bannerRow: number | undefined,
  within: Columns,
  inferred: readonly HeaderCell[],
  options: ScanOptions
): DetectedTable {
  const candidate = candidateAt(grid, headerRow, bannerRow, within);
  const cells = [
    ...inferred,
    ...candidate.cells.filter((c) => !inferred.some((i) => i.column === c.column)),
  ].sort((a, b) => a.column - b.column);
  const left = cells[0]!.column;
  const right = cells[cells.length - 1]!.column;
  const notes: string[] = [];
  const headerAddress = rangeAddress({
    top: bannerRow ?? headerRow,
    left,
    bottom: headerRow,
    right,
  });
  const id = `${grid.name}!${headerAddress}`;
  // A first mapping over a generous body window settles ambiguous headers; rows are then classified with it.
  const provisional = buildMapping(
    grid,
    cells,
    headerRow + 1,
    Math.min(grid.rowCount - 1, headerRow + 60),
    []
  );
  // A repeat of the header (after a page break) matches one of its rows as they read on their own.
  const keyOf = (c: HeaderCandidate): string =>
    c.cells.map((h) => normaliseHeader(h.text)).join("|");
  const headerKeys = new Set(
    [headerRow, ...(bannerRow === undefined ? [] : [bannerRow])].map((r) =>
      keyOf(candidateAt(grid, r, undefined, within))
    )
  );
  const keys = [...headerKeys];
  const rows: TableRow[] = [];
  let section: string | undefined;
  // The period columns of the block the rows are in, once a block header has given them.
  let blockPeriods: readonly PeriodColumn[] | undefined;
  const blockNotes: { row: number; note: string }[] = [];
  let lastIndicator = headerRow;
  for (let r = headerRow + 1; r < grid.rowCount; r++) {
    // Blank rows inside a table (between groups, before a section) do not end it.
    const first = firstNonEmpty(grid, r, left, right);
    if (first === undefined) continue;
    // The row read as a header would be, without building its cells (it is nearly always an indicator row).
    const here = rowLabelsOf(grid, r, { left, right }, keys);
    if (here.repeats) {
      rows.push({ row: r, kind: "repeated-header" });
      // The header again restates its own labels: the rows after it read against them.
      blockPeriods = undefined;
      continue;
    }
    if (qualifies(here)) break;
    // A key, note or source line under the table ends it, even when it spreads over several cells.
    if (isFooterLead(grid.text(r, first))) break;
    // A team row repeating the period labels heads the block below it, with those labels.
    // Only a row whose labels could make one is read as a block header.
    const block = here.blockLike ? blockHeaderOf(grid, r, { left, right }) : undefined;
    if (block) {
      section = block.name;
      blockPeriods = block.periods;
      rows.push({ row: r, kind: "block-header", section, periods: block.periods });
      if (!samePeriods(block.periods, provisional.periods))
        blockNotes.push({ row: r, note: blockNote(block, r) });
      continue;
    }
    if (
      isIndicatorRow(grid, r, provisional, left, right, nonEmptyCount(grid, r, first, right, 2))
    ) {
      rows.push(indicatorRow(r, section, blockPeriods));
      lastIndicator = r;
      continue;
    }
    // A heading on its own over indicator rows (not over the next table's header) opens a section;
    // headings can nest ("North Kent", then "Ashford CSWT").
    const isHeading = (row: number): boolean => {
      const cells = nonEmptyColumns(grid, row, left, right);
      const text = cells.length === 1 ? grid.text(row, cells[0]!) : "";
      return cells.length === 1 && text.length <= 60 && !/:$/.test(text) && !isNoteText(text);
    };
    let next = nextNonBlank(grid, r + 1, left, right);
    for (let nested = 0; nested < 3 && next !== undefined && isHeading(next); nested++)
      next = nextNonBlank(grid, next + 1, left, right);
    const nextHeader =
      next !== undefined && isHeading(r)
        ? candidateAt(grid, next, undefined, { left, right })
        : undefined;
    if (
      next !== undefined &&
      nextHeader !== undefined &&
      !qualifies(nextHeader) &&
      (isIndicatorRow(grid, next, provisional, left, right) ||
        blockHeaderOf(grid, next, { left, right }, nextHeader.cells) !== undefined)
    ) {
      const text = grid.text(r, first);
      section = text;
      rows.push({ row: r, kind: "section", section });
      continue;
    }
    break;
  }
  const body = rows.filter((row) => row.row <= lastIndicator);
  // A block header after the last indicator row is not part of the table, nor its note.
  for (const { row, note } of blockNotes) if (row <= lastIndicator) notes.push(note);
  const mapping = applyOverride(
    grid,
    buildMapping(grid, cells, headerRow + 1, lastIndicator, notes),
    headerRow,
    options.overrides?.[id],
    notes
  );
  const layout = isLongFormat(grid, mapping, body) ? "long" : "wide";
  const title = titleAbove(grid, bannerRow ?? headerRow, left);
  if (body.filter((row) => row.kind === "indicator").length === 0)
    notes.push("The header has no indicator rows under it.");
  return {
    id,
    sheet: grid.name,
    layout,
    source: "scan",
    headerRows: bannerRow === undefined ? [headerRow] : [bannerRow, headerRow],
    range: { top: bannerRow ?? headerRow, left, bottom: lastIndicator, right },
    mapping,
    rows: body,
    confidence: confidenceOf(mapping),
    ...(title === undefined ? {} : { title }),
    notes,
  };
}

/** The header row that came closest to qualifying, for saying why a sheet has no table. */
export interface RejectedHeader {
  readonly row: number;
  readonly candidate: HeaderCandidate;
}

/**
 * Scans the sheet row by row for header rows (one or two rows deep) in the
 * columns no table has claimed, and reads the table under each. Each table found
 * is added to `claimed`, so a later header inside it is not read again.
 */
export function scanTables(
  grid: SheetGrid,
  claimed: CellRange[],
  options: ScanOptions
): { tables: DetectedTable[]; bestRejected: RejectedHeader | undefined } {
  const tables: DetectedTable[] = [];
  const isClaimed = (row: number, column: number): boolean =>
    claimed.some(
      (range) =>
        range.top <= row && row <= range.bottom && range.left <= column && column <= range.right
    );

  let bestRejected: RejectedHeader | undefined;
  for (let r = grid.firstRow; r < grid.rowCount; r++) {
    for (const band of freeBands(grid, r, claimed)) {
      for (const group of headerGroups(grid, r, band)) {
        const header = qualifies(group) ? group : withUnlabelledNames(grid, r, group, band);
        if (!qualifies(header)) {
          if (headerScore(header) > (bestRejected ? headerScore(bestRejected.candidate) : 0))
            bestRejected = { row: r, candidate: header };
          continue;
        }
        const within = {
          left: header.cells[0]!.column,
          right: header.cells[header.cells.length - 1]!.column,
        };
        const rowFree = (row: number): boolean =>
          row >= grid.firstRow &&
          row < grid.rowCount &&
          !Array.from({ length: within.right - within.left + 1 }, (_, i) => within.left + i).some(
            (c) => isClaimed(row, c)
          );
        const inferred = header.cells.filter((c) => c.inferred);
        // Column names merged down over two rows, with months (or sub-labels) in the second.
        const table =
          rowFree(r + 1) && isSubHeader(grid, r + 1, header, within)
            ? scanTable(grid, r + 1, r, within, inferred, options)
            : scanTable(
                grid,
                r,
                rowFree(r - 1) && isBanner(grid, r - 1, header) ? r - 1 : undefined,
                within,
                inferred,
                options
              );
        tables.push(table);
        claimed.push(table.range);
      }
    }
  }
  return { tables, bestRejected };
}
