import type { Polarity } from "../polarity";
import { xmrLimits, type XmrLimits } from "./xmr";

/**
 * Special-cause detection on an XmR chart, mirroring NHSRplotthedots
 * (github.com/nhs-r-community/NHSRplotthedots, v0.2.2, commit 050b07d),
 * R/ptd_calculate_point_type.R and R/ptd_spc_standard.R:
 *
 * - outside limits: `y > upl | y < lpl` (strict);
 * - shift (`ptd_seven_point_one_side_mean`): 7 consecutive points all strictly
 *   above or all strictly below the mean; a point exactly on the mean breaks
 *   the run; every point of the run is marked (`ptd_part_of_seven_trend`);
 * - trend (`ptd_seven_point_trend`): 7 consecutive points (6 differences) each
 *   strictly higher, or each strictly lower, than the one before; an equal
 *   neighbour (difference 0) breaks the trend; every point of it is marked;
 *   a trend may cross the mean;
 * - two in three (`ptd_two_in_three`, `ptd_part_of_two_in_three`): in some
 *   window of 3 consecutive points, all 3 are strictly on the same side of the
 *   mean and at least 2 are "close to limits", i.e. beyond the two-sigma line
 *   but NOT outside the process limits (`close_to_limits = !outside_limits &
 *   (y < nlpl | y > nupl)`). Only the close points are marked; the third point
 *   must be on the same side but need not be beyond two sigma. A point outside
 *   the limits does not count towards two-in-three (it is already special).
 *
 * Each point's direction comes from the first rule that applies in the
 * reference's order (`ptd_special_cause_type`): outside limits, trend,
 * two-in-three, shift. Above/increasing is "high", below/decreasing "low"; the
 * polarity then turns high/low into improvement/concern (`ptd_point_type`), or
 * "neither" for a neutral direction (the reference's special_cause_neutral_*).
 */

/** A special-cause rule. */
export type SpcRule = "outside-limits" | "shift" | "trend" | "two-in-three";

/** Variation of a point: common cause, or special cause judged against the polarity. */
export type SpcVariation = "common" | "improvement" | "concern" | "neither";

/** Assurance: can the process be relied on to meet the target? */
export type SpcAssurance = "consistently-pass" | "consistently-fail" | "hit-and-miss";

/** Options for {@link analyseSpc}. Every field is optional. */
export interface SpcOptions {
  /**
   * Fewest finite points to analyse; below it the result is "too-few-points".
   * Default 12 (our methods page; Making Data Count advises 15–20). The reference
   * has no hard minimum: it computes with any number of points and only warns
   * when a group has fewer than `getOption("ptd_spc.warning_threshold", 13)`
   * points (R/ptd_add_short_group_warnings.R; its docs and message say 12, its
   * code defaults to 13), and requires `fix_after_n_points >= 12`
   * (R/ptd_spc_options.R). Rounded up; at least 2 (limits need a moving range).
   */
  readonly minimumPoints?: number;
  /**
   * Points in a shift. Default 7: `ptd_seven_point_one_side_mean`,
   * R/ptd_calculate_point_type.R (hard-coded there). PowerBI-SPC also defaults
   * to 7 (`shift_n`, src/Settings Model/outliersSettings.ts). Rounded up, at
   * least 1; `Infinity` turns the rule off.
   */
  readonly shiftLength?: number;
  /**
   * Points in a trend (the trend has one fewer rising/falling steps). Default 7:
   * `ptd_seven_point_trend`, R/ptd_calculate_point_type.R (hard-coded there;
   * ties break a trend). PowerBI-SPC defaults to 5 (`trend_n`,
   * src/Settings Model/outliersSettings.ts). Rounded up, at least 2; `Infinity`
   * turns the rule off.
   */
  readonly trendLength?: number;
  /**
   * Screen moving ranges ≥ 3.267 × MR̄ out of the limits. Default `true`:
   * `screen_outliers = TRUE`, R/ptd_spc.R and R/ptd_spc_options.R.
   */
  readonly screenOutliers?: boolean;
  /**
   * Target for the assurance verdict. Assurance is given only with a finite
   * target and polarity "maximise" or "minimise" (the reference gives none for
   * `improvement_direction = "neutral"`, R/ptd_calculate_assurance_type.R).
   */
  readonly target?: number;
}

/** The defaults of {@link SpcOptions}. */
export const SPC_DEFAULTS = Object.freeze({
  minimumPoints: 12,
  shiftLength: 7,
  trendLength: 7,
  screenOutliers: true,
});

/** One analysed point. */
export interface SpcPoint {
  /** Position in the input array (non-finite inputs are skipped, so indices can jump). */
  readonly index: number;
  readonly value: number;
  /** Whether any rule marks this point. */
  readonly specialCause: boolean;
  /**
   * Rules that mark this point, in the reference's order of precedence
   * (outside-limits, trend, two-in-three, shift); empty for common cause.
   * The arrays are shared and frozen: do not mutate.
   */
  readonly rules: readonly SpcRule[];
  readonly variation: SpcVariation;
  /**
   * Side of the first rule: "high" for above the mean or an increasing trend,
   * "low" for below or decreasing; null for common cause. Lets a caller with no
   * polarity tell the reference's special_cause_neutral_high from _low.
   */
  readonly side: "high" | "low" | null;
}

