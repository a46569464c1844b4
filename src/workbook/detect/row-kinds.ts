/**
 * Row kinds: what each row under a header is. An indicator row to rate, a
 * section heading, the header repeated, or a team's block header that repeats
 * period labels (and gives the block below its own period columns); and the
 * texts that are notes, keys and source lines rather than indicators.
 */
import { parsePeriod } from "../../engine/periods";
import { parseCellValue } from "../../engine/values";
import type { SheetGrid } from "../snapshot";
import { nonEmptyColumns, type Columns } from "./cells";
import { mostCommon, type ColumnMapping, type PeriodColumn } from "./column-mapping";
import { headerCellsOf, type HeaderCell } from "./header-row";

/**
 * - `indicator`: a row to rate.
 * - `section`: a heading on its own (`Ashford CSWT`) over the rows below it.
 * - `repeated-header`: the table's header again (after a page break).
 * - `block-header`: a row that names a team or area and repeats period labels
 *   (`Ashford CSWT | | | Jun-22 … Dec-22`): the header of the block below it,
 *   which opens a section and gives the block its own period columns.
 */
export type RowKind = "indicator" | "section" | "repeated-header" | "block-header";

export interface TableRow {
  readonly row: number;
  readonly kind: RowKind;
  /** The section heading (`Ashford CSWT`) the row sits under, if any. */
  readonly section?: string;
  /**
   * The period columns of the block the row sits in (oldest first), read from its
   * block header's labels; on a block header, its own. Absent when the table
   * header's periods (`mapping.periods`) apply.
   */
  readonly periods?: readonly PeriodColumn[];
}

/** `filled`: how many of the row's cells in `left`…`right` hold something (2 or more, or as many), when the caller has counted them. */
export function isIndicatorRow(
  grid: SheetGrid,
  row: number,
  mapping: ColumnMapping,
  left: number,
  right: number,
  filled?: number
): boolean {
  const { code, name } = mapping.roles;
  const identified =
    (code && !grid.isEmpty(row, code.column)) || (name && !grid.isEmpty(row, name.column));
  return Boolean(identified) && (filled ?? nonEmptyColumns(grid, row, left, right).length) >= 2;
}

/** An indicator row, with its section and block periods when it has them. */
export function indicatorRow(
  row: number,
  section: string | undefined,
  periods: readonly PeriodColumn[] | undefined
): TableRow {
  return {
    row,
    kind: "indicator",
    ...(section === undefined ? {} : { section }),
    ...(periods === undefined ? {} : { periods }),
  };
}

interface BlockHeader {
  readonly name: string;
  readonly periods: readonly PeriodColumn[];
}

/**
 * A row that names a team or area in its first filled cell and repeats period
 * labels in the others (`Ashford CSWT | | | Jun-22 … Dec-22`): the header of the
 * block below it. Its other cells may repeat column names (Floor, Target), but
 * hold nothing else: a figure makes it an indicator row. Its labels, of one
 * granularity and oldest first as in the table header, are the block's periods.
 * `cells`: the row's header cells over `within`, when the caller has read them.
 */
export function blockHeaderOf(
  grid: SheetGrid,
  row: number,
  within: Columns,
  cells: readonly HeaderCell[] = headerCellsOf(grid, row, undefined, within)
): BlockHeader | undefined {
  const [first, ...rest] = cells;
  if (!first || first.period || typeof grid.value(row, first.column) !== "string") return undefined;
  const name = grid.text(row, first.column);
  if (name.length > 60 || isNoteText(name) || parseCellValue(name).kind === "number")
    return undefined;
  if (rest.some((c) => !c.period && !c.role)) return undefined;
  const labelled: PeriodColumn[] = rest.flatMap((c) =>
    c.period ? [{ column: c.column, period: c.period, header: c.text }] : []
  );
  if (labelled.length < 2) return undefined;
  const granularity = mostCommon(labelled.map((p) => p.period.granularity));
  const periods = labelled
    .filter((p) => p.period.granularity === granularity)
    .sort((a, b) => a.period.index - b.period.index);
  return { name, periods };
}

/** Whether two sets of period columns are the same labels over the same columns. */
export function samePeriods(a: readonly PeriodColumn[], b: readonly PeriodColumn[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (p, i) =>
        p.column === b[i]!.column &&
        p.period.granularity === b[i]!.period.granularity &&
        p.period.index === b[i]!.period.index
    )
  );
}

/** The note for a block whose labels differ from the table header's. */
export function blockNote(block: BlockHeader, row: number): string {
  const { periods } = block;
  const span = `${periods[0]!.header} … ${periods[periods.length - 1]!.header}`;
  return `Rows under "${block.name}" (row ${row + 1}) read their history against its own period labels (${span}).`;
}

/**
 * Whether a value cell shows a period label (`Dec-22` as text, or a date shown
 * as a month): such a row is a block's header, never an indicator to rate.
 * Text that reads as a number (`2022`) is a figure, not a label.
 */
export function isPeriodLabelCell(grid: SheetGrid, row: number, column: number): boolean {
  const value = grid.value(row, column);
  const format = grid.format(row, column);
  if (typeof value === "string")
    return parsePeriod(value) !== undefined && parseCellValue(value, format).kind !== "number";
  if (typeof value !== "number" || parsePeriod(value, format) === undefined) return false;
  // A date shown with its day or time (`dd/mm/yyyy`) is a date, not a month label.
  const shown = (format.split(";")[0] ?? "").replace(/"[^"]*"|\\.|\[[^\]]*\]/g, "");
  return !/[dhs]/i.test(shown);
}

/** The first cell of a row that is a key, note or source line, not an indicator. */
export function isFooterLead(text: string): boolean {
  return (
    /^(key|notes?|sources?|nb|n\.b\.?|definitions?|footnotes?|comments?|commentary)\s*([:\-–]|$)/i.test(
      text
    ) || /^\*+\s/.test(text)
  );
}

/** A note, source line or commentary sentence: text above a table that is not its title. */
export function isNoteText(text: string): boolean {
  return (
    /^(notes?|source|sources|comments?|key|nb|n\.b\.|\*)\s*[:\-–.]/i.test(text) ||
    /^comments?$/i.test(text) ||
    (/[.!?]$/.test(text) && /\s/.test(text))
  );
}
