/**
 * Comparing a local value with a benchmark (England, the region, statistical
 * neighbours) as OHID's Fingertips does: the value is significantly higher or
 * lower when its 95% confidence interval lies wholly above or below the
 * benchmark, otherwise similar; the indicator's polarity turns higher/lower
 * into better/worse. Proportions use the Wilson score interval
 * (PHEindicatormethods `phe_proportion`, ./wilson), counts and rates
 * phe_rate's method (Byar's for 10 or more events, exact Poisson below; ./byar).
 */
import type { Polarity } from "../polarity";
import { formatNumber, numberValue } from "../values";
import { rateInterval } from "./byar";
import { wilsonInterval } from "./wilson";

/** How the local value's interval was found; "value" when there is none (no numerator and denominator). */
export type BenchmarkMethod = "wilson" | "byar" | "exact-poisson" | "value";

/**
 * better / similar / worse with a polarity ("maximise" or "minimise"); higher /
 * similar / lower without one (or for a target range); higher / lower / same
 * when only the two values are compared, with no interval.
 */
export type BenchmarkVerdict = "better" | "similar" | "worse" | "higher" | "lower" | "same";

export type BenchmarkComparison =
  | {
      readonly kind: "compared";
      readonly verdict: BenchmarkVerdict;
      readonly method: BenchmarkMethod;
      readonly value: number;
      readonly benchmark: number;
      /** the local value's 95% interval on the value's own scale; null for method "value" */
      readonly interval: { readonly lower: number; readonly upper: number } | null;
      /** The cell words: "Better", "Similar", "Worse", "Higher", "Lower", "Same". */
      readonly text: string;
    }
  | { readonly kind: "not-compared"; readonly reason: string; readonly text: "Not compared" };

/** What {@link compareWithBenchmark} compares. */
export interface BenchmarkInput {
  /** The local value as the scorecard shows it: a fraction, a percentage or a rate per 1, 100 … 100,000. */
  value: number;
  /** The benchmark on the same scale as the value. */
  benchmark: number;
  /** Events, or people meeting the condition; with the denominator, gives the interval. */
  numerator?: number;
  /** Population, or people eligible. */
  denominator?: number;
  /** Which direction is good; "range" or none gives Higher / Similar / Lower. */
  polarity?: Polarity;
  /**
   * Proportion (Wilson) or rate (Byar / exact Poisson). Default: a proportion when
   * numerator ≤ denominator and the value is per 1 or per 100, otherwise a rate.
   */
  kind?: "proportion" | "rate";
}

/** The scales a value can be on: numerator / denominator × one of these. */
export const BENCHMARK_MULTIPLIERS: readonly number[] = [1, 100, 1000, 10000, 100000];

/** How far value / (numerator / denominator) may be from a multiplier and still snap to it (rounding). */
export const MULTIPLIER_TOLERANCE = 0.01;

export const BENCHMARK_TEXT: Readonly<Record<BenchmarkVerdict, string>> = {
  better: "Better",
  similar: "Similar",
  worse: "Worse",
  higher: "Higher",
  lower: "Lower",
  same: "Same",
};

const notCompared = (reason: string): BenchmarkComparison => ({
  kind: "not-compared",
  reason,
  text: "Not compared",
});

/** A number for a reason, to 6 significant figures as an officer would write it ("0.0065", "1,234.5"). */
const shown = (n: number): string => formatNumber(numberValue(Number(n.toPrecision(6))));

