import type { IndicatorResult, TrendSource } from "../indicator";
import type { Period } from "../periods";
import type { Gap, Rating } from "../rating";
import type { SpcPoint, SpcRule } from "../stats/special-cause";
import { limitsFrom, type XmrLimits } from "../stats/xmr";
import { summarise, type SummaryOptions, type SummaryRow, type TableSummary } from "../summary";
import type { TrendOptions, TrendResult } from "../trends";
import {
  GRANULARITY_CODES,
  MAXIMISE,
  MISSING_REASON_BASE,
  NONE,
  R_BELOW_FLOOR,
  R_FLOOR_MET,
  R_IN_RANGE,
  R_NO_POLARITY,
  R_NO_TARGET,
  R_NOT_RATED,
  RANGE,
  RATING_REASON_CODES,
  STATUS_CODES,
  T_COMPARISON_MISSING,
  TREND_CODES,
  TREND_OF_REASON,
  TREND_REASON_CODES,
  TREND_SOURCE_CODES,
} from "./codes";
import { trendBaselines, type TrendBaselines } from "./baselines";
import type { ColumnarRatings } from "./rate";
import {
  SPC_ANALYSED,
  SPC_HIGH,
  SPC_OUTSIDE,
  SPC_SHIFT,
  SPC_TREND,
  SPC_TWO_IN_THREE,
  SPC_VARIATION_CODES,
} from "./spc";
import type { ColumnarTable } from "./table";

/**
 * The columnar engine's results read back as the row engine's objects, one row
 * at a time and only when asked: what leaves the pipeline (a row's JSON, its
 * explanation, the pane) is built here; the hot path never builds objects.
 *
 * Build one {@link ColumnarResults} per rated table (O(periods)), then read rows
 * from it. Each read costs O(1) plus its own objects (a skipped-periods list is
 * O(periods)).
 *
 * @example
 * const results = columnarResults(table, rateColumnar(table, options), options.trends, periods);
 * indicatorResultAt(results, 0) // deep-equal to rateIndicator(inputs[0], options.trends)
 */
export interface ColumnarResults {
  readonly table: ColumnarTable;
  readonly ratings: ColumnarRatings;
  readonly baselines: TrendBaselines;
  /** The period of each column, as the history's points carry them. */
  readonly periods: readonly (Period | undefined)[];
}

/**
 * Pairs a table with its ratings. `periods` are the columns' Period objects
 * (used for `comparedWith` and `skipped`); without them they are rebuilt from
 * the table's codes, with empty labels.
 */
export function columnarResults(
  table: ColumnarTable,
  ratings: ColumnarRatings,
  trends?: TrendOptions,
  periods?: readonly (Period | undefined)[]
): ColumnarResults {
  const columns =
    periods ??
    Array.from({ length: table.periods }, (_, p): Period | undefined => {
      const granularity = GRANULARITY_CODES[table.periodGranularity[p]!];
      return granularity ? { granularity, index: table.periodIndex[p]!, label: "" } : undefined;
    });
  return { table, ratings, baselines: trendBaselines(table, trends), periods: columns };
}

const IN_RANGE_GAP: Gap = Object.freeze({ absolute: 0, relative: 0 });
const relativeGap = (absolute: number, reference: number): number | null =>
  reference === 0 ? null : absolute / Math.abs(reference);

/** Row `r`'s `Rating` (status, reason, gap and reference), as `rate` gives it. */
export function ratingAt(results: ColumnarResults, r: number): Rating {
  const { table, ratings } = results;
  const reasonCode = ratings.reason[r]!;
  const status = STATUS_CODES[ratings.ratingStatus[r]!]!;
  const reason = RATING_REASON_CODES[reasonCode]!;
  if (
    reasonCode >= MISSING_REASON_BASE ||
    reasonCode === R_NOT_RATED ||
    reasonCode === R_NO_POLARITY
  )
    return { status, reason, gap: null, reference: null };
  const x = table.values[r * table.periods + table.periods - 1]!;
  const lower = table.lower[r]!;
  const upper = table.upper[r]!;
  let polarity = table.polarity[r]!;
  if (polarity === NONE) polarity = RANGE;
  if (polarity === RANGE && (lower === lower || upper === upper)) {
    if (reasonCode === R_IN_RANGE) return { status, reason, gap: IN_RANGE_GAP, reference: null };
    const low = lower === lower ? lower : -Infinity;
    const high = upper === upper ? upper : Infinity;
    const bound = x < low ? low : high;
    const distance = Math.abs(x - bound);
    return {
      status,
      reason,
      gap: { absolute: distance, relative: relativeGap(distance, bound) },
      reference: bound,
    };
  }
  if (reasonCode === R_NO_TARGET) return { status, reason, gap: null, reference: null };
  const target = table.target[r]!;
  const absolute =
    polarity === RANGE ? Math.abs(x - target) : polarity === MAXIMISE ? target - x : x - target;
  const gap = { absolute, relative: relativeGap(absolute, target) };
  const floorReference = reasonCode === R_FLOOR_MET || reasonCode === R_BELOW_FLOOR;
  return { status, reason, gap, reference: floorReference ? table.floor[r]! : target };
}

const NOTHING_SKIPPED: readonly Period[] = Object.freeze([]);

/** Whether row `r`'s trends skip gaps (`trendGapsFor`). */
function skipsGaps(results: ColumnarResults, r: number): boolean {
  const gaps = results.table.gaps[r]!;
  return (
    results.baselines.labelled && (gaps === 1 || (gaps === 0 && results.baselines.skipByDefault))
  );
}

