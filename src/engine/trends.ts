import { nearlyEqual, roundTo } from "./numeric";
import { PERIODS_PER_YEAR, type Period } from "./periods";
import type { Polarity } from "./polarity";
import type { CellValue, NumberValue } from "./values";

/** Direction of travel, as councils publish it. */
export type Trend = "IMP" | "STATIC" | "DET" | "NA";

/** Why a trend is what it is. */
export type TrendReason =
  | "improved"
  | "deteriorated"
  | "unchanged"
  | "no-polarity"
  | "latest-missing"
  | "comparison-missing"
  | "no-comparison-period";

export interface TrendResult {
  readonly trend: Trend;
  readonly reason: TrendReason;
  /** The value compared against, when there was one. */
  readonly baseline: number | null;
}

/**
 * When two values count as the same ("Static").
 * - `displayed`: equal once both are rounded to the latest value's displayed
 *   decimals (82.0% and 82.04% shown as 0.0% are equal). The default.
 * - `absolute`: within `amount` of each other, in the value's units.
 * - `relative`: within `fraction` of the baseline.
 */
export type StaticBand =
  | { readonly kind: "displayed" }
  | { readonly kind: "absolute"; readonly amount: number }
  | { readonly kind: "relative"; readonly fraction: number };

export const DEFAULT_STATIC_BAND: StaticBand = { kind: "displayed" };

/** What "better" means for a trend: the polarity and, for a range, where the range is. */
export interface TrendRule {
  readonly polarity?: Polarity;
  readonly target?: number;
  readonly lower?: number;
  readonly upper?: number;
}

function isStatic(current: NumberValue, baseline: number, band: StaticBand): boolean {
  switch (band.kind) {
    case "displayed": {
      const scale = current.percent ? 100 : 1;
      return nearlyEqual(
        roundTo(current.value * scale, current.decimals),
        roundTo(baseline * scale, current.decimals)
      );
    }
    case "absolute":
      return (
        Math.abs(current.value - baseline) <= band.amount || nearlyEqual(current.value, baseline)
      );
    case "relative":
      return baseline === 0
        ? nearlyEqual(current.value, baseline)
        : Math.abs(current.value - baseline) / Math.abs(baseline) <= band.fraction;
  }
}

/** Distance from the good zone: 0 inside the range; for a range with only a target, the distance to it. */
function distanceFromGood(x: number, rule: TrendRule): number {
  if (rule.lower !== undefined || rule.upper !== undefined) {
    const low = rule.lower ?? -Infinity;
    const high = rule.upper ?? Infinity;
    return x < low ? low - x : x > high ? x - high : 0;
  }
  return rule.target === undefined ? NaN : Math.abs(x - rule.target);
}

/**
 * Compares the latest value with a baseline.
 *
 * Static when the two are the same within `band`; otherwise improving when the
 * value moved the good way: up for `maximise`, down for `minimise`, closer to the
 * range (or to the target when there is no range) for `range`. For a range, two
 * values both inside it are compared by their distance to the target, if there is one,
 * and are otherwise Static.
 *
 * Cost: O(1).
 *
 * @example compareTrend(numberValue(0.097, true, 1), 0.109, { polarity: "range", target: 0.1 }).trend // "IMP"
 */
export function compareTrend(
  current: CellValue,
  baseline: CellValue | undefined,
  rule: TrendRule,
  band: StaticBand = DEFAULT_STATIC_BAND
): TrendResult {
  if (current.kind !== "number") return { trend: "NA", reason: "latest-missing", baseline: null };
  if (baseline === undefined)
    return { trend: "NA", reason: "no-comparison-period", baseline: null };
  if (baseline.kind !== "number")
    return { trend: "NA", reason: "comparison-missing", baseline: null };
  const before = baseline.value;
  if (isStatic(current, before, band))
    return { trend: "STATIC", reason: "unchanged", baseline: before };
  const polarity =
    rule.polarity ?? (rule.lower !== undefined && rule.upper !== undefined ? "range" : undefined);
  let better: boolean;
  if (polarity === "maximise") better = current.value > before;
  else if (polarity === "minimise") better = current.value < before;
  else if (polarity === "range") {
    let now = distanceFromGood(current.value, rule);
    let then = distanceFromGood(before, rule);
    if (now === 0 && then === 0 && rule.target !== undefined) {
      now = Math.abs(current.value - rule.target);
      then = Math.abs(before - rule.target);
    }
    if (Number.isNaN(now) || Number.isNaN(then))
      return { trend: "NA", reason: "no-polarity", baseline: before };
    if (nearlyEqual(now, then)) return { trend: "STATIC", reason: "unchanged", baseline: before };
    better = now < then;
  } else return { trend: "NA", reason: "no-polarity", baseline: before };
  return better
    ? { trend: "IMP", reason: "improved", baseline: before }
    : { trend: "DET", reason: "deteriorated", baseline: before };
}

