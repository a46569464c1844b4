import type { IndicatorInput } from "../indicator";
import type { Period } from "../periods";
import type { ResolvedRule } from "../rules";
import type { PublishedStatus } from "../status";
import type { HistoryPoint, Trend } from "../trends";
import type { CellValue } from "../values";
import {
  GRANULARITY_CODES,
  MISSING_CODES,
  NONE,
  RULE_ABSOLUTE,
  RULE_AMBER,
  RULE_RATED,
  codeOf,
  polarityCode,
  statusCode,
  trendCode,
} from "./codes";

/**
 * One table of indicators as a struct of arrays: every row's values, rule and
 * published cells in typed arrays, so the columnar engine rates the whole table
 * in one pass with no object per row.
 *
 * - `values[r * periods + p]` is row r's value in period column p (oldest first;
 *   the last column is the latest value, the one rated). NaN marks a cell with
 *   no number; its reason is kept for the latest column only (`missing`).
 *   Numbers are finite (cells never give ±Infinity).
 * - The period columns are shared by every row: `periodGranularity[p]` (a
 *   `GRANULARITY_CODES` code, 0 for an unlabelled column) and `periodIndex[p]`
 *   (`Period.index`).
 * - `percent` and `decimals`: how the latest value is displayed (they decide
 *   "Static" under the default band).
 * - The resolved rule: `polarity` (a `POLARITY_CODES` code or NONE), `target`,
 *   `floor`, `lower`, `upper` (NaN when absent), `tolerance` (the fraction of a
 *   relative tolerance, or the amount of an absolute one), `ruleFlags`
 *   (RULE_AMBER, RULE_RATED, RULE_ABSOLUTE bits) and `gaps` (`GAPS_CODES`).
 * - `publishedStatus`, `publishedShortTrend`, `publishedLongTrend`: the sheet's own
 *   cells as status / trend codes, NONE when absent.
 * - `groups`: the first row of each summary group (ascending, `groups[0]` = 0), so
 *   one columnar table can carry several tables' summaries.
 *
 * Memory: 8 × rows × (periods + 5) bytes plus 10 bytes a row.
 */
export interface ColumnarTable {
  readonly rows: number;
  readonly periods: number;
  readonly values: Float64Array;
  readonly periodGranularity: Uint8Array;
  readonly periodIndex: Float64Array;
  readonly missing: Uint8Array;
  readonly percent: Uint8Array;
  readonly decimals: Uint8Array;
  readonly polarity: Uint8Array;
  readonly target: Float64Array;
  readonly floor: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly tolerance: Float64Array;
  readonly ruleFlags: Uint8Array;
  readonly gaps: Uint8Array;
  readonly publishedStatus: Uint8Array;
  readonly publishedShortTrend: Uint8Array;
  readonly publishedLongTrend: Uint8Array;
  readonly groups: Int32Array;
}

/**
 * A table of `rows` × `periods` with every value missing (NaN, blank),
 * unlabelled periods, and the default rule of every row: no polarity or
 * target, relative tolerance 5%, an Amber band, rated, gaps unset; nothing
 * published; one summary group.
 *
 * Cost: O(rows × periods) to fill the arrays.
 *
 * @example allocateColumnarTable(2, 24).values.length // 48
 */
