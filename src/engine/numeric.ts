/**
 * Comparison helpers that absorb binary floating-point noise, so that
 * 0.34299999999999997 and 0.343 compare equal and a status never flips on it.
 *
 * Two numbers are "nearly equal" when they differ by at most 1e-9 of the larger
 * magnitude (or 1e-12 absolutely, for values near zero). That is far below any
 * precision a scorecard displays, and far above double rounding error. An
 * infinity is nearly equal only to itself: a ratio that overflows (a gap over
 * a subnormal bound) is far from every finite tolerance, not within 1e-9 of it.
 *
 * Cost: O(1).
 *
 * @example nearlyEqual(0.34299999999999997, 0.343) // true
 */
export function nearlyEqual(a: number, b: number): boolean {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  if (scale === Infinity) return a === b;
  return Math.abs(a - b) <= Math.max(1e-12, scale * 1e-9);
}

/** `a <= b`, treating nearly equal numbers as equal. @example atMost(0.1 + 0.2, 0.3) // true */
export function atMost(a: number, b: number): boolean {
  return a <= b || nearlyEqual(a, b);
}

/** `a >= b`, treating nearly equal numbers as equal. @example atLeast(0.3, 0.1 + 0.2) // true */
export function atLeast(a: number, b: number): boolean {
  return a >= b || nearlyEqual(a, b);
}

/** 10 ** d for d = 0 … 22 (each exact in a double), so rounding does not call pow. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, d) => 10 ** d);

/**
 * Rounds half away from zero to `decimals` places, first absorbing the noise
 * of binary fractions (1.005 → 1.01, as Excel displays it).
 *
 * @example roundTo(1.005, 2) // 1.01
 */
export function roundTo(value: number, decimals: number): number {
  const factor = (decimals >= 0 && decimals <= 22 && POW10[decimals]) || 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  // The nudge (far below display precision, far above double error) makes 100.49999999999999 round as 100.5.
  return (Math.sign(value) * Math.floor(scaled + 0.5 + scaled * 1e-12)) / factor;
}

/**
 * Number of decimal places in the shortest faithful text of `value` (at most 10),
 * i.e. how precisely a General-format cell shows it.
 *
 * @example naturalDecimals(22.1) // 1
 */
export function naturalDecimals(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const text = String(Number(value.toPrecision(15)));
  const exponent = /e([+-]\d+)$/.exec(text);
  if (exponent) {
    const mantissa = text.slice(0, exponent.index);
    const mantissaDecimals = mantissa.includes(".")
      ? mantissa.length - mantissa.indexOf(".") - 1
      : 0;
    return Math.min(10, Math.max(0, mantissaDecimals - Number(exponent[1])));
  }
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : Math.min(10, text.length - dot - 1);
}
