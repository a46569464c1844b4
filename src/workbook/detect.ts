import { parsePeriod, type Period } from "../engine/periods";
import { parsePolarity } from "../engine/polarity";
import { parseCellValue } from "../engine/values";
import { cellAddress, columnLetter, rangeAddress, type CellRange } from "./address";
import { AMBIGUOUS, normaliseHeader, roleOfHeader, SINGLE_ROLES, type ColumnRole } from "./headers";
import type { SheetGrid } from "./snapshot";

export type SingleRole = Exclude<ColumnRole, "benchmark">;

/** Why a column was chosen for a role, for the user to review. */
export interface ColumnChoice {
  readonly column: number;
  readonly header: string;
  readonly reason: string;
}

export interface PeriodColumn {
  readonly column: number;
  readonly period: Period;
  readonly header: string;
}

export interface ColumnMapping {
  readonly roles: Readonly<Partial<Record<SingleRole, ColumnChoice>>>;
  /** History columns, oldest first. */
  readonly periods: readonly PeriodColumn[];
  readonly benchmarks: readonly ColumnChoice[];
}

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

export type Confidence = "high" | "medium" | "low";

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

/** A column override: a role moved to another column (`column`), or removed (`null`). */
export type MappingOverride = Readonly<Partial<Record<SingleRole, number | null>>>;

interface HeaderCell {
  readonly column: number;
  readonly text: string;
  readonly banner: string;
  readonly role?: ColumnRole;
  readonly period?: Period;
  /** Why a column with no header text has its role. */
  readonly inferred?: string;
}

const RATING_ROLES: readonly ColumnRole[] = [
  "value",
  "target",
  "status",
  "floor",
  "lower",
  "upper",
];

function periodOf(grid: SheetGrid, row: number, column: number): Period | undefined {
  const value = grid.value(row, column);
  return typeof value === "string" || typeof value === "number"
    ? parsePeriod(value, grid.format(row, column))
    : undefined;
}

/** A band of columns, inclusive: where one table's header may lie. */
interface Columns {
  readonly left: number;
  readonly right: number;
}

function allColumns(grid: SheetGrid): Columns {
  return { left: grid.firstColumn, right: grid.columnCount - 1 };
}

function headerCellsOf(
  grid: SheetGrid,
  row: number,
  bannerRow: number | undefined,
  within: Columns = allColumns(grid)
): HeaderCell[] {
  const cells: HeaderCell[] = [];
  let banner = "";
  for (let c = within.left; c <= within.right; c++) {
    const bannerText = bannerRow === undefined ? "" : bannerTextAt(grid, bannerRow, c);
    if (bannerText) banner = bannerText;
    const text = grid.text(row, c);
    if (!text && !bannerText) {
      banner = "";
      continue;
    }
    const period = text ? periodOf(grid, row, c) : undefined;
    // A header typed as a date holds its serial (44713); it reads as the month it shows (Jun-22).
    const label =
      period && typeof grid.value(row, c) === "number" ? period.label : text || bannerText;
    const role = period
      ? undefined
      : (roleOfHeader(label) ??
        (text && bannerText ? roleOfHeader(`${bannerText} ${text}`) : undefined));
    cells.push({ column: c, text: label, banner: text ? banner : "", role, period });
  }
  return cells;
}

/** Banner text over column `c`: its own cell, or a merged cell spanning it. */
function bannerTextAt(grid: SheetGrid, row: number, column: number): string {
  const own = grid.text(row, column);
  if (own) return own;
  const merge = grid.merged.find(
    (m) => m.top <= row && row <= m.bottom && m.left <= column && column <= m.right
  );
  return merge ? grid.text(merge.top, merge.left) : "";
}

interface HeaderCandidate {
  readonly cells: HeaderCell[];
  readonly roles: ReadonlySet<ColumnRole>;
  readonly periodCount: number;
}

function candidateAt(
  grid: SheetGrid,
  row: number,
  bannerRow?: number,
  within?: Columns
): HeaderCandidate {
  return candidateOf(headerCellsOf(grid, row, bannerRow, within));
}