/** Result of {@link analyseSpc}. */
export type SpcResult =
  | { readonly kind: "too-few-points"; readonly points: number; readonly minimum: number }
  | {
      readonly kind: "analysed";
      readonly limits: XmrLimits;
      readonly points: readonly SpcPoint[];
      readonly latest: SpcPoint;
      readonly assurance?: SpcAssurance;
    };

const OUTSIDE = 1;
const TREND = 2;
const TWO_IN_THREE = 4;
const SHIFT = 8;
const RULES = 15;
/** Not a rule: the point is above the mean. */
const ABOVE = 16;
/** Not a rule: the point is "close to limits" (beyond two sigma, inside the limits). */
const CLOSE = 32;

/** Frozen rule lists for every combination of rule flags, in order of precedence. */
const RULE_SETS: readonly (readonly SpcRule[])[] = (() => {
  const sets: (readonly SpcRule[])[] = [];
  for (let mask = 0; mask <= RULES; mask++) {
    const rules: SpcRule[] = [];
    if (mask & OUTSIDE) rules.push("outside-limits");
    if (mask & TREND) rules.push("trend");
    if (mask & TWO_IN_THREE) rules.push("two-in-three");
    if (mask & SHIFT) rules.push("shift");
    sets.push(Object.freeze(rules));
  }
  return sets;
})();
const NO_RULES = RULE_SETS[0] as readonly SpcRule[];

// Scratch buffer of per-point flags, reused across calls (the engine is
// single-threaded and the analysis never calls out, so no call can see
// another's half-written state).
let scratch = new Uint8Array(64);

function flagBuffer(n: number): Uint8Array {
  if (scratch.length < n) {
    let size = scratch.length;
    while (size < n) size *= 2;
    scratch = new Uint8Array(size);
  }
  return scratch;
}

function lengthOption(value: number | undefined, fallback: number, least: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(least, Math.ceil(value));
}

function improvementDirection(polarity: Polarity | undefined): number {
  return polarity === "maximise" ? 1 : polarity === "minimise" ? -1 : 0;
}

/**
 * Analyses a series (oldest first) with the Making Data Count XmR rules as
 * NHSRplotthedots implements them (see the module comment for each rule's exact
 * definition and source), and judges each special cause against the polarity:
 * maximise → high is improvement, low is concern; minimise → reversed;
 * "range" or no polarity → "neither" (the reference's "neutral").
 *
 * Non-finite values (NaN, ±Infinity) are skipped: the rest are analysed as one
 * series in order (moving ranges bridge the gap) and keep their input `index`.
 * If fewer than `minimumPoints` finite values remain, the result is
 * `{ kind: "too-few-points" }` with the count of finite values. Limits are never
 * rebased. Never throws. Finite values so large that sums overflow (|x| near
 * 1e308) give non-finite limits; the comparisons then simply fail.
 *
 * Assurance (reference: R/ptd_calculate_assurance_type.R): with polarity
 * maximise, target > upper limit → consistently-fail, target < lower limit →
 * consistently-pass; minimise reversed; otherwise hit-and-miss.
 *
 * Cost: O(n) time: a finiteness pass, the limits (two passes for the mean, one
 * or two for MR̄), one pass for all four rules and one to build the points.
 * Allocates the result, the limits, one object per point (rule lists are shared
 * frozen arrays) and, only when some values are non-finite, a filtered copy.
 * A module-level scratch buffer holds the per-point flags. No sorting.
 *
 * @example
 * const r = analyseSpc([0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 100], "minimise");
 * // r.kind === "analysed"; r.limits.upperProcessLimit ≈ 83.42;
 * // r.latest → { index: 12, value: 100, specialCause: true, rules: ["outside-limits"],
 * //              variation: "concern", side: "high" }
 */
