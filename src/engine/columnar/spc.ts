import { MOVING_RANGE_SCREEN_FACTOR } from "../stats/moving-range";
import { SPC_DEFAULTS, type SpcOptions } from "../stats/special-cause";
import { meanLikeR, XMR_LIMIT_FACTOR, XMR_TWO_SIGMA_FACTOR } from "../stats/xmr";

/**
 * XmR special-cause rules on the latest point of one row of a columnar table,
 * with exactly the numbers and rules of `analyseSpc` (NHSRplotthedots'
 * definitions; see stats/special-cause.ts): non-finite values skipped, the mean
 * as R computes it, MR̄ with moving ranges ≥ 3.267 × MR̄ screened out (by
 * default), limits mean ± 2.66 × MR̄, and the latest point's outside-limits,
 * shift, trend and two-in-three rules found by walking back only as far as its
 * runs go. Fewer finite points than the minimum (default 12) give no verdict.
 */

/** Rule bits of a latest point (as `analyseSpc` marks them). */
export const SPC_OUTSIDE = 1;
export const SPC_TREND = 2;
export const SPC_TWO_IN_THREE = 4;
export const SPC_SHIFT = 8;
/** Not a rule: the point's first rule puts it high (above the mean, or an increasing trend). */
export const SPC_HIGH = 16;

/** `SpcResult` kinds by code: 0 not analysed (no latest value), 1 too few points, 2 analysed. */
export const SPC_NOT_ANALYSED = 0;
export const SPC_TOO_FEW = 1;
export const SPC_ANALYSED = 2;

/** Variations by code (`SpcVariation`): 0 common, 1 improvement, 2 concern, 3 neither. */
export const SPC_VARIATION_CODES = ["common", "improvement", "concern", "neither"] as const;

/** The rule lengths `analyseSpc` would use, from its options (rounded up, with its floors). */
export interface SpcSettings {
  readonly minimumPoints: number;
  readonly shiftLength: number;
  readonly trendLength: number;
  readonly screenOutliers: boolean;
}

function lengthOption(value: number | undefined, fallback: number, least: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(least, Math.ceil(value));
}

/** `analyseSpc`'s reading of its options. @example spcSettings({ minimumPoints: 1 }).minimumPoints // 2 */
export function spcSettings(options: SpcOptions | undefined): SpcSettings {
  return {
    minimumPoints: lengthOption(options?.minimumPoints, SPC_DEFAULTS.minimumPoints, 2),
    shiftLength: lengthOption(options?.shiftLength, SPC_DEFAULTS.shiftLength, 1),
    trendLength: lengthOption(options?.trendLength, SPC_DEFAULTS.trendLength, 2),
    screenOutliers: options?.screenOutliers ?? SPC_DEFAULTS.screenOutliers,
  };
}

/** Where {@link spcLatestAt} writes one row's verdict (each array indexed by row). */
export interface SpcColumns {
  /** SPC_NOT_ANALYSED, SPC_TOO_FEW or SPC_ANALYSED. */
  readonly spcKind: Uint8Array;
  /** The latest point's rule bits, with SPC_HIGH; 0 for common cause. */
  readonly spcLatest: Uint8Array;
  /** A `SPC_VARIATION_CODES` code. */
  readonly spcVariation: Uint8Array;
  /** Finite points in the row. */
  readonly spcPoints: Uint16Array;
  /** The chart's mean and MR̄ (after screening); NaN when not analysed. */
  readonly spcMean: Float64Array;
  readonly spcMeanMovingRange: Float64Array;
  /** Moving ranges screened out. */
  readonly spcScreened: Uint16Array;
}

/**
 * Analyses row `r`'s values `values[base] … values[base + count − 1]` (oldest
 * first) with `direction` 1 (maximise), −1 (minimise) or 0 (neither), and writes
 * its verdict at `r` in `out`. The caller analyses only rows whose latest value
 * is a number, as the workbook does.
 *
 * Cost: O(count): two passes (three when a moving range is screened) and a walk
 * back of at most shiftLength + trendLength points in the usual case. No
 * allocation (but for a mean whose sum overflows, near 1e308).
 *
 * @example
 * // values 0, 20, 0, 20, … (12 points) then 100, direction −1:
 * // spcKind SPC_ANALYSED, spcLatest SPC_OUTSIDE | SPC_HIGH, spcVariation 2 (concern)
 */
