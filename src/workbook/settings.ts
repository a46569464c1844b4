import { DEFAULT_RULE, type RuleFields } from "../engine/rules";
import type { TrendDisplay, TrendOptions } from "../engine/trends";

/** Headers of the columns the add-in writes and owns. */
export interface OutputHeaders {
  readonly rag: string;
  readonly shortTrend: string;
  readonly longTrend: string;
  readonly commentary: string;
}

export const DEFAULT_HEADERS: OutputHeaders = {
  rag: "RAG (Scorecard RAG)",
  shortTrend: "Short trend",
  longTrend: "Long trend",
  commentary: "Commentary",
};

/** The owned columns' headers in the order they are written: RAG, short trend, long trend, commentary. */
export function outputHeaderTexts(headers: OutputHeaders): string[] {
  return [headers.rag, headers.shortTrend, headers.longTrend, headers.commentary];
}

/** Rule presets offered to the user; each is a set of defaults, overridden per row and per code. */
export type RulePreset = "relative-5" | "floor" | "range" | "custom";

/** Which checks run and with what thresholds (see docs/rating-rules.md). */
export interface CheckSettings {
  readonly enabled: Readonly<Record<string, boolean>>;
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
};

/** Whether a check runs: every check runs unless the workbook's settings turn it off. */
export function checkEnabled(settings: Settings, kind: string): boolean {
  return settings.checks.enabled[kind] ?? true;
}