/**
 * Compares a local value with a benchmark, Fingertips-style.
 *
 * With a numerator and denominator (numerator ≥ 0, denominator > 0, both
 * finite), the value's scale m is inferred as value / (numerator / denominator),
 * snapped to 1, 100, 1,000, 10,000 or 100,000 when within 1% (a rounded value
 * still snaps). The kind is a proportion when numerator ≤ denominator and m is
 * 1 or 100, otherwise a rate, unless `kind` says. A proportion's interval is the
 * Wilson score interval of numerator / denominator at 95% × m ("wilson"); a
 * rate's is phe_rate's 95% interval per m ("byar" for 10 or more events,
 * "exact-poisson" below). The verdict is "higher" when the interval's lower
 * limit is above the benchmark, "lower" when its upper limit is below it, and
 * "similar" otherwise (an interval touching the benchmark is similar);
 * polarity "maximise" turns higher into better and lower into worse,
 * "minimise" the reverse; "range" or none leaves Higher / Similar / Lower.
 *
 * Without a numerator and denominator, only the two values are compared:
 * method "value", verdict higher, lower or same, never better or worse (a
 * difference with no interval is not shown to be significant).
 *
 * Not compared, with the reason, when the value or benchmark is not a finite
 * number, only one of numerator and denominator is given, either is invalid,
 * the value does not equal numerator / denominator × one of the multipliers,
 * the numerator is 0 (the scale cannot be inferred), or a proportion's
 * numerator exceeds its denominator.
 *
 * Cost: O(1) (the exact Poisson branch: a few incomplete-gamma evaluations).
 *
 * @example
 * compareWithBenchmark({ value: 65, numerator: 65, denominator: 100, benchmark: 50, polarity: "maximise" })
 * // Wilson 55.25–73.64%, wholly above 50: { verdict: "better", method: "wilson", text: "Better", … }
 * compareWithBenchmark({ value: 650, numerator: 65, denominator: 10000, benchmark: 700 })
 * // Byar 501.6–828.5 per 100,000 contains 700: { verdict: "similar", method: "byar", text: "Similar", … }
 * compareWithBenchmark({ value: 12, benchmark: 10, polarity: "minimise" }).text // "Higher"
 */
export function compareWithBenchmark(input: BenchmarkInput): BenchmarkComparison {
  const { value, benchmark, numerator, denominator, polarity } = input;
  if (!Number.isFinite(value)) return notCompared("the value is not a number");
  if (!Number.isFinite(benchmark)) return notCompared("the benchmark is not a number");

  if (numerator === undefined && denominator === undefined) {
    const verdict: BenchmarkVerdict =
      value > benchmark ? "higher" : value < benchmark ? "lower" : "same";
    return {
      kind: "compared",
      verdict,
      method: "value",
      value,
      benchmark,
      interval: null,
      text: BENCHMARK_TEXT[verdict],
    };
  }
  if (denominator === undefined) return notCompared("a numerator but no denominator");
  if (numerator === undefined) return notCompared("a denominator but no numerator");
  if (!Number.isFinite(numerator) || numerator < 0)
    return notCompared("the numerator is not a number of 0 or more");
  if (!Number.isFinite(denominator) || !(denominator > 0))
    return notCompared("the denominator is not a number above 0");
  if (numerator === 0)
    return notCompared(
      "the numerator is 0, so the value's scale (per 1, per 100 … per 100,000) is unknown"
    );

  const share = numerator / denominator;
  const ratio = value / share;
  const multiplier = BENCHMARK_MULTIPLIERS.find(
    (m) => Math.abs(ratio / m - 1) <= MULTIPLIER_TOLERANCE
  );
  if (multiplier === undefined)
    return notCompared(
      `the value ${shown(value)} does not equal numerator / denominator (${shown(share)}) × 1, 100, 1,000, 10,000 or 100,000`
    );

  const kind =
    input.kind ??
    (numerator <= denominator && (multiplier === 1 || multiplier === 100) ? "proportion" : "rate");
  let method: BenchmarkMethod;
  let lower: number;
  let upper: number;
  if (kind === "proportion") {
    if (numerator > denominator)
      return notCompared("a proportion's numerator is more than its denominator");
    const wilson = wilsonInterval(numerator, denominator);
    method = "wilson";
    // The interval contains the proportion; min/max keep rounding from losing that at 100%.
    lower = Math.min(wilson.lower, share) * multiplier;
    upper = Math.max(wilson.upper, share) * multiplier;
  } else {
    const rate = rateInterval(numerator, denominator, multiplier);
    method = rate.method ?? "byar";
    lower = rate.lower;
    upper = rate.upper;
  }

  const side: BenchmarkVerdict =
    lower > benchmark ? "higher" : upper < benchmark ? "lower" : "similar";
  const verdict = judged(side, polarity);
  return {
    kind: "compared",
    verdict,
    method,
    value,
    benchmark,
    interval: { lower, upper },
    text: BENCHMARK_TEXT[verdict],
  };
}

/** Higher / lower turned into better / worse by a direction; similar stays similar. */
function judged(side: BenchmarkVerdict, polarity: Polarity | undefined): BenchmarkVerdict {
  if (side === "similar" || polarity === undefined || polarity === "range") return side;
  const high = side === "higher";
  return high === (polarity === "maximise") ? "better" : "worse";
}
