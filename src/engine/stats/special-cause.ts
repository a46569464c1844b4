import type { Polarity } from "../polarity";
import { MOVING_RANGE_SCREEN_FACTOR } from "./moving-range";
import {
  limitsFrom,
  meanLikeR,
  XMR_LIMIT_FACTOR,
  XMR_TWO_SIGMA_FACTOR,
  type XmrLimits,
} from "./xmr";

/**
 * Special-cause detection on an XmR chart, mirroring NHSRplotthedots
 * (github.com/nhs-r-community/NHSRplotthedots, v0.2.2, commit 050b07d),
 * R/ptd_calculate_point_type.R and R/ptd_spc_standard.R. The documented choices:
 *
 * - **Limits**: mean ± 2.66 × MR̄ over every point given (never rebased). Moving
 *   ranges ≥ 3.267 × MR̄ are **screened out** of MR̄ by default, as the reference
 *   does (`screen_outliers = TRUE` in `ptd_spc()`, R/ptd_spc.R; its vignette
 *   "Deviations from Excel defaults" says so and names the Making Data Count
 *   Excel tools as the ones that do not screen). `screenOutliers: false`
 *   reproduces the Excel tools.
 * - **Outside limits**: `y > upl | y < lpl` (strict: a point exactly on a limit is not outside).
 * - **Shift** (`ptd_seven_point_one_side_mean`): 7 consecutive points all strictly
 *   above or all strictly below the mean; a point exactly **on the mean breaks
 *   the run** (`sign(y − mean)` is 0 there); every point of the run is marked
 *   (`ptd_part_of_seven_trend`).
 * - **Trend** (`ptd_seven_point_trend`): **7 consecutive points (6 steps)**, each
 *   strictly higher, or each strictly lower, than the one before; an **equal
 *   neighbour (a tie) breaks the trend** (`sign(diff(y))` is 0); every point of
 *   it is marked; a trend may cross the mean. (Some guides say "6 points
 *   increasing"; the reference counts 7 points, i.e. 6 increases.)
 * - **Two in three** (`ptd_two_in_three`, `ptd_part_of_two_in_three`): in some
 *   window of 3 consecutive points, all 3 are strictly on the same side of the
 *   mean and at least 2 are "close to limits", i.e. beyond the two-sigma line
 *   but NOT outside the process limits (`close_to_limits = !outside_limits &
 *   (y < nlpl | y > nupl)`). Only the close points are marked; the third point
 *   must be on the same side but need not be beyond two sigma. A point outside
 *   the limits does not count towards two-in-three (it is already special).
 * - **Fewer than 12 points**: no verdict (`kind: "too-few-points"`), as our
 *   methods page requires; see {@link SpcOptions.minimumPoints}.
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
   * Screen moving ranges ≥ 3.267 × MR̄ out of the limits. Default `true`, the
   * reference's default: `screen_outliers = TRUE`, R/ptd_spc.R and
   * R/ptd_spc_options.R. `false` gives the Making Data Count Excel tools' limits
   * (vignettes/deviations.Rmd, "Treatment of outlying points").
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
      /**
       * Every finite point, oldest first. Built on first read (a getter that
       * caches), so a caller that needs only `latest` pays for one point object.
       */
      readonly points: readonly SpcPoint[];
      /** The last finite point; the same object as `points[points.length − 1]`. */
      readonly latest: SpcPoint;
      readonly assurance?: SpcAssurance;
    };

// Per-point flag bits. markRules spells them as literals in its loop; keep both in step.
const OUTSIDE = 1;
const TREND = 2;
const TWO_IN_THREE = 4;
const SHIFT = 8;
const RULES = 15;
/** Not a rule: the point is above the mean. */
const ABOVE = 16;
// 32, not a rule either: the point is "close to limits" (beyond two sigma, inside the
// limits); only markRules and latestFlags use it, as a literal.

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
// single-threaded and markRules never calls out, so no call can see another's
// half-written state; each use fills the buffer before reading it).
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
 * Marks every rule in one pass over the finite values of `y` (non-finite
 * entries are skipped, so flags[k] belongs to the k-th finite value).
 *
 * Written to be branch-free on noisy data (random sides and steps would
 * otherwise mispredict several branches a point): comparisons become 0/1
 * integers and the run lengths are kept arithmetically.
 * - `run`: points in the current run strictly on one side of the mean (0 on the mean);
 * - `rise`: points in the current strictly monotone run (1 after a tie or at the start);
 * a run is marked whole when it reaches the required length (back-filled) and
 * every later point of it as it comes. Two-in-three looks at the window ending
 * at each point: all three on one side means `run ≥ 3`.
 */
