/**
 * Confidence intervals for counts and rates, exactly as PHEindicatormethods'
 * `phe_rate()` computes them (github.com/ukhsa-collaboration/PHEindicatormethods,
 * commit 093fd28, R/Rates.R): Byar's approximation for counts of 10 or more
 * (R/utils.R `byars_lower` / `byars_upper`), the exact Poisson interval
 * (through `qchisq`) below 10:
 *
 * ```r
 * lowercl <- if_else(x < 10, qchisq((1-confidence)/2, 2*x)/2/n*multiplier,
 *                            byars_lower(x, confidence)/n*multiplier)
 * uppercl <- if_else(x < 10, qchisq(confidence+(1-confidence)/2, 2*x+2)/2/n*multiplier,
 *                            byars_upper(x, confidence)/n*multiplier)
 * byars_lower <- x*(1-1/(9*x)-z/(3*sqrt(x)))^3            # negative values set to NA
 * byars_upper <- (x+1)*(1-1/(9*(x+1))+z/(3*sqrt(x+1)))^3  # z = qnorm(confidence+(1-confidence)/2)
 * ```
 *
 * `qchisq(p, 2k)/2` is the quantile of the gamma distribution with shape k and
 * scale 1, computed here from the regularized incomplete gamma function.
 *
 * References: Breslow NE, Day NE, Statistical methods in cancer research, vol. II
 * (IARC, 1987) for Byar's method; Armitage P, Berry G, Statistical methods in
 * medical research, 4th edn (Blackwell, 2002) for the exact interval; Loader C,
 * "Fast and accurate computation of binomial probabilities" (2000) for the
 * deviance and Stirling-error terms that keep large shapes accurate.
 */
import { Z_95, Z_99_8 } from "./wilson";

/** phe_rate uses the exact Poisson interval for counts below this, Byar's method from it up (R/Rates.R). */
export const BYAR_MIN_COUNT = 10;

/** A lower and upper confidence limit (for a count, or a rate, as the function says). */
export interface CountInterval {
  readonly lower: number;
  readonly upper: number;
}

/** The two methods {@link rateInterval} chooses between. */
export type RateMethod = "byar" | "exact-poisson";

/** A rate with its confidence interval and the method used, all per `multiplier`. */
export interface RateInterval {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  /** Which phe_rate branch applied; null for invalid input (then all numbers are NaN). */
  readonly method: RateMethod | null;
}

const NAN_INTERVAL: CountInterval = Object.freeze({ lower: NaN, upper: NaN });

/**
 * Byar's approximation to the Poisson interval for an observed count x:
 * lower `x(1 − 1/(9x) − z/(3√x))³`, upper `(x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³`
 * (PHEindicatormethods R/utils.R `byars_lower`, `byars_upper`).
 *
 * As in the reference, a negative lower limit (a very small count or a very
 * high confidence) is NaN (R's NA), and so is the lower limit at x = 0 (R's
 * 0 × −∞); the upper limit is always given. Invalid input (x negative or not
 * finite, z negative or not finite) gives NaN for both. x need not be an integer.
 *
 * Cost: O(1).
 *
 * @example byarInterval(65) // { lower: 50.163187710459…, upper: 82.849138545939… }
 */
export function byarInterval(count: number, z: number = Z_95): CountInterval {
  if (!(count >= 0) || !Number.isFinite(count) || !(z >= 0) || !Number.isFinite(z))
    return NAN_INTERVAL;
  const x = count;
  const lower = x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
  const y = x + 1;
  const upper = y * (1 - 1 / (9 * y) + z / (3 * Math.sqrt(y))) ** 3;
  return { lower: lower >= 0 ? lower : NaN, upper };
}

/**
 * The exact Poisson interval for an observed count k at a confidence level:
 * lower `qchisq(α/2, 2k)/2`, upper `qchisq(1 − α/2, 2k + 2)/2` with
 * α = 1 − confidence (phe_rate's small-count branch, R/Rates.R), i.e. the
 * gamma quantiles {@link gammaQuantile}(α/2, k) and the upper-tail
 * {@link gammaQuantile}(α/2, k + 1, false). The lower limit is 0 at k = 0.
 * k need not be an integer.
 *
 * `confidence` is a fraction strictly between 0 and 1 (0.95, not 95). Invalid
 * input (k negative or not finite, confidence outside (0, 1)) gives NaN for both.
 *
 * Accuracy: about 1e-14 relative. Cost: O(√k) per limit (a handful of
 * incomplete-gamma evaluations).
 *
 * @example exactPoissonInterval(5, 0.95) // { lower: 1.623486390118…, upper: 11.668332079322… }
 */
export function exactPoissonInterval(count: number, confidence: number): CountInterval {
  if (!(count >= 0) || !Number.isFinite(count) || !(confidence > 0 && confidence < 1))
    return NAN_INTERVAL;
  const tail = (1 - confidence) / 2;
  return {
    lower: count === 0 ? 0 : gammaQuantile(tail, count),
    upper: gammaQuantile(tail, count + 1, false),
  };
}