/** One point of an indicator's history; `period` is absent when the columns carry no recognisable label. */
export interface HistoryPoint {
  readonly period?: Period;
  readonly value: CellValue;
}

export interface TrendOptions {
  readonly band?: StaticBand;
  /**
   * How many periods back the long-trend baseline is. Default: the same period a
   * year earlier (12 for months, 4 for quarters, 1 for years), found by period
   * label; with this set, found by position when labels are missing.
   */
  readonly longLag?: number;
}

/**
 * Short and long trends of the last point of `history` (oldest first).
 * Short: against the point before. Long: against the same period a year
 * earlier. With recognised period labels, the baseline must be exactly that
 * period (a gap in the columns gives NA, never a neighbour); without labels the
 * short trend uses the previous column and the long trend needs `longLag`.
 *
 * Cost: O(1) when periods are consecutive, O(n) otherwise.
 *
 * @example trendsOf([{ value: numberValue(80) }, { value: numberValue(82) }], { polarity: "maximise" }).short.trend // "IMP"
 */
export function trendsOf(
  history: readonly HistoryPoint[],
  rule: TrendRule,
  options: TrendOptions = {}
): { short: TrendResult; long: TrendResult } {
  const n = history.length;
  const latest = history[n - 1];
  if (!latest) {
    const none: TrendResult = { trend: "NA", reason: "latest-missing", baseline: null };
    return { short: none, long: none };
  }
  const band = options.band ?? DEFAULT_STATIC_BAND;
  const period = latest.period;
  const lag = options.longLag ?? (period ? PERIODS_PER_YEAR[period.granularity] : undefined);
  // Both baselines are looked up before either comparison, so that the memory reads
  // of the two (often cache misses on a large workbook) overlap.
  const previous = pointBack(history, 1);
  const yearBefore = lag === undefined ? undefined : pointBack(history, lag);
  return {
    short: compareTrend(latest.value, previous, rule, band),
    long:
      lag === undefined
        ? noBaseline(latest.value)
        : compareTrend(latest.value, yearBefore, rule, band),
  };
}

function noBaseline(value: CellValue): TrendResult {
  return {
    trend: "NA",
    reason: value.kind === "number" ? "no-comparison-period" : "latest-missing",
    baseline: null,
  };
}

/** The value `lag` periods before the last point: by label when labelled, else by position. */
function pointBack(history: readonly HistoryPoint[], lag: number): CellValue | undefined {
  const last = history.length - 1;
  const latest = history[last]!;
  const candidate = history[last - lag];
  if (!latest.period) return candidate?.value;
  const wanted = latest.period.index - lag;
  if (
    candidate?.period?.granularity === latest.period.granularity &&
    candidate.period.index === wanted
  ) {
    return candidate.value;
  }
  for (let i = last - 1; i >= 0; i--) {
    const p = history[i]!.period;
    if (p && p.granularity === latest.period.granularity && p.index === wanted)
      return history[i]!.value;
  }
  return undefined;
}

/** How a trend is written: council codes, arrows (↑ better, ↓ worse, ⇔ same), or words. */
export type TrendDisplay = "code" | "arrow" | "word";

const DISPLAY: Readonly<Record<TrendDisplay, Readonly<Record<Trend, string>>>> = {
  code: { IMP: "IMP", STATIC: "STATIC", DET: "DET", NA: "NA" },
  arrow: { IMP: "↑ IMP", STATIC: "⇔ STATIC", DET: "↓ DET", NA: "NA" },
  word: { IMP: "Improving", STATIC: "Static", DET: "Deteriorating", NA: "Not available" },
};

/** The text written for a trend. @example displayTrend("IMP", "arrow") // "↑ IMP" */
export function displayTrend(trend: Trend, display: TrendDisplay = "code"): string {
  return DISPLAY[display][trend];
}

/**
 * Reads a published trend cell: `IMP`, `Improving`, `Improved`, `STATIC`,
 * `Remained the same`, `⇔`, `DET`, `Deteriorating`, `Worse`, `NA`. Bare up/down
 * arrows are ambiguous (direction or improvement?) and return `undefined`.
 */
export function parsePublishedTrend(raw: unknown): Trend | undefined {
  if (typeof raw !== "string") return undefined;
  const text = raw.trim().toLowerCase().replace(/\s+/g, " ");
  if (/^(imp|improving|improved|improvement|better|↑ imp)$/.test(text)) return "IMP";
  if (/^(static|same|no change|unchanged|remained the same|stable|⇔|↔|→|⇔ static)$/.test(text))
    return "STATIC";
  if (/^(det|deteriorating|deteriorated|worse|worsening|declining|↓ det)$/.test(text)) return "DET";
  if (/^(na|n\/a|not available|not applicable|-)$/.test(text)) return "NA";
  return undefined;
}