function markRules(
  y: ArrayLike<number>,
  limits: XmrLimits,
  shiftLength: number,
  trendLength: number,
  flags: Uint8Array
): void {
  const mean = limits.mean;
  const upl = limits.upperProcessLimit;
  const lpl = limits.lowerProcessLimit;
  const upper2 = limits.upperTwoSigma;
  const lower2 = limits.lowerTwoSigma;
  const total = y.length;
  let side1 = 0; // side of the mean of the previous point (−1, 0, 1)
  let run = 0;
  let stepSign = 0; // sign of the previous step (0 at the start or after a tie)
  let rise = 0;
  let close1 = 0; // previous point "close to limits" (0/1)
  let close2 = 0; // … the one before
  let previous = 0;
  let k = 0;
  for (let i = 0; i < total; i++) {
    const v = +(y[i] as number);
    if (v - v !== 0) continue; // not finite
    const above = +(v > mean);
    const below = +(v < mean);
    const side = above - below;
    const outside = +(v > upl) | +(v < lpl);
    const close = (outside ^ 1) & (+(v < lower2) | +(v > upper2));

    // 0/1 flags turned into all-ones masks (−1) select without branches:
    // `x & -b` is x when b is 1 and 0 when b is 0.
    // Shift (ptd_seven_point_one_side_mean + ptd_part_of_seven_trend):
    // run + 1 on the same side as before, 1 on a new side, 0 on the mean.
    run = (((run & -(side === side1)) + 1) | 0) & -(above | below);
    // Trend (ptd_seven_point_trend + ptd_part_of_seven_trend): strict steps only;
    // rise + 1 for a step the same way as the last, 2 for a new direction, 1 after a tie.
    const step = v - previous;
    const s = k === 0 ? 0 : +(step > 0) - +(step < 0);
    const moving = -(s & 1);
    const same = -(s === stepSign);
    rise = (((((rise + 1) | 0) & same) | (2 & ~same)) & moving) | (1 & ~moving);

    // Literal bit positions (OUTSIDE 1, TREND 2, SHIFT 8, ABOVE 16, CLOSE 32): module
    // constants would be reloaded from the module context on every point.
    flags[k] =
      outside |
      (+(rise > trendLength) << 1) |
      (+(run > shiftLength) << 3) |
      (above << 4) |
      (close << 5);
    if (run === shiftLength) {
      for (let j = k - run + 1; j <= k; j++) flags[j] = (flags[j] as number) | 8;
    }
    if (rise === trendLength) {
      for (let j = k - rise + 1; j <= k; j++) flags[j] = (flags[j] as number) | 2;
    }
    // Two in three (ptd_two_in_three + ptd_part_of_two_in_three), window k − 2 … k;
    // TWO_IN_THREE is 4.
    if (close2 + close1 + close >= 2 && run >= 3) {
      flags[k - 2] = (flags[k - 2] as number) | (close2 << 2);
      flags[k - 1] = (flags[k - 1] as number) | (close1 << 2);
      flags[k] = (flags[k] as number) | (close << 2);
    }

    side1 = side;
    stepSign = s;
    close2 = close1;
    close1 = close;
    previous = v;
    k++;
  }
}

/**
 * The flags of the last finite value of `y` (at `last`), the same bits
 * {@link markRules} gives it, found by looking back only as far as its runs go:
 * - shift: the run of points strictly on its side of the mean that ends at it
 *   (a run can only be extended forwards, so it is marked iff that run is long enough);
 * - trend: the run of strict steps in its direction that ends at it;
 * - two-in-three: the only window of three that contains the last point and no
 *   padding is the one ending at it (ptd_two_in_three pads with zeros, whose
 *   `relative_to_mean` of 0 can never make |Σ sign| = 3).
 * Cost: O(shiftLength + trendLength) in the usual case (it stops as soon as a
 * run is long enough or broken), O(n) at worst.
 */