export function analyseSpc(
  values: readonly number[],
  polarity: Polarity | undefined,
  options?: SpcOptions
): SpcResult {
  const minimum = lengthOption(options?.minimumPoints, SPC_DEFAULTS.minimumPoints, 2);
  const shiftLength = lengthOption(options?.shiftLength, SPC_DEFAULTS.shiftLength, 1);
  const trendLength = lengthOption(options?.trendLength, SPC_DEFAULTS.trendLength, 2);
  const screenOutliers = options?.screenOutliers ?? SPC_DEFAULTS.screenOutliers;

  const total = values.length;
  let finite = 0;
  for (let i = 0; i < total; i++) if (Number.isFinite(values[i])) finite++;
  if (finite < minimum) return { kind: "too-few-points", points: finite, minimum };

  // y: the series analysed; positions: input index of each y (only when filtered).
  let y: ArrayLike<number> = values;
  let positions: Int32Array | undefined;
  if (finite < total) {
    const filtered = new Float64Array(finite);
    positions = new Int32Array(finite);
    let k = 0;
    for (let i = 0; i < total; i++) {
      const v = values[i] as number;
      if (Number.isFinite(v)) {
        filtered[k] = v;
        positions[k] = i;
        k++;
      }
    }
    y = filtered;
  }
  const n = finite;

  const limits = xmrLimits(y, { screenOutliers });
  const mean = limits.mean;
  const upl = limits.upperProcessLimit;
  const lpl = limits.lowerProcessLimit;
  const upper2 = limits.upperTwoSigma;
  const lower2 = limits.lowerTwoSigma;

  const flags = flagBuffer(n);

  // One pass for every rule. Shifts and trends are marked when their run reaches
  // the required length (back-filling the run) and every later point of the run
  // is marked as it comes; two-in-three is checked on the window ending at i.
  let side1 = 0; // side of the mean of point i − 1 (−1, 0, 1)
  let side2 = 0; // … of point i − 2
  let runStart = 0; // first point of the current one-side run
  let stepSign = 0; // sign of the current run of steps
  let trendStart = 0; // first point of the current monotone run
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    const d = v - mean;
    const side = d > 0 ? 1 : d < 0 ? -1 : 0;
    const outside = v > upl || v < lpl;
    let f = outside ? OUTSIDE : v < lower2 || v > upper2 ? CLOSE : 0;
    if (side > 0) f |= ABOVE;
    flags[i] = f;

    // Shift (ptd_seven_point_one_side_mean + ptd_part_of_seven_trend).
    if (side === 0) {
      runStart = i + 1;
    } else {
      if (side !== side1) runStart = i;
      const length = i - runStart + 1;
      if (length === shiftLength) {
        for (let k = runStart; k <= i; k++) flags[k] = (flags[k] as number) | SHIFT;
      } else if (length > shiftLength) {
        flags[i] = (flags[i] as number) | SHIFT;
      }
    }

    // Trend (ptd_seven_point_trend + ptd_part_of_seven_trend): strict steps only.
    if (i > 0) {
      const step = v - previous;
      const s = step > 0 ? 1 : step < 0 ? -1 : 0;
      if (s !== stepSign) {
        stepSign = s;
        trendStart = i - 1;
      }
      if (s !== 0) {
        const length = i - trendStart + 1;
        if (length === trendLength) {
          for (let k = trendStart; k <= i; k++) flags[k] = (flags[k] as number) | TREND;
        } else if (length > trendLength) {
          flags[i] = (flags[i] as number) | TREND;
        }
      }
    }

    // Two in three (ptd_two_in_three + ptd_part_of_two_in_three), window i − 2 … i.
    if (i >= 2 && side !== 0 && side1 === side && side2 === side) {
      const f0 = flags[i - 2] as number;
      const f1 = flags[i - 1] as number;
      const f2 = flags[i] as number;
      if ((f0 & CLOSE) + (f1 & CLOSE) + (f2 & CLOSE) >= 2 * CLOSE) {
        if (f0 & CLOSE) flags[i - 2] = f0 | TWO_IN_THREE;
        if (f1 & CLOSE) flags[i - 1] = f1 | TWO_IN_THREE;
        if (f2 & CLOSE) flags[i] = f2 | TWO_IN_THREE;
      }
    }

    side2 = side1;
    side1 = side;
    previous = v;
  }

  const direction = improvementDirection(polarity);
  const points: SpcPoint[] = new Array<SpcPoint>(n);
  for (let i = 0; i < n; i++) {
    const all = flags[i] as number;
    const f = all & RULES;
    const value = y[i] as number;
    const index = positions === undefined ? i : (positions[i] as number);
    if (f === 0) {
      points[i] = {
        index,
        value,
        specialCause: false,
        rules: NO_RULES,
        variation: "common",
        side: null,
      };
      continue;
    }
    let high: boolean;
    if ((f & OUTSIDE) !== 0 || (f & TREND) === 0) {
      high = (all & ABOVE) !== 0;
    } else {
      // ptd_special_cause_type: a trend point whose right neighbour is also in a
      // trend takes the direction of the step to the right, else of the step to
      // the left; "Increasing" only when that step is +1.
      const step =
        i + 1 < n && ((flags[i + 1] as number) & TREND) !== 0
          ? (y[i + 1] as number) - value
          : i > 0
            ? value - (y[i - 1] as number)
            : 0;
      high = step > 0;
    }
    const signed = high ? direction : -direction;
    points[i] = {
      index,
      value,
      specialCause: true,
      rules: RULE_SETS[f] as readonly SpcRule[],
      variation: signed > 0 ? "improvement" : signed < 0 ? "concern" : "neither",
      side: high ? "high" : "low",
    };
  }

  const latest = points[n - 1] as SpcPoint;
  const target = options?.target;
  if (direction === 0 || target === undefined || !Number.isFinite(target)) {
    return { kind: "analysed", limits, points, latest };
  }
  let assurance: SpcAssurance;
  if (target > upl) assurance = direction > 0 ? "consistently-fail" : "consistently-pass";
  else if (target < lpl) assurance = direction > 0 ? "consistently-pass" : "consistently-fail";
  else assurance = "hit-and-miss";
  return { kind: "analysed", limits, points, latest, assurance };
}