function candidateOf(cells: HeaderCell[]): HeaderCandidate {
  const roles = new Set<ColumnRole>();
  let periodCount = 0;
  for (const cell of cells) {
    if (cell.role) roles.add(cell.role);
    if (cell.period) periodCount++;
  }
  return { cells, roles, periodCount };
}

function qualifies(candidate: HeaderCandidate): boolean {
  const { roles, periodCount } = candidate;
  const identifies = roles.has("code") || roles.has("name");
  const measures = RATING_ROLES.some((role) => roles.has(role)) || periodCount >= 2;
  return identifies && measures && roles.size + (periodCount > 0 ? 1 : 0) >= 2;
}

function rowIsBlank(grid: SheetGrid, row: number, left: number, right: number): boolean {
  for (let c = left; c <= right; c++) if (!grid.isEmpty(row, c)) return false;
  return true;
}

function nonEmptyColumns(grid: SheetGrid, row: number, left: number, right: number): number[] {
  const columns: number[] = [];
  for (let c = left; c <= right; c++) if (!grid.isEmpty(row, c)) columns.push(c);
  return columns;
}

/** A row above a header is a banner when it labels groups of the header's columns. */
function isBanner(grid: SheetGrid, row: number, header: HeaderCandidate): boolean {
  if (row < grid.firstRow) return false;
  const left = header.cells[0]?.column ?? 0;
  const right = header.cells[header.cells.length - 1]?.column ?? 0;
  const filled = nonEmptyColumns(grid, row, left, right);
  if (filled.length === 0) return false;
  if (qualifies(candidateAt(grid, row, undefined, { left, right }))) return false;
  const spansMerge = grid.merged.some(
    (m) => m.top === row && m.right > m.left && m.left >= left && m.right <= right
  );
  const words = filled.some((c) =>
    /trend|latest|month|quarter|period|history|previous|current|year|data|performance/i.test(
      grid.text(row, c)
    )
  );
  // One cell at the left edge (merged across or not) is the table's title, not a banner over some columns.
  const lonelyTitle = filled.length === 1 && filled[0] === left;
  return !lonelyTitle && (spansMerge || words || filled.some((c) => grid.isEmpty(row + 1, c)));
}

/**
 * The row under a header is the header's second row when it holds only labels
 * (periods, column names) and nothing under the code and name columns: the
 * header's own names are merged down over both rows.
 */
function isSubHeader(
  grid: SheetGrid,
  row: number,
  header: HeaderCandidate,
  within: Columns
): boolean {
  const identifying = header.cells.filter((c) => c.role === "code" || c.role === "name");
  if (identifying.some((c) => !grid.isEmpty(row, c.column))) return false;
  const cells = headerCellsOf(grid, row, undefined, within);
  if (cells.length === 0) return false;
  const labels = cells.filter((c) => c.period || c.role).length;
  return labels > 0 && labels * 2 >= cells.length;
}

function resolveAmbiguous(
  grid: SheetGrid,
  cell: HeaderCell,
  firstBodyRow: number,
  lastRow: number
): ColumnRole | undefined {
  const options = AMBIGUOUS.get(normaliseHeader(cell.text));
  if (!options || !cell.role) return cell.role;
  let numbers = 0;
  let polarities = 0;
  let texts = 0;
  for (let r = firstBodyRow; r <= Math.min(lastRow, firstBodyRow + 50); r++) {
    const v = grid.value(r, cell.column);
    if (v === null || v === "") continue;
    if (parsePolarity(v)) polarities++;
    else if (parseCellValue(v, grid.format(r, cell.column)).kind === "number") numbers++;
    else texts++;
  }
  if (options.includes("polarity") && polarities >= numbers) return "polarity";
  if (options.includes("tolerance") && numbers > polarities) return "tolerance";
  if (options.includes("name") && texts > numbers) return "name";
  return options[0];
}

