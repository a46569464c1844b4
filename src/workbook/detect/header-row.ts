/**
 * Header rows: which row of a sheet is a table's header. A row's cells are
 * read as roles (by their synonyms, headers.ts) and period labels, with the
 * banner row above them; a row qualifies as a header when it names an
 * indicator (code or name) and something to rate it by. Also decided here: a
 * banner row above a header, a second header row below it, one row holding the
 * headers of tables side by side, and an unlabelled names column.
 */
import { parsePeriod, type Period } from "../../engine/periods";
import { parseCellValue } from "../../engine/values";
import { normaliseHeader, roleOfHeader, type ColumnRole } from "../headers";
import type { SheetGrid } from "../snapshot";
import { allColumns, isSeparator, nonEmptyColumns, rowIsBlank, type Columns } from "./cells";

export interface HeaderCell {
  readonly column: number;
  readonly text: string;
  readonly banner: string;
  readonly role?: ColumnRole;
  readonly period?: Period;
  /** Why a column with no header text has its role. */
  readonly inferred?: string;
}

/** The roles a rating reads: a header row has at least one; a scorecard may print two years of each. */
export const RATING_ROLES: readonly ColumnRole[] = [
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

export function headerCellsOf(
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
    const label = labelOf(grid, row, c, period, text || bannerText);
    const role = period
      ? undefined
      : (roleOfHeader(label) ??
        (text && bannerText ? roleOfHeader(`${bannerText} ${text}`) : undefined));
    cells.push({ column: c, text: label, banner: text ? banner : "", role, period });
  }
  return cells;
}

/** A header cell's label: its text, or, for a header typed as a date (its serial, 44713), the month it shows (Jun-22). */
function labelOf(
  grid: SheetGrid,
  row: number,
  column: number,
  period: Period | undefined,
  text: string
): string {
  return period && typeof grid.value(row, column) === "number" ? period.label : text;
}

/**
 * What a body row reads as, were it a header (no banner): what `headerCellsOf`
 * gives, without building its cells. `repeats`: its cells' labels, normalised
 * and joined by `|`, are one of the keys asked about; `roles` and `periodCount`
 * as in a candidate; `blockLike`: the row could be a block header (its first
 * cell no period, every other cell a period or a role, two periods or more).
 */
export interface RowLabels {
  readonly repeats: boolean;
  readonly roles: ReadonlySet<ColumnRole>;
  readonly periodCount: number;
  readonly blockLike: boolean;
}

/**
 * `headerCellsOf(grid, row, undefined, within)` read for its labels only (see
 * RowLabels). The labels are matched against `keys` as they are read, so a row
 * whose first label is no key's is not normalised further.
 */
export function rowLabelsOf(
  grid: SheetGrid,
  row: number,
  within: Columns,
  keys: readonly string[]
): RowLabels {
  const roles = new Set<ColumnRole>();
  // How far each key has matched the labels so far; -1 once it has not.
  const matched = keys.map(() => 0);
  let live = keys.length;
  let count = 0;
  let periodCount = 0;
  let firstIsPeriod = false;
  let restUnlabelled = 0;
  let restPeriods = 0;
  for (let c = within.left; c <= within.right; c++) {
    const value = grid.value(row, c);
    let period: Period | undefined;
    let role: ColumnRole | undefined;
    let normal: string | undefined;
    if (typeof value === "number") {
      // A number's text is never empty; as a label it is its month (a date header) or its text.
      period = parsePeriod(value, grid.format(row, c));
      if (period) normal = live > 0 ? normaliseHeader(period.label) : undefined;
      else if (live > 0) {
        // Its text is read only to match a key: a number's text (digits, a point, an exponent) names no role.
        normal = numberLabel(value);
      }
    } else {
      const text = grid.text(row, c);
      if (!text) continue;
      period = typeof value === "string" ? parsePeriod(value) : undefined;
      role = period ? undefined : roleOfHeader(text);
      normal = live > 0 ? normaliseHeader(text) : undefined;
    }
    if (live > 0) live = matchNext(keys, matched, normal!, count === 0);
    if (role) roles.add(role);
    if (period) periodCount++;
    if (count === 0) firstIsPeriod = period !== undefined;
    else if (period) restPeriods++;
    else if (!role) restUnlabelled++;
    count++;
  }
  const repeats = live > 0 && keys.some((k, i) => matched[i] === k.length);
  const blockLike = count > 0 && !firstIsPeriod && restUnlabelled === 0 && restPeriods >= 2;
  return { repeats, roles, periodCount, blockLike };
}

/** Moves each live key past `|` (but for the first label) and `normal`; returns how many still match. */
function matchNext(
  keys: readonly string[],
  matched: number[],
  normal: string,
  first: boolean
): number {
  let live = 0;
  for (let i = 0; i < keys.length; i++) {
    let at = matched[i]!;
    if (at < 0) continue;
    const key = keys[i]!;
    if (!first) at = key.charCodeAt(at) === 124 /* | */ ? at + 1 : -1;
    at = at >= 0 && key.startsWith(normal, at) ? at + normal.length : -1;
    matched[i] = at;
    if (at >= 0) live++;
  }
  return live;
}

/** A number cell's label, normalised (numbers repeat: each is read once). */
function numberLabel(value: number): string {
  let normal = numberLabels.get(value);
  if (normal === undefined) {
    if (numberLabels.size >= 20_000) numberLabels.clear();
    normal = normaliseHeader(String(value));
    numberLabels.set(value, normal);
  }
  return normal;
}

const numberLabels = new Map<number, string>();

/** Banner text over column `c`: its own cell, or a merged cell spanning it. */
function bannerTextAt(grid: SheetGrid, row: number, column: number): string {
  const own = grid.text(row, column);
  if (own) return own;
  const merge = grid.merged.find(
    (m) => m.top <= row && row <= m.bottom && m.left <= column && column <= m.right
  );
  return merge ? grid.text(merge.top, merge.left) : "";
}

export interface HeaderCandidate {
  readonly cells: HeaderCell[];
  readonly roles: ReadonlySet<ColumnRole>;
  readonly periodCount: number;
}

export function candidateAt(
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

export function qualifies(candidate: {
  readonly roles: ReadonlySet<ColumnRole>;
  readonly periodCount: number;
}): boolean {
  const { roles, periodCount } = candidate;
  const identifies = roles.has("code") || roles.has("name");
  const measures = RATING_ROLES.some((role) => roles.has(role)) || periodCount >= 2;
  return identifies && measures && roles.size + (periodCount > 0 ? 1 : 0) >= 2;
}

/** A row above a header is a banner when it labels groups of the header's columns. */
export function isBanner(grid: SheetGrid, row: number, header: HeaderCandidate): boolean {
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
export function isSubHeader(
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

/**
 * The header candidates on one row of a band. Tables side by side share a header
 * row: the row splits at a blank column (blank in the header and in the rows just
 * below) when the parts on both sides qualify as headers on their own. Otherwise
 * the row is one candidate, gaps and all (a table can have an unlabelled column).
 */
export function headerGroups(grid: SheetGrid, row: number, band: Columns): HeaderCandidate[] {
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
export function withUnlabelledNames(
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

/** How much of a header a rejected row is: the roles it names, and its period labels as one. */
export function headerScore(candidate: HeaderCandidate): number {
  return candidate.roles.size + (candidate.periodCount > 0 ? 1 : 0);
}
