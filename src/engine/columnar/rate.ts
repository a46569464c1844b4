import type { SpcOptions } from "../stats/special-cause";
import type { TrendOptions } from "../trends";
import { trendBaselines } from "./baselines";
import {
  COMPUTED,
  DET,
  MAXIMISE,
  MINIMISE,
  NA,
  NONE,
  NO_SOURCE,
  PUBLISHED,
  RED,
  T_COMPARISON_MISSING,
  T_LATEST_MISSING,
  T_NO_COMPARISON_PERIOD,
  TREND_NA,
  TREND_OF_REASON,
} from "./codes";
import { SPC_NOT_ANALYSED, spcLatestAt, spcSettings, type SpcColumns } from "./spc";
import { STATUS_OF_REASON, statusReasonAt } from "./status";
import type { ColumnarTable } from "./table";
import { bandCode, trendReasonAt, type BandCode } from "./trend";

/**
 * Everything the columnar engine decides about a table, one entry a row (or,
 * for the summaries, a group), as codes (see codes.ts):
 *
 * - `ratingStatus`, `reason`: the rule's status and why (`rate`'s `Rating`);
 *   `status`: what the row ends with (a published status kept where the rule
 *   gives NA, flagged in `manual`).
 * - `shortReason`, `longReason`: the computed trends' reasons (their trends are
 *   `TREND_OF_REASON[reason]`); `shortTrend`, `longTrend` and their `…Source`: what
 *   the row ends with (the published trend where there is no history);
 *   `shortBaseline`, `longBaseline`: the column compared with, −1 when no
 *   comparison was made.
 * - The latest point's XmR verdict (see {@link SpcColumns}).
 * - `counts[g * 5 + status]`: rows of group g ending with each status;
 *   `deteriorating[g * 3 + status]`: its Green, Amber and Red rows deteriorating
 *   long term. The narrative is composed on demand (`summaryOf`).
 */
export interface ColumnarRatings extends SpcColumns {
  readonly rows: number;
  readonly status: Uint8Array;
  readonly ratingStatus: Uint8Array;
  readonly reason: Uint8Array;
  readonly manual: Uint8Array;
  readonly shortReason: Uint8Array;
  readonly longReason: Uint8Array;
  readonly shortTrend: Uint8Array;
  readonly longTrend: Uint8Array;
  readonly shortSource: Uint8Array;
  readonly longSource: Uint8Array;
  readonly shortBaseline: Int16Array;
  readonly longBaseline: Int16Array;
  readonly counts: Int32Array;
  readonly deteriorating: Int32Array;
}

/** Output arrays for `rows` rows in `groups` summary groups (about 46 bytes a row). */
export function allocateRatings(rows: number, groups: number): ColumnarRatings {
  return {
    rows,
    status: new Uint8Array(rows),
    ratingStatus: new Uint8Array(rows),
    reason: new Uint8Array(rows),
    manual: new Uint8Array(rows),
    shortReason: new Uint8Array(rows),
    longReason: new Uint8Array(rows),
    shortTrend: new Uint8Array(rows),
    longTrend: new Uint8Array(rows),
    shortSource: new Uint8Array(rows),
    longSource: new Uint8Array(rows),
    shortBaseline: new Int16Array(rows),
    longBaseline: new Int16Array(rows),
    spcKind: new Uint8Array(rows),
    spcLatest: new Uint8Array(rows),
    spcVariation: new Uint8Array(rows),
    spcPoints: new Uint16Array(rows),
    spcMean: new Float64Array(rows),
    spcMeanMovingRange: new Float64Array(rows),
    spcScreened: new Uint16Array(rows),
    counts: new Int32Array(groups * 5),
    deteriorating: new Int32Array(groups * 3),
  };
}

/**
 * Options of {@link rateColumnar}: the row engine's trend options, and the SPC
 * options (`analyseSpc`'s; its `target` is not read), or `false` to leave SPC
 * out (every row then has `spcKind` SPC_NOT_ANALYSED).
 */
export interface ColumnarOptions {
  readonly trends?: TrendOptions;
  readonly spc?: SpcOptions | false;
}

/**
 * One trend lookup's result packed in an integer: the reason code in the low 3
 * bits, the column compared with + 1 above them (0: no comparison).
 */
const reasonOf = (packed: number): number => packed & 7;
const columnOf = (packed: number): number => (packed >> 3) - 1;

/**
 * The trend against column `column`, packed: `trendsOf`'s againstPoint. With no
 * column (−1) the reason is `none` (no comparison period, or for skipped gaps
 * no earlier value).
 */
function against(
  table: ColumnarTable,
  r: number,
  x: number,
  base: number,
  column: number,
  none: number,
  band: BandCode
): number {
  if (x !== x) return T_LATEST_MISSING;
  if (column < 0) return none;
  const before = table.values[base + column]!;
  if (before !== before) return T_COMPARISON_MISSING;
  return trendReasonAt(table, r, x, before, band) | ((column + 1) << 3);
}

/** The first of `candidates` (columns, latest first) with a value: `trendsOf`'s latestWithValue; −1 for none. */
function latestWithValue(values: Float64Array, base: number, candidates: Int32Array): number {
  for (let k = 0; k < candidates.length; k++) {
    const column = candidates[k]!;
    const before = values[base + column]!;
    if (before === before) return column;
  }
  return -1;
}

/** Where the row's trend comes from (`rateIndicator`'s trendSource). */
function sourceOf(reason: number, published: number, hasHistory: boolean): number {
  if (hasHistory || TREND_OF_REASON[reason] !== TREND_NA) return COMPUTED;
  return published === NONE ? NO_SOURCE : PUBLISHED;
}