export function spcLatestAt(
  values: Float64Array,
  base: number,
  count: number,
  direction: number,
  settings: SpcSettings,
  out: SpcColumns,
  r: number
): void {
  const end = base + count;
  // Pass 1: the sums of the values and of the moving ranges. First as if every
  // value were a number (the usual row): a finite sum says they all are (a NaN
  // or an infinity would leave it NaN or infinite), and the sums are then the
  // ones the skipping pass below gives, term for term.
  let n = count;
  let sum = 0;
  let rangeSum = 0;
  let previous = values[base]!;
  sum += previous;
  for (let i = base + 1; i < end; i++) {
    const v = values[i]!;
    rangeSum += Math.abs(v - previous);
    sum += v;
    previous = v;
  }
  let penultimate = count > 1 ? values[end - 2]! : 0;
  let lastIndex = end - 1;
  if (sum - sum !== 0) {
    n = 0;
    sum = 0;
    rangeSum = 0;
    previous = 0;
    penultimate = 0;
    lastIndex = -1;
    for (let i = base; i < end; i++) {
      const v = values[i]!;
      if (v - v !== 0) continue; // not finite
      if (n > 0) rangeSum += Math.abs(v - previous);
      sum += v;
      penultimate = previous;
      previous = v;
      lastIndex = i;
      n++;
    }
  }
  out.spcPoints[r] = n;
  if (n < settings.minimumPoints) {
    out.spcKind[r] = SPC_TOO_FEW;
    out.spcLatest[r] = 0;
    out.spcVariation[r] = 0;
    out.spcMean[r] = NaN;
    out.spcMeanMovingRange[r] = NaN;
    out.spcScreened[r] = 0;
    return;
  }
  // Pass 2: the mean's correction (as R's mean() computes it), and whether any
  // moving range reaches the screening threshold (analyseSpc's `!(largest < threshold)`,
  // found here without a running maximum's unpredictable branch in pass 1: tried,
  // 7% slower); in a row with every value a number without the finiteness test.
  const unscreened = rangeSum / (n - 1);
  const threshold = MOVING_RANGE_SCREEN_FACTOR * unscreened;
  let mean = sum / n;
  const meanFinite = Number.isFinite(mean);
  let correction = 0;
  let reaches = 0;
  if (n === count) {
    let before = values[base]!;
    correction += before - mean;
    for (let i = base + 1; i < end; i++) {
      const v = values[i]!;
      correction += v - mean;
      reaches |= +(Math.abs(v - before) >= threshold);
      before = v;
    }
  } else {
    let before = NaN;
    for (let i = base; i < end; i++) {
      const v = values[i]!;
      if (v - v !== 0) continue; // not finite
      correction += v - mean;
      reaches |= +(Math.abs(v - before) >= threshold);
      before = v;
    }
  }
  if (meanFinite && Number.isFinite(correction)) mean = mean + correction / n;
  if (!Number.isFinite(mean)) mean = meanLikeR(values.subarray(base, end).filter(Number.isFinite));

  let amr = unscreened;
  let screened = 0;
  if (settings.screenOutliers && unscreened > 0 && reaches === 1) {
    let kept = 0;
    let keptSum = 0;
    let last = 0;
    let first = true;
    for (let i = base; i < end; i++) {
      const v = values[i]!;
      if (v - v !== 0) continue;
      const range = Math.abs(v - last);
      last = v;
      if (first) first = false;
      else if (range < threshold) {
        keptSum += range;
        kept++;
      }
    }
    amr = kept > 0 ? keptSum / kept : unscreened;
    screened = n - 1 - kept;
  }
  const upl = mean + XMR_LIMIT_FACTOR * amr;
  const lpl = mean - XMR_LIMIT_FACTOR * amr;
  const upper2 = mean + XMR_TWO_SIGMA_FACTOR * amr;
  const lower2 = mean - XMR_TWO_SIGMA_FACTOR * amr;

  // The latest point's rules (special-cause.ts latestFlags).
  const v = previous;
  const above = +(v > mean);
  const side = above - +(v < mean);
  const outside = +(v > upl) | +(v < lpl);
  const close = (outside ^ 1) & (+(v < lower2) | +(v > upper2));
  let flags = outside;
  const shiftLength = settings.shiftLength;
  const trendLength = settings.trendLength;
  let run = side === 0 ? 0 : 1;
  for (let i = lastIndex - 1; i >= base && run > 0 && run < shiftLength; i--) {
    const u = values[i]!;
    if (u - u !== 0) continue;
    if (+(u > mean) - +(u < mean) !== side) break;
    run++;
  }
  let rise = 1;
  let later = v;
  let trendDirection = 0;
  for (let i = lastIndex - 1; i >= base && rise < trendLength; i--) {
    const u = values[i]!;
    if (u - u !== 0) continue;
    const step = later - u;
    const s = +(step > 0) - +(step < 0);
    if (rise === 1) trendDirection = s;
    if (s === 0 || s !== trendDirection) break;
    rise++;
    later = u;
  }
  if (close === 1 && side !== 0) {
    let seen = 0;
    let closeCount = 1;
    for (let i = lastIndex - 1; i >= base && seen < 2; i--) {
      const u = values[i]!;
      if (u - u !== 0) continue;
      if (+(u > mean) - +(u < mean) !== side) break;
      const uOutside = +(u > upl) | +(u < lpl);
      closeCount += (uOutside ^ 1) & (+(u < lower2) | +(u > upper2));
      seen++;
    }
    if (seen === 2 && closeCount >= 2) flags |= SPC_TWO_IN_THREE;
  }
  if (run >= shiftLength) flags |= SPC_SHIFT;
  if (rise >= trendLength) flags |= SPC_TREND;

  // The point's direction (special-cause.ts pointOf): the side of the mean, or the
  // last step for a trend point that is not outside the limits.
  let variation = 0;
  if (flags !== 0) {
    const high =
      (flags & SPC_OUTSIDE) !== 0 || (flags & SPC_TREND) === 0 ? above === 1 : v - penultimate > 0;
    if (high) flags |= SPC_HIGH;
    const signed = high ? direction : -direction;
    variation = signed > 0 ? 1 : signed < 0 ? 2 : 3;
  }
  out.spcKind[r] = SPC_ANALYSED;
  out.spcLatest[r] = flags;
  out.spcVariation[r] = variation;
  out.spcMean[r] = mean;
  out.spcMeanMovingRange[r] = amr;
  out.spcScreened[r] = screened;
}
