import type { RatingReason } from "../rating";
import type { Polarity } from "../polarity";
import type { Status } from "../status";
import type { Trend, TrendGaps, TrendReason } from "../trends";
import type { MissingReason } from "../values";
import type { Granularity } from "../periods";

/**
 * The small integer codes the columnar engine reads and writes in its typed
 * arrays, and their names in the row engine's vocabulary. Each list's index is
 * the code: `STATUS_CODES[2]` is "Red". Absent values (no published status, no
 * polarity) are {@link NONE}.
 *
 * Cost: O(1) per look-up either way (a name is found with `indexOf` on a list of
 * at most 21 entries, meant for building inputs, not for hot loops).
 *
 * @example STATUS_CODES[statusCode("Amber")] // "Amber"
 */

/** The code of "nothing here": no published status or trend, no polarity, no baseline column. */
export const NONE = 255;

/** Statuses by code: 0 Green, 1 Amber, 2 Red, 3 Not rated, 4 NA (the order of `STATUSES`). */
export const STATUS_CODES: readonly Status[] = ["Green", "Amber", "Red", "Not rated", "NA"];
export const GREEN = 0;
export const AMBER = 1;
export const RED = 2;
export const NOT_RATED = 3;
export const NA = 4;

/** Trends by code: 0 IMP, 1 STATIC, 2 DET, 3 NA. */
export const TREND_CODES: readonly Trend[] = ["IMP", "STATIC", "DET", "NA"];
export const IMP = 0;
export const STATIC = 1;
export const DET = 2;
export const TREND_NA = 3;

/** Polarities by code: 0 maximise, 1 minimise, 2 range; {@link NONE} when the rule has none. */
export const POLARITY_CODES: readonly Polarity[] = ["maximise", "minimise", "range"];
export const MAXIMISE = 0;
export const MINIMISE = 1;
export const RANGE = 2;

/** Why a cell has no number, by code (the order of `MissingReason`'s spelling in values.ts). */
export const MISSING_CODES: readonly MissingReason[] = [
  "blank",
  "redacted",
  "not-available",
  "placeholder",
  "excel-error",
  "not-a-number",
];

/**
 * Rating reasons by code. The missing-value reasons come last, at
 * `MISSING_REASON_BASE + missing code`, so a missing latest value's reason is
 * one addition away.
 */
export const RATING_REASON_CODES: readonly RatingReason[] = [
  "met",
  "within-tolerance",
  "beyond-tolerance",
  "floor-met",
  "below-floor",
  "missed-no-amber",
  "in-range",
  "near-range",
  "outside-range",
  "not-rated",
  "no-target",
  "no-polarity",
  "zero-target",
  ...MISSING_CODES,
];
export const R_MET = 0;
export const R_WITHIN = 1;
export const R_BEYOND = 2;
export const R_FLOOR_MET = 3;
export const R_BELOW_FLOOR = 4;
export const R_NO_AMBER = 5;
export const R_IN_RANGE = 6;
export const R_NEAR_RANGE = 7;
export const R_OUTSIDE_RANGE = 8;
export const R_NOT_RATED = 9;
export const R_NO_TARGET = 10;
export const R_NO_POLARITY = 11;
export const R_ZERO_TARGET = 12;
export const MISSING_REASON_BASE = 13;

/** Trend reasons by code; a reason's trend is `TREND_OF_REASON[code]`. */
export const TREND_REASON_CODES: readonly TrendReason[] = [
  "improved",
  "deteriorated",
  "unchanged",
  "no-polarity",
  "latest-missing",
  "comparison-missing",
  "no-comparison-period",
];
export const T_IMPROVED = 0;
export const T_DETERIORATED = 1;
export const T_UNCHANGED = 2;
export const T_NO_POLARITY = 3;
export const T_LATEST_MISSING = 4;
export const T_COMPARISON_MISSING = 5;
export const T_NO_COMPARISON_PERIOD = 6;
/** The trend code of each trend reason code. */
export const TREND_OF_REASON: Readonly<Uint8Array> = Uint8Array.of(
  IMP,
  DET,
  STATIC,
  TREND_NA,
  TREND_NA,
  TREND_NA,
  TREND_NA
);

/** Where a row's trend came from, by code: 0 computed, 1 published, 2 none (`TrendSource`). */
export const TREND_SOURCE_CODES = ["computed", "published", "none"] as const;
export const COMPUTED = 0;
export const PUBLISHED = 1;
export const NO_SOURCE = 2;

/** Period granularities by code: 0 none (an unlabelled column), 1 month, 2 quarter, 3 year. */
export const GRANULARITY_CODES: readonly (Granularity | undefined)[] = [
  undefined,
  "month",
  "quarter",
  "year",
];

/** A row's gap rule (`RuleFields.gaps`) by code: 0 unset (the table's setting decides), 1 skip, 2 strict. */
export const GAPS_CODES: readonly (TrendGaps | undefined)[] = [undefined, "skip", "strict"];

/** Bits of a row's rule flags byte. */
export const RULE_AMBER = 1;
export const RULE_RATED = 2;
/** The tolerance is absolute (in the value's units); without this bit it is relative. */
export const RULE_ABSOLUTE = 4;

/** The code of a name in one of the lists above; {@link NONE} for `undefined`. Throws on an unknown name. */
export function codeOf<T>(list: readonly T[], name: T | undefined): number {
  if (name === undefined) return NONE;
  const code = list.indexOf(name);
  if (code < 0) throw new RangeError(`no code for ${String(name)}`);
  return code;
}

/** The code of a status. @example statusCode("Red") // 2 */
export const statusCode = (status: Status | undefined): number => codeOf(STATUS_CODES, status);
/** The code of a trend. @example trendCode("DET") // 2 */
export const trendCode = (trend: Trend | undefined): number => codeOf(TREND_CODES, trend);
/** The code of a polarity. @example polarityCode("range") // 2 */
export const polarityCode = (polarity: Polarity | undefined): number =>
  codeOf(POLARITY_CODES, polarity);