function buildMapping(
  grid: SheetGrid,
  cells: readonly HeaderCell[],
  firstBodyRow: number,
  lastRow: number,
  notes: string[]
): ColumnMapping {
  const roles: Partial<Record<SingleRole, ColumnChoice>> = {};
  const benchmarks: ColumnChoice[] = [];
  const periods: PeriodColumn[] = [];
  for (const cell of cells) {
    if (cell.period) {
      periods.push({ column: cell.column, period: cell.period, header: cell.text });
      continue;
    }
    const role = resolveAmbiguous(grid, cell, firstBodyRow, lastRow);
    if (!role) continue;
    const where = `column ${columnLetter(cell.column)}`;
    if (role === "benchmark") {
      benchmarks.push({
        column: cell.column,
        header: cell.text,
        reason: `header "${cell.text}" names a benchmark (${where})`,
      });
      continue;
    }
    const existing = roles[role];
    // This year's and last year's columns side by side (`Target 2021-22`, `Target 2022-23`): the later year's.
    if (existing && LATER_YEAR_ROLES.has(role) && laterYear(cell.text, existing.header)) {
      notes.push(
        `${role} is taken from column ${columnLetter(cell.column)} ("${cell.text}"), the later year; column ${columnLetter(existing.column)} ("${existing.header}") is left alone.`
      );
    } else if (existing) {
      notes.push(
        `${role} is taken from column ${columnLetter(existing.column)} ("${existing.header}"); column ${columnLetter(cell.column)} ("${cell.text}") also matches and is left alone.`
      );
      continue;
    }
    const ambiguous = AMBIGUOUS.has(normaliseHeader(cell.text));
    roles[role] = {
      column: cell.column,
      header: cell.text,
      reason: cell.inferred
        ? `${cell.inferred} (${where})`
        : ambiguous
          ? `header "${cell.text}" could mean several things; the cells below read as ${role} (${where})`
          : `header "${cell.text}" (${where})`,
    };
  }
  // History columns must be one granularity, oldest first.
  const granularity = mostCommon(periods.map((p) => p.period.granularity));
  const history = periods
    .filter((p) => p.period.granularity === granularity)
    .sort((a, b) => a.period.index - b.period.index);
  if (history.length < periods.length)
    notes.push(`Period columns of another granularity than ${granularity} are ignored.`);

  // "Outturn 2021/22" beside 2022/23 quarters is last year's baseline, not the latest value.
  const valueYear = roles.value ? yearOf(roles.value.header) : undefined;
  const latest = history[history.length - 1];
  let baseline: ColumnChoice | undefined;
  if (
    roles.value &&
    valueYear !== undefined &&
    latest &&
    financialYearOf(latest.period) > valueYear
  ) {
    baseline = roles.value;
    delete roles.value;
    notes.push(
      `Column ${columnLetter(baseline.column)} ("${baseline.header}") is an earlier year than the period columns: read as a baseline, not the value.`
    );
  }

  if (!roles.value && history.length > 0) {
    const latestUnderBanner = history.filter((p) =>
      /latest|current/i.test(cells.find((c) => c.column === p.column)?.banner ?? "")
    );
    const chosen = latestUnderBanner[latestUnderBanner.length - 1] ?? history[history.length - 1]!;
    const banner = cells.find((c) => c.column === chosen.column)?.banner;
    roles.value = {
      column: chosen.column,
      header: chosen.header,
      reason:
        latestUnderBanner.length > 0
          ? `"${banner}" above ${chosen.header} (column ${columnLetter(chosen.column)})`
          : baseline
            ? `"${baseline.header}" is an earlier year: the latest period column, ${chosen.header} (column ${columnLetter(chosen.column)})`
            : `no Value column: the latest period column, ${chosen.header} (column ${columnLetter(chosen.column)})`,
    };
  }
  return { roles, periods: history, benchmarks };
}

/** The (starting) year a header names: `Outturn 2021/22` → 2021, `Actual 2022` → 2022. */
/** Roles a scorecard may print for two years side by side, of which the later year's is the one rated. */
const LATER_YEAR_ROLES: ReadonlySet<ColumnRole> = new Set([
  "value",
  "target",
  "status",
  "floor",
  "lower",
  "upper",
]);

