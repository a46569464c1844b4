/**
 * Column mapping: which column of a header plays which role (code, name,
 * value, target, floor …), why, and how sure the mapping is. Ambiguous headers
 * are settled by the cells below them; period columns become the history
 * (one granularity, oldest first); the latest period is the value when no
 * column is; two years side by side give the later year's; the user's saved
 * overrides are applied last.
 */
import type { Period } from "../../engine/periods";
import { parsePolarity } from "../../engine/polarity";
import { parseCellValue } from "../../engine/values";
import { columnLetter } from "../address";
import { AMBIGUOUS, normaliseHeader, SINGLE_ROLES, type ColumnRole } from "../headers";
import type { SheetGrid } from "../snapshot";
import { RATING_ROLES, type HeaderCell } from "./header-row";

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

/** A column override: a role moved to another column (`column`), or removed (`null`). */
export type MappingOverride = Readonly<Partial<Record<SingleRole, number | null>>>;

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

export function buildMapping(
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

/** Roles a scorecard may print for two years side by side, of which the later year's is the one rated. */
const LATER_YEAR_ROLES: ReadonlySet<ColumnRole> = new Set(RATING_ROLES);

/** The (starting) year a header names: `Outturn 2021/22` → 2021, `Actual 2022` → 2022. */
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

export function mostCommon<T>(items: readonly T[]): T | undefined {
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

export function applyOverride(
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

export type Confidence = "high" | "medium" | "low";

export function confidenceOf(mapping: ColumnMapping): Confidence {
  const r = mapping.roles;
  const hasRule = Boolean(r.target || r.lower || r.floor || r.status);
  if ((r.code || r.name) && r.value && hasRule && r.polarity) return "high";
  if ((r.code || r.name) && r.value) return "medium";
  return "low";
}