function trendAt(
  results: ColumnarResults,
  r: number,
  reasonCode: number,
  column: number,
  skipped: readonly Period[]
): TrendResult {
  const { table } = results;
  return {
    trend: TREND_CODES[TREND_OF_REASON[reasonCode]!]!,
    reason: TREND_REASON_CODES[reasonCode]!,
    baseline: column < 0 ? null : table.values[r * table.periods + column]!,
    comparedWith: column < 0 ? null : (results.periods[column] ?? null),
    skipped,
  };
}

/** The periods a skipping short trend passed over (no value), oldest first. */
function skippedAt(
  results: ColumnarResults,
  r: number,
  reasonCode: number,
  column: number
): readonly Period[] {
  const { table, baselines } = results;
  const x = table.values[r * table.periods + table.periods - 1]!;
  if (x !== x) return NOTHING_SKIPPED;
  if (column < 0 && reasonCode !== T_COMPARISON_MISSING) return NOTHING_SKIPPED;
  const passed: Period[] = [];
  for (let k = 0; k < baselines.candidates.length; k++) {
    const c = baselines.candidates[k]!;
    if (c === column) break;
    passed.push(results.periods[c]!);
  }
  return passed.length === 0 ? NOTHING_SKIPPED : passed.reverse();
}

/** Row `r`'s short and long `TrendResult`s, as `trendsOf` gives them. */
export function trendsAt(
  results: ColumnarResults,
  r: number
): { short: TrendResult; long: TrendResult } {
  const { ratings, baselines } = results;
  const shortReason = ratings.shortReason[r]!;
  const shortColumn = ratings.shortBaseline[r]!;
  if (skipsGaps(results, r)) {
    const short = trendAt(
      results,
      r,
      shortReason,
      shortColumn,
      skippedAt(results, r, shortReason, shortColumn)
    );
    if (baselines.lag === 1) return { short, long: short };
    return {
      short,
      long: trendAt(results, r, ratings.longReason[r]!, ratings.longBaseline[r]!, NOTHING_SKIPPED),
    };
  }
  return {
    short: trendAt(results, r, shortReason, shortColumn, NOTHING_SKIPPED),
    long: trendAt(results, r, ratings.longReason[r]!, ratings.longBaseline[r]!, NOTHING_SKIPPED),
  };
}

/** Row `r` as `rateIndicator` returns it. */
export function indicatorResultAt(results: ColumnarResults, r: number): IndicatorResult {
  const { ratings } = results;
  const { short, long } = trendsAt(results, r);
  return {
    rating: ratingAt(results, r),
    status: STATUS_CODES[ratings.status[r]!]!,
    statusSource: ratings.manual[r] === 1 ? "manual" : "rule",
    short,
    long,
    shortTrend: TREND_CODES[ratings.shortTrend[r]!]!,
    longTrend: TREND_CODES[ratings.longTrend[r]!]!,
    shortTrendSource: TREND_SOURCE_CODES[ratings.shortSource[r]!]! as TrendSource,
    longTrendSource: TREND_SOURCE_CODES[ratings.longSource[r]!]! as TrendSource,
  };
}

/** Frozen rule lists by rule bits, in `analyseSpc`'s order of precedence. */
const RULE_SETS: readonly (readonly SpcRule[])[] = Array.from({ length: 16 }, (_, mask) => {
  const rules: SpcRule[] = [];
  if (mask & SPC_OUTSIDE) rules.push("outside-limits");
  if (mask & SPC_TREND) rules.push("trend");
  if (mask & SPC_TWO_IN_THREE) rules.push("two-in-three");
  if (mask & SPC_SHIFT) rules.push("shift");
  return Object.freeze(rules);
});

/** Row `r`'s latest XmR point, as `analyseSpc(…).latest`; null when it was not analysed or had too few points. */
export function spcLatestPointAt(results: ColumnarResults, r: number): SpcPoint | null {
  const { table, ratings } = results;
  if (ratings.spcKind[r] !== SPC_ANALYSED) return null;
  const flags = ratings.spcLatest[r]!;
  const rules = flags & 15;
  return {
    index: table.periods - 1,
    value: table.values[r * table.periods + table.periods - 1]!,
    specialCause: rules !== 0,
    rules: RULE_SETS[rules]!,
    variation: SPC_VARIATION_CODES[ratings.spcVariation[r]!]!,
    side: rules === 0 ? null : (flags & SPC_HIGH) !== 0 ? "high" : "low",
  };
}

/** Row `r`'s XmR limits, as `analyseSpc(…).limits`; null when not analysed. */
export function spcLimitsAt(results: ColumnarResults, r: number): XmrLimits | null {
  const { ratings } = results;
  if (ratings.spcKind[r] !== SPC_ANALYSED) return null;
  return limitsFrom(ratings.spcMean[r]!, ratings.spcMeanMovingRange[r]!, ratings.spcScreened[r]!);
}

/**
 * Summary group `group`'s `TableSummary`, as `summarise` gives it over the
 * group's rows: `codes[r]` is row r's code. Builds the group's summary rows.
 */
export function summaryOf(
  results: ColumnarResults,
  group: number,
  codes: readonly string[],
  options?: SummaryOptions
): TableSummary {
  const { table, ratings } = results;
  const start = table.groups[group]!;
  const end = group + 1 < table.groups.length ? table.groups[group + 1]! : table.rows;
  const rows: SummaryRow[] = [];
  for (let r = start; r < end; r++)
    rows.push({
      code: codes[r]!,
      status: STATUS_CODES[ratings.status[r]!]!,
      longTrend: TREND_CODES[ratings.longTrend[r]!]!,
    });
  return summarise(rows, options);
}
