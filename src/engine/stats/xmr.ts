import { meanMovingRange } from "./moving-range";

/**
 * XmR (individuals) chart limits, as NHS England's "Making Data Count" and its
 * reference implementation NHSRplotthedots compute them
 * (github.com/nhs-r-community/NHSRplotthedots, R/ptd_spc_standard.R, v0.2.2):
 *
 * ```r
 * limit <- 2.66
 * limitclose <- 2 * (limit / 3)
 * mean_col = mean(.data$fix_y, na.rm = TRUE),
 * lpl  = .data$mean_col - (limit * .data$amr),
 * upl  = .data$mean_col + (limit * .data$amr),
 * nlpl = .data$mean_col - (limitclose * .data$amr),
 * nupl = .data$mean_col + (limitclose * .data$amr),
 * ```
 *
 * The mean is of all points (screening never touches it); only MR̄ is screened.
 * 2.66 = 3 / d2 with d2 = 1.128, rounded as Making Data Count rounds it, so one
 * sigma is 2.66 / 3 × MR̄ (≈ MR̄ / 1.1278), not MR̄ / 1.128.
 */

/**
 * E2 = 2.66: process limits are mean ± 2.66 × MR̄.
 * Source: `limit <- 2.66`, R/ptd_spc_standard.R, nhs-r-community/NHSRplotthedots.
 */
export const XMR_LIMIT_FACTOR = 2.66;

/**
 * Two-sigma factor 2 × (2.66 / 3): the "close to limits" band used by the
 * two-in-three rule. Source: `limitclose <- 2 * (limit / 3)`, R/ptd_spc_standard.R,
 * nhs-r-community/NHSRplotthedots.
 */
export const XMR_TWO_SIGMA_FACTOR = 2 * (XMR_LIMIT_FACTOR / 3);

/** One-sigma factor 2.66 / 3. */
export const XMR_SIGMA_FACTOR = XMR_LIMIT_FACTOR / 3;

/**
 * Arithmetic mean computed as R's `mean()` does: Σx / n, then corrected by
 * Σ(x − m) / n, so that a constant series has exactly its value as mean (a plain
 * sum of twelve 0.1s divided by 12 is 0.10000000000000002, which would put every
 * point "below the mean" and fake a shift). If Σx overflows, the values are
 * scaled by 2⁻³² (exact for doubles) and the mean scaled back.
 */
export function meanLikeR(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  const mean = scaledMean(values, 1);
  return Number.isFinite(mean) ? mean : scaledMean(values, 2 ** -32) * 2 ** 32;
}

function scaledMean(values: ArrayLike<number>, scale: number): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (values[i] as number) * scale;
  const mean = sum / n;
  if (!Number.isFinite(mean)) return mean;
  let correction = 0;
  for (let i = 0; i < n; i++) correction += (values[i] as number) * scale - mean;
  return Number.isFinite(correction) ? mean + correction / n : mean;
}

/** Limits of an XmR chart. */
export interface XmrLimits {
  /** Mean of all the points (the centre line). */
  readonly mean: number;
  /** MR̄ used for the limits (after screening, when screening is on). */
  readonly meanMovingRange: number;
  /** mean + 2.66 × MR̄. */
  readonly upperProcessLimit: number;
  /** mean − 2.66 × MR̄. */
  readonly lowerProcessLimit: number;
  /** One sigma: 2.66 / 3 × MR̄. */
  readonly sigma: number;
  /** mean + 2 × (2.66 / 3) × MR̄. */
  readonly upperTwoSigma: number;
  /** mean − 2 × (2.66 / 3) × MR̄. */
  readonly lowerTwoSigma: number;
  /** How many moving ranges the screening dropped (0 with screening off). */
  readonly screenedMovingRanges: number;
}

/** Options for {@link xmrLimits}. */
export interface XmrOptions {
  /**
   * Drop moving ranges ≥ 3.267 × MR̄ before computing the limits. Default `true`,
   * as `screen_outliers = TRUE` in `ptd_spc()` (R/ptd_spc.R) and
   * `ptd_spc_options()` (R/ptd_spc_options.R), nhs-r-community/NHSRplotthedots; its
   * vignette "Deviations from Excel defaults" (vignettes/deviations.Rmd) documents this
   * default and says the Making Data Count Excel tools do not screen: pass `false` to
   * reproduce them.
   */
  readonly screenOutliers?: boolean;
}

/**
 * XmR chart limits of a series (oldest first):
 * - mean x̄ = Σx / n (with R's correction pass, so a constant series has its own value as mean);
 * - MR̄ = mean of |x[i] − x[i−1]|, optionally screened (see {@link meanMovingRange});
 * - process limits x̄ ± 2.66 × MR̄; sigma = 2.66 / 3 × MR̄; two-sigma lines x̄ ± 2 × sigma.
 *
 * No rebasing: the limits always come from every value given. Values should be
 * finite; fewer than two values give NaN limits (an empty series a NaN mean).
 *
 * Cost: O(n) time (four passes), O(1) extra memory.
 *
 * @example
 * const l = xmrLimits([10, 12, 11, 14, 9]);
 * // l.mean 11.2, l.meanMovingRange 2.75, l.upperProcessLimit 18.515, l.lowerProcessLimit 3.885
 */
export function xmrLimits(values: ArrayLike<number>, options?: XmrOptions): XmrLimits {
  const mean = meanLikeR(values);
  const mr = meanMovingRange(values, options?.screenOutliers ?? true);
  return limitsFrom(mean, mr.meanMovingRange, mr.screenedMovingRanges);
}

/**
 * The limits object for a given mean and MR̄ (mean ± 2.66 × MR̄, sigma 2.66 / 3 × MR̄,
 * two-sigma lines mean ± 2 × sigma). Shared by {@link xmrLimits} and the fast path of
 * `analyseSpc`, so both build the same numbers with the same expressions.
 */
export function limitsFrom(mean: number, amr: number, screenedMovingRanges: number): XmrLimits {
  return {
    mean,
    meanMovingRange: amr,
    upperProcessLimit: mean + XMR_LIMIT_FACTOR * amr,
    lowerProcessLimit: mean - XMR_LIMIT_FACTOR * amr,
    sigma: XMR_SIGMA_FACTOR * amr,
    upperTwoSigma: mean + XMR_TWO_SIGMA_FACTOR * amr,
    lowerTwoSigma: mean - XMR_TWO_SIGMA_FACTOR * amr,
    screenedMovingRanges,
  };
}