function yearOf(header: string): number | undefined {
  const financial = /\b(20\d{2}|\d{2})\s*[-/–]\s*(\d{2}|20\d{2})\b/.exec(header);
  if (financial) {
    const start = Number(financial[1]);
    return start < 100 ? 2000 + start : start;
  }
  const calendar = /\b(20\d{2})\b/.exec(header);
  return calendar ? Number(calendar[1]) : undefined;
}

/** Whether header `a` names a later year than header `b` (a header with no year is the current one). */
function laterYear(a: string, b: string): boolean {
  const ya = yearOf(a);
  const yb = yearOf(b);
  return yb !== undefined && (ya === undefined || ya > yb);
}

/** The financial year (April to March) a period falls in, by its starting year. */
function financialYearOf(period: Period): number {
  if (period.granularity === "year") return period.index;
  if (period.granularity === "quarter") return Math.floor(period.index / 4);
  const year = Math.floor(period.index / 12);
  return period.index % 12 >= 3 ? year : year - 1;
}

function mostCommon<T>(items: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  let bestCount = 0;
  for (const item of items) {
    const n = (counts.get(item) ?? 0) + 1;
    counts.set(item, n);
    if (n > bestCount) {
      best = item;
      bestCount = n;
    }
  }
  return best;
}

function applyOverride(
  grid: SheetGrid,
  mapping: ColumnMapping,
  headerRow: number,
  override: MappingOverride | undefined,
  notes: string[]
): ColumnMapping {
  if (!override) return mapping;
  const roles: Partial<Record<SingleRole, ColumnChoice>> = { ...mapping.roles };
  for (const role of SINGLE_ROLES as readonly SingleRole[]) {
    if (!(role in override)) continue;
    const column = override[role];
    if (column === null || column === undefined) delete roles[role];
    else
      roles[role] = {
        column,
        header: grid.text(headerRow, column),
        reason: `set by the user (column ${columnLetter(column)})`,
      };
  }
  notes.push("Column mapping overridden by the user (saved in the workbook).");
  return { ...mapping, roles };
}

function isIndicatorRow(
  grid: SheetGrid,
  row: number,
  mapping: ColumnMapping,
  left: number,
  right: number
): boolean {
  const { code, name } = mapping.roles;
  const identified =
    (code && !grid.isEmpty(row, code.column)) || (name && !grid.isEmpty(row, name.column));
  return Boolean(identified) && nonEmptyColumns(grid, row, left, right).length >= 2;
}

