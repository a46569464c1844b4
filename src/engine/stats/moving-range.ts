/**
 * Moving ranges of a series, and their mean with the optional outlier screening
 * used by the NHS "Making Data Count" XmR chart.
 *
 * Reference implementation: NHSRplotthedots (github.com/nhs-r-community/NHSRplotthedots,
 * R/ptd_spc_standard.R, version 0.2.2, commit 050b07d):
 *
 * ```r
 * mr  = c(NA, abs(diff(.data$fix_y))),
 * amr = mean(.data$mr, na.rm = TRUE),
 * mr  = dplyr::case_when(
 *   !options$screen_outliers ~ .data$mr,
 *   .data$mr < 3.267 * .data$amr ~ .data$mr,
 *   TRUE ~ as.numeric(NA)
 * ),
 * amr = mean(.data$mr, na.rm = TRUE),
 * ```
 */

/**
 * Screening factor for moving ranges: D4 = 3.267, the upper range limit for
 * subgroups of two. A moving range is kept only when it is strictly below
 * 3.267 × MR̄ (so one exactly at the limit is screened out).
 *
 * Source: `.data$mr < 3.267 * .data$amr` in R/ptd_spc_standard.R,
 * nhs-r-community/NHSRplotthedots. PowerBI-SPC screens the same way
 * (`consec_diff[i] < consec_diff_ulim`, src/Limit Calculations/i.ts,
 * AUS-DOH-Safety-and-Quality/PowerBI-SPC).
 */
export const MOVING_RANGE_SCREEN_FACTOR = 3.267;

/**
 * Moving ranges: `mr[i − 1] = |x[i] − x[i − 1]|` for i = 1 … n − 1.
 * A series of n values has n − 1 moving ranges; fewer than two values have none.
 *
 * Cost: O(n) time, O(n) memory.
 *
 * @example movingRanges([3, 5, 4, 8]) // [2, 1, 4]
 */
export function movingRanges(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) {
    out.push(Math.abs((values[i] as number) - (values[i - 1] as number)));
  }
  return out;
}

/** The mean moving range, before and after screening. */
export interface MeanMovingRange {
  /** MR̄ used for limits: after screening when screening is on, else the plain mean. */
  readonly meanMovingRange: number;
  /** Mean of all n − 1 moving ranges (the value the screening threshold is based on). */
  readonly unscreenedMeanMovingRange: number;
  /** How many moving ranges screening dropped (0 when screening is off). */
  readonly screenedMovingRanges: number;
}

/**
 * Mean moving range MR̄ = Σ|x[i] − x[i−1]| / (n − 1). With `screenOutliers`
 * (the reference's default, `screen_outliers = TRUE` in `ptd_spc()`; the Making
 * Data Count Excel tools do not screen), moving ranges that are not strictly below
 * 3.267 × MR̄ are dropped and MR̄ is recomputed once from the rest, exactly as
 * NHSRplotthedots does (one pass, not iterated).
 *
 * One deliberate difference: when every moving range is 0 (a constant series)
 * the reference drops them all (`0 < 0` is false) and its MR̄ becomes NaN; here
 * nothing is dropped and MR̄ stays 0, so the limits collapse onto the mean.
 *
 * Fewer than two values give NaN. Non-finite values propagate (NaN in, NaN out).
 * Allocates nothing but the result.
 *
 * Cost: O(n) time (one pass, or two when something is screened), O(1) extra memory.
 *
 * @example meanMovingRange([1, 2, 1, 2, 1, 2, 1, 20]).meanMovingRange // 1 (the range of 19 is screened)
 * @example meanMovingRange([1, 2, 1, 2, 1, 2, 1, 20], false).meanMovingRange // 25 / 7
 */
export function meanMovingRange(
  values: ArrayLike<number>,
  screenOutliers: boolean = true
): MeanMovingRange {
  const n = values.length;
  if (n < 2) {
    return { meanMovingRange: NaN, unscreenedMeanMovingRange: NaN, screenedMovingRanges: 0 };
  }
  let sum = 0;
  let largest = 0;
  let previous = values[0] as number;
  for (let i = 1; i < n; i++) {
    const current = values[i] as number;
    const range = Math.abs(current - previous);
    sum += range;
    if (range > largest) largest = range;
    previous = current;
  }
  const unscreened = sum / (n - 1);
  // Nothing to screen when even the largest range is under the threshold (the usual case).
  if (!screenOutliers || !(unscreened > 0) || largest < MOVING_RANGE_SCREEN_FACTOR * unscreened) {
    return {
      meanMovingRange: unscreened,
      unscreenedMeanMovingRange: unscreened,
      screenedMovingRanges: 0,
    };
  }
  const threshold = MOVING_RANGE_SCREEN_FACTOR * unscreened;
  let kept = 0;
  let keptSum = 0;
  previous = values[0] as number;
  for (let i = 1; i < n; i++) {
    const current = values[i] as number;
    const range = Math.abs(current - previous);
    previous = current;
    if (range < threshold) {
      keptSum += range;
      kept++;
    }
  }
  return {
    // kept > 0 whenever unscreened > 0 and finite: not every range can reach 3.267 × their mean.
    meanMovingRange: kept > 0 ? keptSum / kept : unscreened,
    unscreenedMeanMovingRange: unscreened,
    screenedMovingRanges: n - 1 - kept,
  };
}
