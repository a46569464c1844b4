import { memoised } from "./memo";
import { nearlyEqual, roundTo } from "./numeric";
import { PERIODS_PER_YEAR, type Granularity, type Period } from "./periods";
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
  /** The period of `baseline`: set when a comparison was made and the history is labelled. */
  readonly comparedWith: Period | null;
  /**
   * Periods passed over because they had no value, oldest first: only when gaps
   * are skipped (`TrendGaps`); otherwise empty.
   */
  readonly skipped: readonly Period[];
}

/**
 * What a trend does when the period it should compare with has no value (a year
 * that was not collected, `N/A`):
 * - `strict`: compares with that period only; no value there gives NA.
 * - `skip`: compares with the latest earlier period that has a value, and says
 *   which periods it passed over.
 */
export type TrendGaps = "skip" | "strict";

/** The workbook setting: `auto` skips gaps in annual series and is strict for months and quarters. */
export type TrendGapsSetting = TrendGaps | "auto";

/**
 * The gap rule for a series: the indicator's own (`rule.gaps`), else the
 * workbook's, where `auto` (the default) is `skip` for years and `strict` for
 * months and quarters (their long trend compares with the same period a year
 * earlier, so a skipped month would compare unlike seasons).
 *
 * @example trendGapsFor(undefined, "auto", "year") // "skip"
 */
export function trendGapsFor(
  own: TrendGaps | undefined,
  setting: TrendGapsSetting | undefined,
  granularity: Granularity
): TrendGaps {
  const chosen = own ?? setting ?? "auto";
  return chosen === "auto" ? (granularity === "year" ? "skip" : "strict") : chosen;
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

/**
 * What "better" means for a trend: the polarity and, for a range, where the
 * range is; and, when the indicator sets it, what to do with a gap (`TrendGaps`).
 */
export interface TrendRule {
  readonly polarity?: Polarity;
  readonly target?: number;
  readonly lower?: number;
  readonly upper?: number;
  readonly gaps?: TrendGaps;
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
  return trendResult(current, baseline, rule, band, null, NOTHING_SKIPPED);
}

const NOTHING_SKIPPED: readonly Period[] = Object.freeze([]);

const TREND_OF: Readonly<Record<TrendReason, Trend>> = {
  improved: "IMP",
  deteriorated: "DET",
  unchanged: "STATIC",
  "no-polarity": "NA",
  "latest-missing": "NA",
  "comparison-missing": "NA",
  "no-comparison-period": "NA",
};

/** One fixed result shape for every comparison: this runs twice for every indicator. */
function trendResult(
  current: CellValue,
  baseline: CellValue | undefined,
  rule: TrendRule,
  band: StaticBand,
  comparedWith: Period | null,
  skipped: readonly Period[]
): TrendResult {
  const reason = compareReason(current, baseline, rule, band);
  const compared = current.kind === "number" && baseline?.kind === "number";
  return {
    trend: TREND_OF[reason],
    reason,
    baseline: compared ? baseline.value : null,
    comparedWith: compared ? comparedWith : null,
    skipped,
  };
}

function compareReason(
  current: CellValue,
  baseline: CellValue | undefined,
  rule: TrendRule,
  band: StaticBand
): TrendReason {
  if (current.kind !== "number") return "latest-missing";
  if (baseline === undefined) return "no-comparison-period";
  if (baseline.kind !== "number") return "comparison-missing";
  const before = baseline.value;
  if (isStatic(current, before, band)) return "unchanged";
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
    if (Number.isNaN(now) || Number.isNaN(then)) return "no-polarity";
    if (nearlyEqual(now, then)) return "unchanged";
    better = now < then;
  } else return "no-polarity";
  return better ? "improved" : "deteriorated";
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
  /**
   * What to do with a gap (see `TrendGaps`), unless the indicator's rule says;
   * default `auto`: skip gaps in annual series, strict for months and quarters.
   */
  readonly gaps?: TrendGapsSetting;
}