export function allocateColumnarTable(
  rows: number,
  periods: number,
  groups: readonly number[] = [0]
): ColumnarTable {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a count: ${rows}`);
  if (!Number.isInteger(periods) || periods < 1)
    throw new RangeError(`a table needs at least one period column: ${periods}`);
  if (groups[0] !== 0 || groups.some((g, i) => i > 0 && !(g > groups[i - 1]! && g <= rows)))
    throw new RangeError("groups must start at 0 and ascend within the rows");
  return {
    rows,
    periods,
    values: new Float64Array(rows * periods).fill(NaN),
    periodGranularity: new Uint8Array(periods),
    periodIndex: new Float64Array(periods),
    missing: new Uint8Array(rows),
    percent: new Uint8Array(rows),
    decimals: new Uint8Array(rows),
    polarity: new Uint8Array(rows).fill(NONE),
    target: new Float64Array(rows).fill(NaN),
    floor: new Float64Array(rows).fill(NaN),
    lower: new Float64Array(rows).fill(NaN),
    upper: new Float64Array(rows).fill(NaN),
    tolerance: new Float64Array(rows).fill(0.05),
    ruleFlags: new Uint8Array(rows).fill(RULE_AMBER | RULE_RATED),
    gaps: new Uint8Array(rows),
    publishedStatus: new Uint8Array(rows).fill(NONE),
    publishedShortTrend: new Uint8Array(rows).fill(NONE),
    publishedLongTrend: new Uint8Array(rows).fill(NONE),
    groups: Int32Array.from(groups),
  };
}

/** Sets the shared period columns from their labels (`undefined` for an unlabelled column). */
export function setPeriods(table: ColumnarTable, periods: readonly (Period | undefined)[]): void {
  if (periods.length !== table.periods)
    throw new RangeError(`${periods.length} period labels for ${table.periods} columns`);
  for (let p = 0; p < periods.length; p++) {
    const period = periods[p];
    table.periodGranularity[p] = period ? codeOf(GRANULARITY_CODES, period.granularity) : 0;
    table.periodIndex[p] = period ? period.index : 0;
  }
}

const numberOrNaN = (n: number | undefined): number => (n === undefined ? NaN : n);

/**
 * Builds a columnar table from row-engine inputs (what `rateIndicator` takes).
 * Every row must have the same period columns (the same number of history
 * points, with the same granularity and index each; a row without a history is
 * one unlabelled column), and its value must be its history's last point, as the
 * workbook builds them. Throws a RangeError otherwise, or for a non-finite
 * number.
 *
 * Cost: O(rows × periods); allocates the table's arrays only.
 *
 * @example columnarFromIndicators([{ value: numberValue(82), rule: resolveRule({ polarity: "maximise", target: 85 }, undefined) }]).target[0] // 85
 */
export function columnarFromIndicators(
  inputs: readonly IndicatorInput[],
  groups: readonly number[] = [0]
): ColumnarTable {
  const historyOf = (input: IndicatorInput): readonly HistoryPoint[] =>
    input.history && input.history.length > 0 ? input.history : [{ value: input.value }];
  const first = inputs[0] ? historyOf(inputs[0]) : undefined;
  const periods = first ? first.length : 1;
  const table = allocateColumnarTable(inputs.length, periods, groups);
  setPeriods(table, first ? first.map((point) => point.period) : [undefined]);
  for (let r = 0; r < inputs.length; r++) {
    const input = inputs[r]!;
    const history = historyOf(input);
    if (history.length !== periods)
      throw new RangeError(`row ${r}: ${history.length} periods, not ${periods}`);
    for (let p = 0; p < periods; p++) {
      const point = history[p]!;
      const period = point.period;
      const granularity = period ? codeOf(GRANULARITY_CODES, period.granularity) : 0;
      if (
        granularity !== table.periodGranularity[p] ||
        (period && period.index !== table.periodIndex[p])
      )
        throw new RangeError(`row ${r}: period column ${p} differs from the first row's`);
      const cell = point.value;
      if (cell.kind === "number") {
        if (!Number.isFinite(cell.value))
          throw new RangeError(`row ${r}: ${cell.value} is not finite`);
        table.values[r * periods + p] = cell.value;
      }
    }
    const latest = history[periods - 1]!.value;
    const value = input.value;
    if (
      value.kind !== latest.kind ||
      (value.kind === "number" && latest.kind === "number" && !Object.is(value.value, latest.value))
    )
      throw new RangeError(`row ${r}: the value is not the history's latest point`);
    if (latest.kind === "number") {
      if (!Number.isInteger(latest.decimals) || latest.decimals < 0 || latest.decimals > 255)
        throw new RangeError(`row ${r}: ${latest.decimals} decimals`);
      table.percent[r] = latest.percent ? 1 : 0;
      table.decimals[r] = latest.decimals;
    }
    if (value.kind === "missing") table.missing[r] = codeOf(MISSING_CODES, value.reason);
    setRowRule(
      table,
      r,
      input.rule,
      input.publishedStatus,
      input.publishedShortTrend,
      input.publishedLongTrend
    );
  }
  return table;
}

/**
 * Writes row `r`'s resolved rule and published cells into the table, as
 * {@link columnarFromIndicators} reads them from an input: for callers that
 * fill a table straight from their own cells (the row's values, the latest
 * value's display and missing reason are theirs to write).
 *
 * Cost: O(1); no allocation.
 */
export function setRowRule(
  table: ColumnarTable,
  r: number,
  rule: ResolvedRule,
  publishedStatus: PublishedStatus | undefined,
  publishedShortTrend: Trend | undefined,
  publishedLongTrend: Trend | undefined
): void {
  table.polarity[r] = polarityCode(rule.polarity);
  table.target[r] = numberOrNaN(rule.target);
  table.floor[r] = numberOrNaN(rule.floor);
  table.lower[r] = numberOrNaN(rule.lower);
  table.upper[r] = numberOrNaN(rule.upper);
  const tolerance = rule.tolerance;
  const absolute = tolerance.kind === "absolute";
  table.tolerance[r] = tolerance.kind === "absolute" ? tolerance.amount : tolerance.fraction;
  table.ruleFlags[r] =
    (rule.amber ? RULE_AMBER : 0) | (rule.rated ? RULE_RATED : 0) | (absolute ? RULE_ABSOLUTE : 0);
  table.gaps[r] = rule.gaps === "skip" ? 1 : rule.gaps === "strict" ? 2 : 0;
  table.publishedStatus[r] = statusCode(publishedStatus?.status);
  table.publishedShortTrend[r] = trendCode(publishedShortTrend);
  table.publishedLongTrend[r] = trendCode(publishedLongTrend);
}

/**
 * Writes how row `r`'s latest value is shown (percent, decimals) and, for a
 * missing value, its reason, as {@link columnarFromIndicators} does; the value
 * itself (the last column of `values`) is the caller's. A number's decimals
 * must be an integer in 0…255.
 *
 * Cost: O(1); no allocation.
 */
export function setRowLatest(table: ColumnarTable, r: number, value: CellValue): void {
  if (value.kind === "number") {
    table.percent[r] = value.percent ? 1 : 0;
    table.decimals[r] = value.decimals;
    table.missing[r] = 0;
  } else {
    table.percent[r] = 0;
    table.decimals[r] = 0;
    table.missing[r] = codeOf(MISSING_CODES, value.reason);
  }
}
