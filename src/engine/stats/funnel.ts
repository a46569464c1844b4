/**
 * Funnel plot for proportions (Spiegelhalter DJ, "Funnel plots for comparing
 * institutional performance", Statistics in Medicine 2005;24:1185–1202):
 * each unit's proportion is compared with control limits around the pooled
 * target p0 that narrow as its denominator grows.
 */

/** Spiegelhalter's z for 95% limits (two-sided), as our methods page states it. */
export const FUNNEL_Z_95 = 1.96;
/** Spiegelhalter's z for 99.8% limits (two-sided), as our methods page states it. */
export const FUNNEL_Z_99_8 = 3.09;

/** Lower and upper control limit for one denominator, clamped to [0, 1]. */
export interface FunnelLimits {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Control limits around target proportion `p0` for a unit with denominator `n`
 * at normal deviate `z`: p0 ± z √(p0(1 − p0)/n), clamped to [0, 1].
 *
 * PHEindicatormethods draws its proportion funnels with `sigma_adjustment()`
 * (R/utils.R, used by `calculate_funnel_limits` and `assign_funnel_significance`
 * in R/Funnels.R, ukhsa-collaboration/PHEindicatormethods). Its expression
 * simplifies algebraically to this same p0 ± z √(p0(1 − p0)/n), with
 * z = qnorm(0.975) and qnorm(0.999); passing those z values (`Z_95`, `Z_99_8`
 * from ./wilson) reproduces its published test outputs.
 *
 * NaN limits if p0 is outside [0, 1], n ≤ 0, or an input is not finite.
 *
 * Cost: O(1).
 *
 * @example funnelLimits(0.2, 100, 1.96) // { lower: 0.1216, upper: 0.2784 }
 */
export function funnelLimits(p0: number, n: number, z: number): FunnelLimits {
  if (!(p0 >= 0 && p0 <= 1) || !(n > 0) || !Number.isFinite(n) || !Number.isFinite(z)) {
    return { lower: NaN, upper: NaN };
  }
  const half = Math.abs(z) * Math.sqrt((p0 * (1 - p0)) / n);
  return { lower: Math.max(0, p0 - half), upper: Math.min(1, p0 + half) };
}

/** A unit (district) to place on the funnel. */
export interface FunnelUnit {
  readonly numerator: number;
  readonly denominator: number;
}

/** Where a unit falls on the funnel. */
export type FunnelBand = "within" | "outside-95" | "outside-99.8";

/** One unit's place on the funnel, in input order. */
export type FunnelUnitResult =
  | {
      readonly index: number;
      /** Denominator ≤ 0, a non-finite value, numerator < 0 or numerator > denominator. */
      readonly band: "not-comparable";
    }
  | {
      readonly index: number;
      /** "outside-99.8" is a flag; "outside-95" only a note (our methods page). */
      readonly band: FunnelBand;
      readonly proportion: number;
      readonly denominator: number;
      readonly lower95: number;
      readonly upper95: number;
      readonly lower998: number;
      readonly upper998: number;
      /** "high" above the upper limit, "low" below the lower one; null when within. */
      readonly direction: "high" | "low" | null;
    };

/** Result of {@link funnelProportions}. */
export interface FunnelResult {
  /** The target: Σ numerator / Σ denominator over the comparable units, or `options.target`. */
  readonly p0: number;
  readonly units: FunnelUnitResult[];
}

/** Options for {@link funnelProportions}. */
export interface FunnelOptions {
  /**
   * z for the inner (95%) limits. Default 1.96 (methods page; Spiegelhalter 2005).
   * PHEindicatormethods uses qnorm(0.975) = 1.959963984540054 (`Z_95`).
   */
  readonly z95?: number;
  /**
   * z for the outer (99.8%) limits. Default 3.09 (methods page; Spiegelhalter 2005).
   * PHEindicatormethods uses qnorm(0.999) = 3.090232306167813 (`Z_99_8`).
   */
  readonly z998?: number;
  /**
   * A fixed target proportion (e.g. England's) instead of the pooled p0.
   * Ignored unless finite and within [0, 1].
   */
  readonly target?: number;
}

/**
 * Places units on a proportions funnel plot:
 * p0 = Σ numerator / Σ denominator over comparable units (or `options.target`);
 * for each unit p = numerator / denominator, limits p0 ± z √(p0(1 − p0)/n) at
 * z = 1.96 and 3.09, clamped to [0, 1]; the band is
 * "outside-99.8" when p is strictly outside the 99.8% limits, else "outside-95"
 * when strictly outside the 95% limits, else "within" (strict comparisons, as
 * `assign_funnel_significance` in PHEindicatormethods). Units with denominator
 * ≤ 0, a non-finite value, or a numerator outside [0, denominator] are
 * "not-comparable" and left out of p0.
 *
 * Cost: O(n) time, O(n) memory.
 *
 * @example
 * funnelProportions([{ numerator: 20, denominator: 100 }, { numerator: 60, denominator: 100 }])
 * // p0 0.4; both units outside-99.8 (limits 0.4 ± 3.09 × 0.04899 = 0.2486 … 0.5514)
 */
export function funnelProportions(
  units: readonly FunnelUnit[],
  options?: FunnelOptions
): FunnelResult {
  const z95 = options?.z95 ?? FUNNEL_Z_95;
  const z998 = options?.z998 ?? FUNNEL_Z_99_8;

  let totalNumerator = 0;
  let totalDenominator = 0;
  for (const unit of units) {
    if (isComparable(unit)) {
      totalNumerator += unit.numerator;
      totalDenominator += unit.denominator;
    }
  }
  const target = options?.target;
  const p0 =
    target !== undefined && target >= 0 && target <= 1
      ? target
      : totalDenominator > 0
        ? totalNumerator / totalDenominator
        : NaN;

  const results: FunnelUnitResult[] = [];
  for (let index = 0; index < units.length; index++) {
    const unit = units[index] as FunnelUnit;
    if (!isComparable(unit)) {
      results.push({ index, band: "not-comparable" });
      continue;
    }
    const n = unit.denominator;
    const p = unit.numerator / n;
    const inner = funnelLimits(p0, n, z95);
    const outer = funnelLimits(p0, n, z998);
    let band: FunnelBand = "within";
    let direction: "high" | "low" | null = null;
    if (p > outer.upper || p < outer.lower) band = "outside-99.8";
    else if (p > inner.upper || p < inner.lower) band = "outside-95";
    if (band !== "within") direction = p > p0 ? "high" : "low";
    results.push({
      index,
      band,
      proportion: p,
      denominator: n,
      lower95: inner.lower,
      upper95: inner.upper,
      lower998: outer.lower,
      upper998: outer.upper,
      direction,
    });
  }
  return { p0, units: results };
}

function isComparable(unit: FunnelUnit): boolean {
  const { numerator, denominator } = unit;
  return (
    denominator > 0 &&
    Number.isFinite(denominator) &&
    numerator >= 0 &&
    numerator <= denominator &&
    Number.isFinite(numerator)
  );
}