/** An indicator row, with its section and block periods when it has them. */
function indicatorRow(
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
 */
function blockHeaderOf(grid: SheetGrid, row: number, within: Columns): BlockHeader | undefined {
  const [first, ...rest] = headerCellsOf(grid, row, undefined, within);
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
function samePeriods(a: readonly PeriodColumn[], b: readonly PeriodColumn[]): boolean {
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

function confidenceOf(mapping: ColumnMapping): Confidence {
  const r = mapping.roles;
  const hasRule = Boolean(r.target || r.lower || r.floor || r.status);
  if ((r.code || r.name) && r.value && hasRule && r.polarity) return "high";
  if ((r.code || r.name) && r.value) return "medium";
  return "low";
}

/** The first cell of a row that is a key, note or source line, not an indicator. */
function isFooterLead(text: string): boolean {
  return (
    /^(key|notes?|sources?|nb|n\.b\.?|definitions?|footnotes?|comments?|commentary)\s*([:\-–]|$)/i.test(
      text
    ) || /^\*+\s/.test(text)
  );
}

/** A note, source line or commentary sentence: text above a table that is not its title. */
function isNoteText(text: string): boolean {
  return (
    /^(notes?|source|sources|comments?|key|nb|n\.b\.|\*)\s*[:\-–.]/i.test(text) ||
    /^comments?$/i.test(text) ||
    (/[.!?]$/.test(text) && /\s/.test(text))
  );
}

function titleAbove(grid: SheetGrid, row: number, left: number): string | undefined {
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

interface ScanOptions {
  readonly overrides?: Readonly<Record<string, MappingOverride>>;
}

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
  const isClaimed = (row: number, column: number): boolean =>
    claimed.some(
      (range) =>
        range.top <= row && row <= range.bottom && range.left <= column && column <= range.right
    );

  let bestRejected: { row: number; candidate: HeaderCandidate } | undefined;
  for (let r = grid.firstRow; r < grid.rowCount; r++) {
    for (const band of freeBands(grid, r, isClaimed)) {
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
  tables.sort((a, b) => a.range.top - b.range.top || a.range.left - b.range.left);
  if (tables.length > 0) return { sheet: grid.name, tables };
  return { sheet: grid.name, tables, problem: noTableReason(grid, bestRejected) };
}

/** The runs of columns on `row` that no table has claimed yet. */
function freeBands(
  grid: SheetGrid,
  row: number,
  isClaimed: (row: number, column: number) => boolean
): Columns[] {
  const bands: Columns[] = [];
  let start: number | undefined;
  // The row's own cells: past them every column is empty, and a sheet 16,384 columns wide
  // (one cell at XFD) must not cost 16,384 steps a row.
  const end = Math.min(grid.columnCount, grid.rowEnd(row));
  for (let c = grid.firstColumn; c <= end; c++) {
    const free = c < end && !isClaimed(row, c);
    if (free && start === undefined) start = c;
    if (!free && start !== undefined) {
      bands.push({ left: start, right: c - 1 });
      start = undefined;
    }
  }
  return bands;
}

/**
 * The header candidates on one row of a band. Tables side by side share a header
 * row: the row splits at a blank column (blank in the header and in the rows just
 * below) when the parts on both sides qualify as headers on their own. Otherwise
 * the row is one candidate, gaps and all (a table can have an unlabelled column).
 */
function headerGroups(grid: SheetGrid, row: number, band: Columns): HeaderCandidate[] {
  const cells = headerCellsOf(grid, row, undefined, band);
  if (cells.length === 0) return [];
  const segments: HeaderCell[][] = [];
  for (const cell of cells) {
    const current = segments[segments.length - 1];
    const previous = current?.[current.length - 1];
    if (current && previous && !isSeparator(grid, row, previous.column + 1, cell.column - 1))
      current.push(cell);
    else segments.push([cell]);
  }
  if (segments.length === 1) return [candidateOf(cells)];
  const groups: HeaderCell[][] = [];
  for (const segment of segments) {
    const current = groups[groups.length - 1];
    if (current && !(qualifies(candidateOf(current)) && qualifies(candidateOf(segment))))
      current.push(...segment);
    else groups.push([...segment]);
  }
  return groups.map(candidateOf);
}

/**
 * A header with Value/Target/Status columns but no code or name column often
 * leaves the first column's header blank: the indicator names sit under an empty
 * cell just left of the header. That column is taken as the names when the
 * header names at least two rating columns and the cells under it are text.
 */
function withUnlabelledNames(
  grid: SheetGrid,
  row: number,
  header: HeaderCandidate,
  band: Columns
): HeaderCandidate {
  const first = header.cells[0];
  if (!first || header.roles.has("code") || header.roles.has("name")) return header;
  if (RATING_ROLES.filter((role) => header.roles.has(role)).length < 2) return header;
  const column = first.column - 1;
  if (column < band.left || !grid.isEmpty(row, column)) return header;
  let texts = 0;
  let others = 0;
  for (let r = row + 1, seen = 0; r < grid.rowCount && seen < 10; r++) {
    if (rowIsBlank(grid, r, column, header.cells[header.cells.length - 1]!.column)) continue;
    seen++;
    const value = grid.value(r, column);
    if (value === null || value === "") continue;
    if (typeof value === "string" && parseCellValue(value).kind !== "number") texts++;
    else others++;
  }
  if (texts < 2 || others >= texts) return header;
  const names: HeaderCell = {
    column,
    text: "",
    banner: "",
    role: "name",
    inferred: "no header: the unlabelled column left of the header holds the indicator names",
  };
  return candidateOf([names, ...header.cells]);
}

/** Columns `from`…`to` (at least one) are empty on the header row and the few rows below it. */
function isSeparator(grid: SheetGrid, row: number, from: number, to: number): boolean {
  if (from > to) return false;
  const last = Math.min(grid.rowCount - 1, row + 5);
  for (let r = row; r <= last; r++)
    for (let c = from; c <= to; c++) if (!grid.isEmpty(r, c)) return false;
  return true;
}

function noTableReason(
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

/** How much of a header a rejected row is: the roles it names, and its period labels as one. */
function headerScore(candidate: HeaderCandidate): number {
  return candidate.roles.size + (candidate.periodCount > 0 ? 1 : 0);
}

function hasAnyValue(grid: SheetGrid): boolean {
  for (let r = grid.firstRow; r < grid.rowCount; r++)
    if (nonEmptyColumns(grid, r, grid.firstColumn, grid.rowEnd(r) - 1).length) return true;
  return false;
}

function scanTable(
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
  const rows: TableRow[] = [];
  let section: string | undefined;
  // The period columns of the block the rows are in, once a block header has given them.
  let blockPeriods: readonly PeriodColumn[] | undefined;
  const blockNotes: { row: number; note: string }[] = [];
  let lastIndicator = headerRow;
  for (let r = headerRow + 1; r < grid.rowCount; r++) {
    // Blank rows inside a table (between groups, before a section) do not end it.
    if (rowIsBlank(grid, r, left, right)) continue;
    const here = candidateAt(grid, r, undefined, { left, right });
    if (headerKeys.has(keyOf(here))) {
      rows.push({ row: r, kind: "repeated-header" });
      // The header again restates its own labels: the rows after it read against them.
      blockPeriods = undefined;
      continue;
    }
    if (qualifies(here)) break;
    const filled = nonEmptyColumns(grid, r, left, right);
    // A key, note or source line under the table ends it, even when it spreads over several cells.
    if (isFooterLead(grid.text(r, filled[0]!))) break;
    // A team row repeating the period labels heads the block below it, with those labels.
    const block = blockHeaderOf(grid, r, { left, right });
    if (block) {
      section = block.name;
      blockPeriods = block.periods;
      rows.push({ row: r, kind: "block-header", section, periods: block.periods });
      if (!samePeriods(block.periods, provisional.periods))
        blockNotes.push({ row: r, note: blockNote(block, r) });
      continue;
    }
    if (isIndicatorRow(grid, r, provisional, left, right)) {
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
    if (
      isHeading(r) &&
      next !== undefined &&
      !qualifies(candidateAt(grid, next, undefined, { left, right })) &&
      (isIndicatorRow(grid, next, provisional, left, right) ||
        blockHeaderOf(grid, next, { left, right }) !== undefined)
    ) {
      const text = grid.text(r, filled[0]!);
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

function nextNonBlank(
  grid: SheetGrid,
  from: number,
  left: number,
  right: number
): number | undefined {
  for (let r = from; r < grid.rowCount; r++) if (!rowIsBlank(grid, r, left, right)) return r;
  return undefined;
}

function isLongFormat(grid: SheetGrid, mapping: ColumnMapping, rows: readonly TableRow[]): boolean {
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

function listObjectTable(
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

/** The note for a block whose labels differ from the table header's. */
function blockNote(block: BlockHeader, row: number): string {
  const { periods } = block;
  const span = `${periods[0]!.header} … ${periods[periods.length - 1]!.header}`;
  return `Rows under "${block.name}" (row ${row + 1}) read their history against its own period labels (${span}).`;
}

/** `D9`-style address of a table cell, for messages. */
export function cellOf(row: number, column: number): string {
  return cellAddress(row, column);
}
