/**
 * Wilson score interval for a proportion, exactly as PHEindicatormethods'
 * `phe_proportion()` computes it (github.com/ukhsa-collaboration/PHEindicatormethods,
 * R/utils.R `wilson_lower` / `wilson_upper`, called from R/Proportions.R):
 *
 * ```r
 * z <- qnorm(confidence + (1 - confidence) / 2)
 * wilson_lower <- (2*x + z^2 - z*sqrt(z^2 + 4*x*(1 - (x/n)))) / 2 / (n + z^2)
 * wilson_upper <- (2*x + z^2 + z*sqrt(z^2 + 4*x*(1 - (x/n)))) / 2 / (n + z^2)
 * ```
 *
 * References: Wilson EB (1927) J Am Stat Assoc 22:209–212; Newcombe RG, Altman DG,
 * "Proportions and their differences", in Statistics with Confidence, 2nd edn (2000), 46–48.
 */

/** z for a two-sided 95% interval: qnorm(0.975), as PHEindicatormethods uses (not rounded to 1.96). */
export const Z_95 = 1.959963984540054;

/** z for a two-sided 99.8% interval: qnorm(0.999). */
export const Z_99_8 = 3.090232306167813;

/** A proportion and its confidence interval, all as fractions (0–1). */
export interface ProportionInterval {
  readonly proportion: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Wilson score interval for `numerator / denominator`:
 * `(2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²))`.
 * The numerator need not be an integer. Always within [0, 1] for valid input.
 *
 * Invalid input (non-finite values, denominator ≤ 0, numerator < 0 or
 * numerator > denominator, z not finite or negative) gives NaN for all three
 * fields rather than an error (PHEindicatormethods stops with an error there).
 *
 * Cost: O(1).
 *
 * @example wilsonInterval(65, 100) // { proportion: 0.65, lower: 0.552544…, upper: 0.736357… }
 */
export function wilsonInterval(
  numerator: number,
  denominator: number,
  z: number = Z_95
): ProportionInterval {
  if (
    !(denominator > 0) ||
    !(numerator >= 0) ||
    !(numerator <= denominator) ||
    !Number.isFinite(denominator) ||
    !(z >= 0) ||
    !Number.isFinite(z)
  ) {
    return { proportion: NaN, lower: NaN, upper: NaN };
  }
  const x = numerator;
  const n = denominator;
  const z2 = z * z;
  const spread = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  return {
    proportion: x / n,
    lower: (2 * x + z2 - spread) / 2 / (n + z2),
    upper: (2 * x + z2 + spread) / 2 / (n + z2),
  };
}
