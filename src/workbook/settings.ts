import { DEFAULT_RULE, type RuleFields } from "../engine/rules";
import type { Tolerance } from "../engine/tolerance";
import type { TrendDisplay, TrendOptions } from "../engine/trends";

/** Headers of the columns the add-in writes and owns. */
export interface OutputHeaders {
  readonly rag: string;
  readonly shortTrend: string;
  readonly longTrend: string;
  readonly commentary: string;
  readonly variation: string;
  readonly assurance: string;
  /** Put before a benchmark column's own header: `vs England 2020-21`. */
  readonly benchmark: string;
}

export const DEFAULT_HEADERS: OutputHeaders = {
  rag: "RAG (Scorecard RAG)",
  shortTrend: "Short trend",
  longTrend: "Long trend",
  commentary: "Commentary",
  variation: "Variation",
  assurance: "Assurance",
  benchmark: "vs",
};

/**
 * The optional owned columns after the four (docs/making-data-count.md): each
 * is written where the data allows it (Variation where a row has enough points
 * for an XmR chart, Assurance where such a row also has a target, one
 * Benchmark column per benchmark column of the table) unless turned off here.
 */
export interface OutputColumnSettings {
  readonly variation: boolean;
  readonly assurance: boolean;
  readonly benchmark: boolean;
}

export const OPTIONAL_COLUMNS = ["variation", "assurance", "benchmark"] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

export const DEFAULT_COLUMNS: OutputColumnSettings = {
  variation: true,
  assurance: true,
  benchmark: true,
};

/** The four owned columns' headers in the order they are written: RAG, short trend, long trend, commentary. */
export function outputHeaderTexts(headers: OutputHeaders): string[] {
  return [headers.rag, headers.shortTrend, headers.longTrend, headers.commentary];
}

/** Rule presets offered to the user; each is a set of defaults, overridden per row and per code. */
export type RulePreset = "relative-5" | "floor" | "range" | "custom";

/** Every preset, in the order the pane offers them. */
export const RULE_PRESETS: readonly RulePreset[] = ["relative-5", "floor", "range", "custom"];

/**
 * The table defaults a preset gives, the one place a preset is read
 * (docs/rating-rules.md, "Where a row's rule comes from"). Which scheme rates a
 * row follows from its own fields: a floor (from its Floor column or the rules
 * table) gives the floor standard, Lower and Upper the target range, and
 * otherwise the Amber band is a tolerance. So `relative-5` is the 5% relative
 * tolerance; `floor` and `range` are the same 5% for the rows that have no
 * floor or range of their own (and for the Amber band just outside a range);
 * only `custom` takes the workbook's own tolerance (5% when none is saved).
 */
export function presetDefaults(preset: RulePreset, customTolerance?: Tolerance): RuleFields {
  if (preset === "custom" && customTolerance)
    return { ...DEFAULT_RULE, tolerance: customTolerance };
  return DEFAULT_RULE;
}

/**
 * The checks a workbook can turn off (settings `checks.enabled`), one id a
 * check (docs/rating-rules.md). A check's flags may carry kinds of their own
 * (`manual-status` under `published-status`, `district-period` and
 * `district-indicators` under `district-consistency`, `spc-shift` … under
 * `spc`, `funnel-95` and `funnel-99.8` under `funnel`); its id turns them all off.
 */
export const CHECK_IDS = [
  "published-status",
  "published-trend",
  "missing-target",
  "percent-range",
  "whole-count",
  "suppression",
  "numerator-denominator",
  "duplicate-code",
  "jump",
  "district-consistency",
  "spc",
  "district-outlier",
  "funnel",
  "trend-gap",
  "benchmark",
] as const;

/** The id of a check that can be turned off: one of `CHECK_IDS`. */
export type CheckId = (typeof CHECK_IDS)[number];

const CHECK_ID_SET: ReadonlySet<string> = new Set(CHECK_IDS);

/** Whether a text (a key of saved settings) is the id of a check. */
export function isCheckId(value: string): value is CheckId {
  return CHECK_ID_SET.has(value);
}

/** Which checks run and with what thresholds (see docs/rating-rules.md). */
export interface CheckSettings {
  /** Checks turned on or off by id; a check not listed runs. */
  readonly enabled: Readonly<Partial<Record<CheckId, boolean>>>;
  /** Counts from 1 up to this many people must be suppressed before publication. */
  readonly suppressionThreshold: number;
  /** Flag a value more than this many times (or less than 1/this) the previous period's. */
  readonly jumpFactor: number;
  readonly spcMinimumPoints: number;
  readonly modifiedZThreshold: number;
}

export interface Settings {
  readonly preset: RulePreset;
  readonly defaults: RuleFields;
  /** Static band, long lag, and `gaps`: what trends do across periods with no value (default `auto`). */
  readonly trends: TrendOptions;
  readonly trendDisplay: TrendDisplay;
  readonly headers: OutputHeaders;
  readonly periodWord?: string;
  readonly checks: CheckSettings;
  readonly columns: OutputColumnSettings;
}

export const DEFAULT_CHECKS: CheckSettings = {
  enabled: {},
  suppressionThreshold: 5,
  jumpFactor: 3,
  spcMinimumPoints: 12,
  modifiedZThreshold: 3.5,
};

export const DEFAULT_SETTINGS: Settings = {
  preset: "relative-5",
  defaults: DEFAULT_RULE,
  trends: { gaps: "auto" },
  trendDisplay: "code",
  headers: DEFAULT_HEADERS,
  checks: DEFAULT_CHECKS,
  columns: DEFAULT_COLUMNS,
};

/** Whether a check runs: every check runs unless the workbook's settings turn it off. */
export function checkEnabled(settings: Settings, check: CheckId): boolean {
  return settings.checks.enabled[check] ?? true;
}