/**
 * Short and long trends of the last point of `history` (oldest first).
 * Short: against the point before. Long: against the same period a year
 * earlier. With recognised period labels, the baseline must be exactly that
 * period (a gap in the columns gives NA, never a neighbour); without labels the
 * short trend uses the previous column and the long trend needs `longLag`.
 *
 * Where gaps are skipped (`TrendGaps`; by default for annual series), the short
 * trend compares with the latest earlier period that has a value, naming it and
 * the periods passed over; a long trend one period back (years) is the same
 * comparison. A long trend further back (the same month or quarter a year
 * earlier) is still found by label only. Skipping needs period labels.
 *
 * Cost: O(1) when periods are consecutive and have values, O(n) otherwise.
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
    const none = trendResult(NO_VALUE, undefined, rule, DEFAULT_STATIC_BAND, null, NOTHING_SKIPPED);
    return { short: none, long: none };
  }
  const band = options.band ?? DEFAULT_STATIC_BAND;
  const period = latest.period;
  const lag = options.longLag ?? (period ? PERIODS_PER_YEAR[period.granularity] : undefined);
  if (period && trendGapsFor(rule.gaps, options.gaps, period.granularity) === "skip") {
    const short = latestWithValue(history, period, rule, band);
    if (lag === 1) return { short, long: short };
    const yearBefore = lag === undefined ? undefined : pointBack(history, lag);
    return { short, long: againstPoint(latest.value, yearBefore, rule, band) };
  }
  // Both baselines are looked up before either comparison, so that the memory reads
  // of the two (often cache misses on a large workbook) overlap.
  const previous = pointBack(history, 1);
  const yearBefore = lag === undefined ? undefined : pointBack(history, lag);
  return {
    short: againstPoint(latest.value, previous, rule, band),
    long:
      lag === undefined
        ? noBaseline(latest.value)
        : againstPoint(latest.value, yearBefore, rule, band),
  };
}

/** A cell with no value: the latest of an empty history, or the baseline when every earlier period is a gap. */
const NO_VALUE: CellValue = { kind: "missing", reason: "blank", text: "" };

function againstPoint(
  current: CellValue,
  point: HistoryPoint | undefined,
  rule: TrendRule,
  band: StaticBand
): TrendResult {
  return trendResult(current, point?.value, rule, band, point?.period ?? null, NOTHING_SKIPPED);
}

function noBaseline(value: CellValue): TrendResult {
  return trendResult(value, undefined, {}, DEFAULT_STATIC_BAND, null, NOTHING_SKIPPED);
}

/**
 * The latest value against the latest earlier period (by label) that has a
 * value, with the periods passed over. NA when no earlier period has one:
 * `comparison-missing` when there were earlier periods, `no-comparison-period`
 * when there were none.
 */
function latestWithValue(
  history: readonly HistoryPoint[],
  period: Period,
  rule: TrendRule,
  band: StaticBand
): TrendResult {
  const current = history[history.length - 1]!.value;
  if (current.kind !== "number")
    return trendResult(current, undefined, rule, band, null, NOTHING_SKIPPED);
  let skipped: Period[] | undefined;
  for (let i = history.length - 2; i >= 0; i--) {
    const point = history[i]!;
    const p = point.period;
    if (!p || p.granularity !== period.granularity || p.index >= period.index) continue;
    if (point.value.kind === "number")
      return trendResult(
        current,
        point.value,
        rule,
        band,
        p,
        skipped ? skipped.reverse() : NOTHING_SKIPPED
      );
    (skipped ??= []).push(p);
  }
  return skipped
    ? trendResult(current, NO_VALUE, rule, band, null, skipped.reverse())
    : trendResult(current, undefined, rule, band, null, NOTHING_SKIPPED);
}

/** The point `lag` periods before the last point: by label when labelled, else by position. */
function pointBack(history: readonly HistoryPoint[], lag: number): HistoryPoint | undefined {
  const last = history.length - 1;
  const latest = history[last]!;
  const candidate = history[last - lag];
  if (!latest.period) return candidate;
  const wanted = latest.period.index - lag;
  if (
    candidate?.period?.granularity === latest.period.granularity &&
    candidate.period.index === wanted
  ) {
    return candidate;
  }
  for (let i = last - 1; i >= 0; i--) {
    const p = history[i]!.period;
    if (p && p.granularity === latest.period.granularity && p.index === wanted) return history[i];
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
  return publishedTrendOf(raw);
}

const publishedTrendOf = memoised(readPublishedTrend);

function readPublishedTrend(raw: string): Trend | undefined {
  const text = raw.trim().toLowerCase().replace(/\s+/g, " ");
  if (/^(imp|improving|improved|improvement|better|↑ imp)$/.test(text)) return "IMP";
  if (/^(static|same|no change|unchanged|remained the same|stable|⇔|↔|→|⇔ static)$/.test(text))
    return "STATIC";
  if (/^(det|deteriorating|deteriorated|worse|worsening|declining|↓ det)$/.test(text)) return "DET";
  if (/^(na|n\/a|not available|not applicable|-)$/.test(text)) return "NA";
  return undefined;
}