function latestFlags(
  y: readonly number[],
  last: number,
  mean: number,
  upl: number,
  lpl: number,
  upper2: number,
  lower2: number,
  shiftLength: number,
  trendLength: number
): number {
  const v = +(y[last] as number);
  const above = +(v > mean);
  const side = above - +(v < mean);
  const outside = +(v > upl) | +(v < lpl);
  const close = (outside ^ 1) & (+(v < lower2) | +(v > upper2));
  let flags = outside | (above << 4) | (close << 5);

  // Shift: the run of points strictly on the last point's side, ending at it.
  let run = side === 0 ? 0 : 1;
  for (let i = last - 1; i >= 0 && run > 0 && run < shiftLength; i--) {
    const u = +(y[i] as number);
    if (u - u !== 0) continue; // not finite
    if (+(u > mean) - +(u < mean) !== side) break;
    run++;
  }

  // Trend: the run of strict steps in the last step's direction, ending at it.
  let rise = 1;
  let later = v;
  let direction = 0;
  for (let i = last - 1; i >= 0 && rise < trendLength; i--) {
    const u = +(y[i] as number);
    if (u - u !== 0) continue; // not finite
    const step = later - u;
    const s = +(step > 0) - +(step < 0);
    if (rise === 1) direction = s;
    if (s === 0 || s !== direction) break;
    rise++;
    later = u;
  }

  // Two in three: only a "close" last point can be marked, and only by the window
  // of the last three; the two before it must be on its side, one of them close.
  if (close === 1 && side !== 0) {
    let seen = 0;
    let closeCount = 1;
    for (let i = last - 1; i >= 0 && seen < 2; i--) {
      const u = +(y[i] as number);
      if (u - u !== 0) continue; // not finite
      if (+(u > mean) - +(u < mean) !== side) break;
      const uOutside = +(u > upl) | +(u < lpl);
      closeCount += (uOutside ^ 1) & (+(u < lower2) | +(u > upper2));
      seen++;
    }
    if (seen === 2 && closeCount >= 2) flags |= TWO_IN_THREE;
  }

  if (run >= shiftLength) flags |= SHIFT;
  if (rise >= trendLength) flags |= TREND;
  return flags;
}

/**
 * One point from its flags. `step` is the step that labels a trend point
 * (ptd_special_cause_type's sdy: to its right when its right neighbour is also
 * in a trend, else from its left); it is read only for a trend point that is
 * not outside the limits.
 */
function pointOf(
  index: number,
  value: number,
  all: number,
  step: number,
  direction: number
): SpcPoint {
  const f = all & RULES;
  if (f === 0) {
    return { index, value, specialCause: false, rules: NO_RULES, variation: "common", side: null };
  }
  // "Increasing" only when the labelling step is positive; otherwise the side of the mean.
  const high = (f & OUTSIDE) !== 0 || (f & TREND) === 0 ? (all & ABOVE) !== 0 : step > 0;
  const signed = high ? direction : -direction;
  return {
    index,
    value,
    specialCause: true,
    rules: RULE_SETS[f] as readonly SpcRule[],
    variation: signed > 0 ? "improvement" : signed < 0 ? "concern" : "neither",
    side: high ? "high" : "low",
  };
}

/**
 * Every point of an analysis, for the lazy `points` getter: re-marks the rules
 * on the analysed copy (the same limits give the same flags) and builds one
 * object per finite value, reusing `latest` for the last.
 */
function materialise(
  copy: readonly number[],
  limits: XmrLimits,
  shiftLength: number,
  trendLength: number,
  direction: number,
  latest: SpcPoint
): SpcPoint[] {
  // The finite values and their input positions (the copy itself when all are finite).
  let y: readonly number[] = copy;
  let positions: number[] | undefined;
  for (let i = 0; i < copy.length; i++) {
    const v = +(copy[i] as number);
    if (v - v !== 0) {
      const finite: number[] = [];
      positions = [];
      for (let j = 0; j < copy.length; j++) {
        const u = +(copy[j] as number);
        if (u - u === 0) {
          finite.push(u);
          positions.push(j);
        }
      }
      y = finite;
      break;
    }
  }
  const n = y.length;
  const flags = flagBuffer(n);
  markRules(y, limits, shiftLength, trendLength, flags);
  const points = new Array<SpcPoint>(n);
  for (let k = 0; k < n - 1; k++) {
    const value = y[k] as number;
    const step =
      ((flags[k + 1] as number) & TREND) !== 0
        ? (y[k + 1] as number) - value
        : k > 0
          ? value - (y[k - 1] as number)
          : 0;
    const index = positions === undefined ? k : (positions[k] as number);
    points[k] = pointOf(index, value, flags[k] as number, step, direction);
  }
  points[n - 1] = latest;
  return points;
}