/**
 * A rate `count / denominator × multiplier` with its confidence interval, by
 * phe_rate's rule (PHEindicatormethods R/Rates.R `phe_rate`): the exact Poisson
 * interval ({@link exactPoissonInterval}) when count < 10, Byar's
 * ({@link byarInterval}) when count ≥ 10, each divided by the denominator and
 * multiplied by the multiplier. z for Byar's method is qnorm(confidence +
 * (1 − confidence)/2): `Z_95` and `Z_99_8` at 0.95 and 0.998, else
 * {@link normalQuantile}.
 *
 * Invalid input (count negative or not finite, denominator ≤ 0 or not finite,
 * multiplier not finite, confidence outside (0, 1)) gives NaN everywhere and
 * method null. phe_rate also accepts a confidence of 90–100 meaning a
 * percentage, and rejects one below 0.9; here confidence is always a fraction.
 *
 * Cost: O(1) for Byar's method, O(√count) for the exact one.
 *
 * @example rateInterval(20, 100, 100) // { value: 20, lower: 12.2114288348…, upper: 30.8898803691…, method: "byar" }
 */
export function rateInterval(
  count: number,
  denominator: number,
  multiplier: number,
  confidence: number = 0.95
): RateInterval {
  if (
    !(count >= 0) ||
    !Number.isFinite(count) ||
    !(denominator > 0) ||
    !Number.isFinite(denominator) ||
    !Number.isFinite(multiplier) ||
    !(confidence > 0 && confidence < 1)
  )
    return { value: NaN, lower: NaN, upper: NaN, method: null };
  const exact = count < BYAR_MIN_COUNT;
  const limits = exact
    ? exactPoissonInterval(count, confidence)
    : byarInterval(count, zForConfidence(confidence));
  return {
    value: (count / denominator) * multiplier,
    lower: (limits.lower / denominator) * multiplier,
    upper: (limits.upper / denominator) * multiplier,
    method: exact ? "exact-poisson" : "byar",
  };
}

/** qnorm(confidence + (1 − confidence)/2), with PHE's constants at 95% and 99.8%. */
function zForConfidence(confidence: number): number {
  if (confidence === 0.95) return Z_95;
  if (confidence === 0.998) return Z_99_8;
  return normalQuantile(confidence + (1 - confidence) / 2);
}

// ---------------------------------------------------------------------------------------------
// Special functions: ln Γ, the regularized incomplete gamma function and its inverse, and the
// standard normal quantile.

const LN_SQRT_2PI = 0.9189385332046728; // ln √(2π)

/** Lanczos coefficients, g = 7, n = 9 (Numerical Recipes 3rd edn; Godfrey). */
const LANCZOS: readonly number[] = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** From this shape up, ln Γ and the gamma density use Stirling's series and Loader's deviance. */
const STIRLING_FROM = 15;

/**
 * Stirling's error term s(a) = ln Γ(a) − (a − ½) ln a + a − ln √(2π) for a ≥ 15,
 * by its asymptotic series (six terms: truncation below 1e-17 there).
 */
function stirlingError(a: number): number {
  const r = 1 / a;
  const r2 = r * r;
  return (
    r *
    (1 / 12 -
      r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360))))))
  );
}

/**
 * ln Γ(a) for a > 0: Lanczos' approximation below 15 (through ln Γ(a + 1) − ln a
 * below ½), Stirling's series from 15. NaN for a ≤ 0 or NaN; Infinity at Infinity.
 * Accuracy about 1e-15 (absolute below 15, relative above).
 *
 * Cost: O(1).
 *
 * @example logGamma(10) // 12.80182748008147 (ln 9!)
 */
