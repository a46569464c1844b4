import { PERIODS_PER_YEAR } from "../periods";
import type { TrendOptions } from "../trends";
import { GRANULARITY_CODES } from "./codes";
import type { ColumnarTable } from "./table";

/**
 * Where a table's trends look for their baselines. The period columns are
 * shared by every row, so the columns are found once per table, as the row
 * engine's `trendsOf` finds them for each row:
 *
 * - `lag`: how far back the long trend is: `TrendOptions.longLag`, else a year
 *   (12 months, 4 quarters, 1 year) when the latest column is labelled, else
 *   none (NaN: the long trend has no comparison period).
 * - `previous`: the column one period before the latest, by label when labelled
 *   (exactly that period, wherever it is; −1 if the table has none), else by
 *   position. `yearBefore`: the same, `lag` periods back.
 * - `candidates`: for gaps skipped (`TrendGaps` "skip", labelled tables only), the
 *   earlier columns of the latest's granularity, latest first: the short trend
 *   compares with the first of them that has a value.
 * - `skipByDefault`: whether a row with no gap rule of its own skips gaps (the
 *   table's setting; `auto` skips in annual series).
 *
 * Cost: O(periods).
 *
 * @example trendBaselines(monthlyTable24, {}) // { lag: 12, previous: 22, yearBefore: 11, … }
 */
export interface TrendBaselines {
  readonly labelled: boolean;
  readonly lag: number;
  readonly previous: number;
  readonly yearBefore: number;
  readonly candidates: Int32Array;
  readonly skipByDefault: boolean;
}

/** The column `lag` periods before the latest, as `trendsOf`'s `pointBack` finds it; −1 for none. */
function columnBack(table: ColumnarTable, lag: number): number {
  const last = table.periods - 1;
  const candidate = last - lag;
  const inRange = Number.isInteger(candidate) && candidate >= 0 && candidate <= last;
  const granularity = table.periodGranularity[last]!;
  if (granularity === 0) return inRange ? candidate : -1;
  const wanted = table.periodIndex[last]! - lag;
  if (
    inRange &&
    table.periodGranularity[candidate] === granularity &&
    table.periodIndex[candidate] === wanted
  )
    return candidate;
  for (let i = last - 1; i >= 0; i--) {
    if (table.periodGranularity[i] === granularity && table.periodIndex[i] === wanted) return i;
  }
  return -1;
}

/** The baselines of `table` under `options` (see {@link TrendBaselines}). */
export function trendBaselines(table: ColumnarTable, options: TrendOptions = {}): TrendBaselines {
  const last = table.periods - 1;
  const granularityCode = table.periodGranularity[last]!;
  const granularity = GRANULARITY_CODES[granularityCode];
  const labelled = granularity !== undefined;
  const lag = options.longLag ?? (granularity ? PERIODS_PER_YEAR[granularity] : NaN);
  const candidates: number[] = [];
  if (labelled) {
    const index = table.periodIndex[last]!;
    for (let i = last - 1; i >= 0; i--) {
      if (table.periodGranularity[i] === granularityCode && table.periodIndex[i]! < index)
        candidates.push(i);
    }
  }
  const setting = options.gaps ?? "auto";
  return {
    labelled,
    lag,
    previous: columnBack(table, 1),
    yearBefore: lag === lag ? columnBack(table, lag) : -1,
    candidates: Int32Array.from(candidates),
    skipByDefault: setting === "auto" ? granularity === "year" : setting === "skip",
  };
}