/**
 * Rates every row of `table` at once, with exactly the rules of the row
 * engine: for each row `rate` on the latest value, `rateIndicator`'s manual
 * status and published trends, both trends of `trendsOf` (the period columns'
 * baselines found once per table, see `trendBaselines`), `analyseSpc`'s verdict
 * on the latest point (only when the latest value is a number, as the workbook
 * analyses), and per summary group the counts `summarise` gives.
 *
 * One pass over the rows, reading each row's values once; no allocation per
 * row. Pass `into` (from {@link allocateRatings}) to reuse output arrays.
 *
 * Cost: O(rows × periods) time; O(rows) memory for the output.
 *
 * @example
 * const out = rateColumnar(columnarFromIndicators(inputs));
 * STATUS_CODES[out.status[0]!] // the first row's status, as rateIndicator(inputs[0]).status
 */
export function rateColumnar(
  table: ColumnarTable,
  options: ColumnarOptions = {},
  into?: ColumnarRatings
): ColumnarRatings {
  const rows = table.rows;
  const periods = table.periods;
  const groupStarts = table.groups;
  const out = into ?? allocateRatings(rows, groupStarts.length);
  if (out.rows !== rows || out.counts.length !== groupStarts.length * 5)
    throw new RangeError("the output arrays do not fit the table");
  out.counts.fill(0);
  out.deteriorating.fill(0);
  const baselines = trendBaselines(table, options.trends);
  const band = bandCode(options.trends?.band);
  const analyse = options.spc !== false;
  const spc = spcSettings(options.spc === false ? undefined : options.spc);
  const { labelled, previous, yearBefore, candidates, skipByDefault } = baselines;
  // With gaps skipped and no earlier value: NA for want of a value, or of an earlier period.
  const noEarlierValue = candidates.length > 0 ? T_COMPARISON_MISSING : T_NO_COMPARISON_PERIOD;
  const lagOfOne = baselines.lag === 1;
  const hasHistory = periods > 1;
  const values = table.values;
  const counts = out.counts;
  const deteriorating = out.deteriorating;
  let group = -1;
  let nextGroup = 0;
  for (let r = 0; r < rows; r++) {
    while (r === nextGroup) {
      group++;
      nextGroup = group + 1 < groupStarts.length ? groupStarts[group + 1]! : rows;
    }
    const base = r * periods;
    const x = values[base + periods - 1]!;

    // Status.
    const reason = statusReasonAt(table, r, x);
    const rated = STATUS_OF_REASON[reason]!;
    const published = table.publishedStatus[r]!;
    const manual = rated === NA && published !== NONE && published !== NA;
    const status = manual ? published : rated;
    out.reason[r] = reason;
    out.ratingStatus[r] = rated;
    out.status[r] = status;
    out.manual[r] = manual ? 1 : 0;

    // Trends.
    const gaps = table.gaps[r]!;
    const skip = labelled && (gaps === 1 || (gaps === 0 && skipByDefault));
    // The columns compared with, then the two comparisons (one call site each).
    let shortColumn = previous;
    let shortNone = T_NO_COMPARISON_PERIOD;
    if (skip) {
      shortColumn = latestWithValue(values, base, candidates);
      shortNone = noEarlierValue;
    }
    const shortTrend = against(table, r, x, base, shortColumn, shortNone, band);
    const longTrend =
      skip && lagOfOne
        ? shortTrend
        : against(table, r, x, base, yearBefore, T_NO_COMPARISON_PERIOD, band);
    const shortReason = reasonOf(shortTrend);
    const longReason = reasonOf(longTrend);
    const publishedShort = table.publishedShortTrend[r]!;
    const publishedLong = table.publishedLongTrend[r]!;
    const shortSource = sourceOf(shortReason, publishedShort, hasHistory);
    const longSource = sourceOf(longReason, publishedLong, hasHistory);
    const longEnds =
      longSource === COMPUTED
        ? TREND_OF_REASON[longReason]!
        : longSource === PUBLISHED
          ? publishedLong
          : TREND_NA;
    out.shortReason[r] = shortReason;
    out.longReason[r] = longReason;
    out.shortBaseline[r] = columnOf(shortTrend);
    out.longBaseline[r] = columnOf(longTrend);
    out.shortSource[r] = shortSource;
    out.longSource[r] = longSource;
    out.shortTrend[r] =
      shortSource === COMPUTED
        ? TREND_OF_REASON[shortReason]!
        : shortSource === PUBLISHED
          ? publishedShort
          : TREND_NA;
    out.longTrend[r] = longEnds;

    // SPC on the latest point (declared polarity: a range, or none, is "neither").
    if (analyse && x === x) {
      const polarity = table.polarity[r]!;
      const direction = polarity === MAXIMISE ? 1 : polarity === MINIMISE ? -1 : 0;
      spcLatestAt(values, base, periods, direction, spc, out, r);
    } else {
      out.spcKind[r] = SPC_NOT_ANALYSED;
      out.spcLatest[r] = 0;
      out.spcVariation[r] = 0;
      out.spcPoints[r] = 0;
      out.spcMean[r] = NaN;
      out.spcMeanMovingRange[r] = NaN;
      out.spcScreened[r] = 0;
    }

    // Summary counts.
    counts[group * 5 + status] = counts[group * 5 + status]! + 1;
    if (longEnds === DET && status <= RED)
      deteriorating[group * 3 + status] = deteriorating[group * 3 + status]! + 1;
  }
  return out;
}
