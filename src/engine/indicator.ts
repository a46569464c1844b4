import { rate, type Rating } from "./rating";
import type { ResolvedRule } from "./rules";
import type { PublishedStatus, Status } from "./status";
import {
  trendsOf,
  type HistoryPoint,
  type Trend,
  type TrendOptions,
  type TrendResult,
} from "./trends";
import type { CellValue } from "./values";

export interface IndicatorInput {
  readonly value: CellValue;
  readonly rule: ResolvedRule;
  /** Period values, oldest first, the last being the latest (the value rated). */
  readonly history?: readonly HistoryPoint[];
  readonly publishedStatus?: PublishedStatus;
  readonly publishedShortTrend?: Trend;
  readonly publishedLongTrend?: Trend;
}

/** Where a row's trend came from: the engine's own comparison, or the sheet's published trend when there is no history. */
export type TrendSource = "computed" | "published" | "none";

export interface IndicatorResult {
  /** The engine's rating of the latest value. */
  readonly rating: Rating;
  /**
   * The status the row ends with: the engine's, except where the engine cannot rate
   * the row (NA) and an officer set a status by hand, which is kept.
   */
  readonly status: Status;
  readonly statusSource: "rule" | "manual";
  readonly short: TrendResult;
  readonly long: TrendResult;
  readonly shortTrend: Trend;
  readonly longTrend: Trend;
  readonly shortTrendSource: TrendSource;
  readonly longTrendSource: TrendSource;
}

function trendSource(
  computed: TrendResult,
  published: Trend | undefined,
  hasHistory: boolean
): TrendSource {
  if (hasHistory || computed.trend !== "NA") return "computed";
  return published === undefined ? "none" : "published";
}

function effectiveTrend(
  source: TrendSource,
  computed: TrendResult,
  published: Trend | undefined
): Trend {
  return source === "computed" ? computed.trend : (published ?? "NA");
}

/**
 * Rates one indicator row: its status against its rule, both trends from its
 * history, and what it ends with when the engine cannot decide (a manual status
 * on a redacted row is kept; a published trend stands where there is no history).
 *
 * Cost: O(1) for consecutive periods; no allocation but the result.
 */
export function rateIndicator(input: IndicatorInput, trendOptions?: TrendOptions): IndicatorResult {
  const rating = rate(input.value, input.rule);
  const history =
    input.history && input.history.length > 0 ? input.history : [{ value: input.value }];
  const hasHistory = history.length > 1;
  const { short, long } = trendsOf(history, input.rule, trendOptions);
  const manual =
    rating.status === "NA" && input.publishedStatus && input.publishedStatus.status !== "NA";
  const shortTrendSource = trendSource(short, input.publishedShortTrend, hasHistory);
  const longTrendSource = trendSource(long, input.publishedLongTrend, hasHistory);
  return {
    rating,
    status: manual ? input.publishedStatus!.status : rating.status,
    statusSource: manual ? "manual" : "rule",
    short,
    long,
    shortTrend: effectiveTrend(shortTrendSource, short, input.publishedShortTrend),
    longTrend: effectiveTrend(longTrendSource, long, input.publishedLongTrend),
    shortTrendSource,
    longTrendSource,
  };
}