/**
 * The "analysed" result. `limits` and `points` are getters that build their
 * objects on first read and cache them: most callers read only `latest` (and
 * the limits only when it is a special cause), so the common case allocates
 * the result, the latest point and a copy of the input, nothing per point.
 * `toJSON` gives the plain object. (A spread `{ ...result }` copies only own
 * fields; read `limits` and `points` by name.)
 */
class SpcAnalysis {
  readonly kind: "analysed";
  readonly latest: SpcPoint;
  readonly assurance: SpcAssurance | undefined;
  readonly #mean: number;
  readonly #amr: number;
  readonly #screened: number;
  readonly #copy: readonly number[];
  readonly #shiftLength: number;
  readonly #trendLength: number;
  readonly #direction: number;
  #limits: XmrLimits | undefined;
  #points: SpcPoint[] | undefined;

  constructor(
    latest: SpcPoint,
    assurance: SpcAssurance | undefined,
    mean: number,
    amr: number,
    screened: number,
    copy: readonly number[],
    shiftLength: number,
    trendLength: number,
    direction: number
  ) {
    this.kind = "analysed";
    this.latest = latest;
    this.assurance = assurance;
    this.#mean = mean;
    this.#amr = amr;
    this.#screened = screened;
    this.#copy = copy;
    this.#shiftLength = shiftLength;
    this.#trendLength = trendLength;
    this.#direction = direction;
    this.#limits = undefined;
    this.#points = undefined;
  }

  /** The XmR limits (built on first read, then cached). */
  get limits(): XmrLimits {
    return (this.#limits ??= limitsFrom(this.#mean, this.#amr, this.#screened));
  }

  /** Every finite point, oldest first (built on first read, then cached). */
  get points(): readonly SpcPoint[] {
    return (this.#points ??= materialise(
      this.#copy,
      this.limits,
      this.#shiftLength,
      this.#trendLength,
      this.#direction,
      this.latest
    ));
  }

  toJSON(): object {
    const { kind, limits, points, latest, assurance } = this;
    return assurance === undefined
      ? { kind, limits, points, latest }
      : { kind, limits, points, latest, assurance };
  }
}