export function logGamma(a: number): number {
  if (!(a > 0)) return NaN;
  if (a === Infinity) return Infinity;
  if (a < 0.5) return logGamma(a + 1) - Math.log(a);
  if (a >= STIRLING_FROM) return (a - 0.5) * Math.log(a) - a + LN_SQRT_2PI + stirlingError(a);
  const z = a - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Loader's deviance term a ln(a/x) + x − a, computed without cancellation when
 * x is near a (the series in v = (a − x)/(a + x)).
 */
function deviance(a: number, x: number): number {
  const difference = a - x;
  if (Math.abs(difference) < 0.1 * (a + x)) {
    const v = difference / (a + x);
    const v2 = v * v;
    let s = difference * v;
    let term = 2 * a * v;
    for (let j = 1; j < 1000; j++) {
      term *= v2;
      const next = s + term / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return a * Math.log(a / x) + x - a;
}

/** ln(xᵃ e⁻ˣ / Γ(a)), the common factor of P(a, x), Q(a, x) and x × density. */
function logPrefactor(a: number, x: number): number {
  if (a >= STIRLING_FROM)
    return 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingError(a) - deviance(a, x);
  return a * Math.log(x) - x - logGamma(a);
}

const EPSILON = 1e-17;
const TINY = 1e-300;
const MAX_TERMS = 100_000_000;

/** The lower and upper regularized incomplete gamma functions, P + Q = 1. */
interface GammaTails {
  readonly lower: number;
  readonly upper: number;
}

/**
 * The regularized incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and
 * Q(a, x) = 1 − P(a, x) for shape a > 0 and x ≥ 0: by the power series when
 * x < a + 1 (P accurate, Q = 1 − P), by Lentz's continued fraction otherwise
 * (Q accurate, P = 1 − Q), as in Numerical Recipes §6.2. NaN for a ≤ 0 or x < 0.
 *
 * Cost: O(√a + 1) terms near x ≈ a, fewer elsewhere.
 *
 * @example regularizedGamma(1, 2).upper // e⁻² = 0.1353352832366127
 */
export function regularizedGamma(a: number, x: number): GammaTails {
  if (!(a > 0) || !(x >= 0) || a === Infinity) return { lower: NaN, upper: NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  const prefactor = Math.exp(logPrefactor(a, x));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    let shape = a;
    for (let n = 0; n < MAX_TERMS; n++) {
      shape += 1;
      term *= x / shape;
      sum += term;
      if (term < sum * EPSILON) break;
    }
    const lower = Math.min(1, sum * prefactor);
    return { lower, upper: 1 - lower };
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) break;
  }
  const upper = Math.min(1, prefactor * h);
  return { lower: 1 - upper, upper };
}

/**
 * A rough normal quantile for a starting point: Abramowitz and Stegun 26.2.23
 * (absolute error below 4.5e-4), for 0 < p < 1.
 */
function roughNormalQuantile(p: number): number {
  const tail = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(tail));
  const z =
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  return p < 0.5 ? -z : z;
}

/**
 * The gamma quantile for shape a (scale 1): the x with P(a, x) = p, or with
 * Q(a, x) = p when `lowerTail` is false (as R's `qgamma(p, a, lower.tail = FALSE)`;
 * pass the small tail for full accuracy). `qchisq(p, df)` is `2 × gammaQuantile(p, df/2)`.
 *
 * Starts from the Wilson–Hilferty approximation (or x ≈ (p Γ(a + 1))^(1/a)
 * when that is not positive) and refines by Newton's method inside a bracket
 * that falls back to bisection, to about 1e-15 relative.
 *
 * Edge cases: p = 0 gives 0 (Infinity for the upper tail), p = 1 Infinity (0);
 * NaN for a ≤ 0, a not finite, or p outside [0, 1].
 *
 * Cost: a few (typically 3–6) {@link regularizedGamma} evaluations.
 *
 * @example gammaQuantile(0.025, 1) // −ln(0.975) = 0.025317807984289…
 */
export function gammaQuantile(p: number, a: number, lowerTail = true): number {
  if (!(a > 0) || a === Infinity || !(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return lowerTail ? 0 : Infinity;
  if (p === 1) return lowerTail ? Infinity : 0;

  // Start: Wilson–Hilferty, x = a(1 − 1/(9a) + z/(3√a))³ with z the normal quantile of P.
  const z = roughNormalQuantile(lowerTail ? p : 1 - p);
  const base = 1 - 1 / (9 * a) + z / (3 * Math.sqrt(a));
  let x =
    base > 0
      ? a * base * base * base
      : Math.exp((Math.log(lowerTail ? p : 1 - p) + logGamma(a + 1)) / a);
  if (!(x > 0) || x === Infinity) x = a;

  // Newton on g(x) = P(a, x) − p (or p − Q(a, x)), increasing in x, kept inside [lo, hi].
  let lo = 0;
  let hi = Infinity;
  for (let iteration = 0; iteration < 2000; iteration++) {
    const tails = regularizedGamma(a, x);
    const g = lowerTail ? tails.lower - p : p - tails.upper;
    if (g === 0) return x;
    if (g < 0) lo = x;
    else hi = x;
    const density = Math.exp(logPrefactor(a, x)) / x;
    let next = x - g / density;
    if (!(next > lo && next < hi)) {
      // Newton left the bracket: bisect (geometrically when the bracket spans decades).
      if (hi === Infinity) next = x * 2;
      else if (lo === 0) next = hi / 2;
      else next = hi / lo > 4 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    }
    if (Math.abs(next - x) <= 2e-16 * x || hi - lo <= 4e-16 * lo) return next;
    x = next;
  }
  return x;
}

/**
 * The standard normal quantile (R's `qnorm(p)`), through the chi-square with one
 * degree of freedom: for p < ½, z = −√(2 Q⁻¹(½, 2p)), as P(Z < −t) = Q(½, t²/2)/2;
 * symmetric above ½. About 1e-15 relative (less near p = 1, where 1 − p loses digits).
 * ±Infinity at 0 and 1; NaN outside [0, 1].
 *
 * Cost: a few incomplete-gamma evaluations.
 *
 * @example normalQuantile(0.975) // 1.9599639845400545 (R's qnorm: 1.959963984540054)
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0.5) return 0;
  const small = p < 0.5 ? p : 1 - p;
  const t = gammaQuantile(2 * small, 0.5, false);
  const z = Math.sqrt(2 * t);
  return p < 0.5 ? -z : z;
}