/**
 * Analyses a series (oldest first) with the Making Data Count XmR rules as
 * NHSRplotthedots implements them (see the module comment for each rule's exact
 * definition, its source, and the documented choices: MR screening on by
 * default, trends of 7 points broken by ties, shifts of 7 broken by a point on
 * the mean, two-in-three on the same side, no verdict under 12 points), and
 * judges each special cause against the polarity: maximise → high is
 * improvement, low is concern; minimise → reversed; "range" or no polarity →
 * "neither" (the reference's "neutral").
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
 * Cost: O(n) time: two passes over the input (count + Σx + moving ranges; the
 * mean's correction), a third only when a moving range is screened, then a walk
 * back from the latest point only as far as its runs go (see latestFlags).
 * Allocates the result, the latest point and a copy of the input. `limits` and
 * `points` are getters that build and cache their objects on first read
 * (`points` re-marks the rules over the copy: O(n) and one object per point,
 * with a module-level scratch buffer for the flags). The analysed result is a
 * class instance: read its fields by name (a spread copies only `kind`,
 * `latest` and `assurance`); `JSON.stringify` gives every field.
 * Results are identical, number for number, to the straightforward definition
 * (xmrLimits, one rule pass, eager points) kept in special-cause.reference.ts.
 * Values are read as `+values[i]` and tested with `v − v === 0` (for numbers the
 * same as Number.isFinite): Number.isFinite on an element of a holey double
 * array, which is what `Array.prototype.map` returns, makes V8 box every value
 * it reads (≈ 1 KB of garbage a call).
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
  let minimum: number = SPC_DEFAULTS.minimumPoints;
  let shiftLength: number = SPC_DEFAULTS.shiftLength;
  let trendLength: number = SPC_DEFAULTS.trendLength;
  let screenOutliers: boolean = SPC_DEFAULTS.screenOutliers;
  let target: number | undefined;
  if (options !== undefined) {
    minimum = lengthOption(options.minimumPoints, minimum, 2);
    shiftLength = lengthOption(options.shiftLength, shiftLength, 1);
    trendLength = lengthOption(options.trendLength, trendLength, 2);
    screenOutliers = options.screenOutliers ?? screenOutliers;
    target = options.target;
  }

  // Pass 1: how many finite values, Σx, and Σ|Δx| with the largest |Δx| (moving
  // ranges between consecutive finite values), in input order.
  const total = values.length;
  let n = 0;
  let sum = 0;
  let rangeSum = 0;
  let largest = 0;
  let previous = 0;
  let penultimate = 0;
  let lastIndex = -1;
  for (let i = 0; i < total; i++) {
    const v = +(values[i] as number);
    if (v - v !== 0) continue; // not finite
    if (n > 0) {
      const range = Math.abs(v - previous);
      rangeSum += range;
      if (range > largest) largest = range;
    }
    sum += v;
    penultimate = previous;
    previous = v;
    lastIndex = i;
    n++;
  }
  if (n < minimum) return { kind: "too-few-points", points: n, minimum };

  // Pass 2: the mean as R's mean() computes it (Σx / n, then + Σ(x − m) / n);
  // the rare overflow case goes to the scaled computation in meanLikeR.
  let mean = sum / n;
  if (Number.isFinite(mean)) {
    let correction = 0;
    for (let i = 0; i < total; i++) {
      const v = +(values[i] as number);
      if (v - v === 0) correction += v - mean;
    }
    if (Number.isFinite(correction)) mean = mean + correction / n;
  }
  if (!Number.isFinite(mean)) mean = meanLikeR(values.filter(Number.isFinite));

  // MR̄, screened once as NHSRplotthedots screens it (see meanMovingRange).
  const unscreened = rangeSum / (n - 1);
  let amr = unscreened;
  let screened = 0;
  if (screenOutliers && unscreened > 0 && !(largest < MOVING_RANGE_SCREEN_FACTOR * unscreened)) {
    const threshold = MOVING_RANGE_SCREEN_FACTOR * unscreened;
    let kept = 0;
    let keptSum = 0;
    let before = 0;
    let first = true;
    for (let i = 0; i < total; i++) {
      const v = +(values[i] as number);
      if (v - v !== 0) continue; // not finite
      const range = Math.abs(v - before);
      before = v;
      if (first) {
        first = false;
      } else if (range < threshold) {
        keptSum += range;
        kept++;
      }
    }
    amr = kept > 0 ? keptSum / kept : unscreened;
    screened = n - 1 - kept;
  }
  // The limits as limitsFrom computes them (same expressions, same doubles); the
  // limits object itself is built only if the caller reads it.
  const upl = mean + XMR_LIMIT_FACTOR * amr;
  const lpl = mean - XMR_LIMIT_FACTOR * amr;
  const upper2 = mean + XMR_TWO_SIGMA_FACTOR * amr;
  const lower2 = mean - XMR_TWO_SIGMA_FACTOR * amr;

  // The latest point alone: its rules need only the runs that end at it (see
  // latestFlags). Every other point is marked only if `points` is read.
  const direction = improvementDirection(polarity);
  const latest = pointOf(
    lastIndex,
    previous,
    latestFlags(values, lastIndex, mean, upl, lpl, upper2, lower2, shiftLength, trendLength),
    previous - penultimate,
    direction
  );

  let assurance: SpcAssurance | undefined;
  if (direction !== 0 && target !== undefined && Number.isFinite(target)) {
    if (target > upl) assurance = direction > 0 ? "consistently-fail" : "consistently-pass";
    else if (target < lpl) assurance = direction > 0 ? "consistently-pass" : "consistently-fail";
    else assurance = "hit-and-miss";
  }
  return new SpcAnalysis(
    latest,
    assurance,
    mean,
    amr,
    screened,
    values.slice(),
    shiftLength,
    trendLength,
    direction
  );
}
