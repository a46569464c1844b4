/**
 * Modified z-scores (Iglewicz and Hoaglin, 1993, "How to Detect and Handle
 * Outliers", ASQC Basic References in Quality Control vol. 16, section 3.3):
 *
 *   M[i] = 0.6745 × (x[i] − x̃) / MAD,   MAD = median of |x[i] − x̃|,
 *
 * where x̃ is the median and 0.6745 ≈ Φ⁻¹(0.75) makes E[MAD] = 0.6745σ for
 * normal data. They recommend labelling |M[i]| > 3.5 as potential outliers.
 */

/** 0.6745 ≈ Φ⁻¹(0.75), the constant in Iglewicz and Hoaglin's modified z-score. */
export const MODIFIED_Z_CONSTANT = 0.6745;

/** Iglewicz and Hoaglin's recommended cut-off: flag |M| > 3.5. */
export const MODIFIED_Z_THRESHOLD = 3.5;

/**
 * Median of an array: the middle value for odd n, the mean of the two middle
 * values for even n; NaN for an empty array. Sorts a copy (the input is untouched).
 * Values must not be NaN.
 *
 * Cost: O(n log n) time, O(n) memory.
 *
 * @example median([3, 1, 2]) // 2
 * @example median([4, 1, 3, 2]) // 2.5
 */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Result of {@link modifiedZScores}. */
export interface ModifiedZScores {
  /** Median of the finite values (NaN if there are none). */
  readonly median: number;
  /** Median absolute deviation from that median (NaN if there are no finite values). */
  readonly mad: number;
  /** True when MAD is 0 (half or more of the values are equal): no score is defined, so all are 0. */
  readonly madIsZero: boolean;
  /**
   * One score per input value, never NaN: 0 for non-finite inputs, and all 0
   * when MAD is 0 or cannot be computed (no finite values, or overflow).
   */
  readonly scores: number[];
}

/**
 * Modified z-score of every value: `0.6745 × (x − median) / MAD`.
 *
 * Non-finite inputs (NaN, ±Infinity) are left out of the median and MAD and
 * scored 0, so they are never flagged. When MAD is 0 (at least half the values
 * are identical) the score is undefined: every score is 0 and `madIsZero` is
 * true, meaning "no flag", as our methods page requires.
 *
 * Cost: O(n log n) time (two sorts), O(n) memory.
 *
 * @example
 * modifiedZScores([1, 2, 3, 4, 100])
 * // { median: 3, mad: 1, madIsZero: false, scores: [-1.349, -0.6745, 0, 0.6745, 65.4265] }
 */
export function modifiedZScores(values: readonly number[]): ModifiedZScores {
  const finite: number[] = [];
  for (const v of values) if (Number.isFinite(v)) finite.push(v);
  const scores = new Array<number>(values.length).fill(0);
  if (finite.length === 0) return { median: NaN, mad: NaN, madIsZero: false, scores };
  const centre = median(finite);
  const deviations = new Float64Array(finite.length);
  for (let i = 0; i < finite.length; i++) deviations[i] = Math.abs((finite[i] as number) - centre);
  const mad = median(deviations);
  if (mad === 0) return { median: centre, mad, madIsZero: true, scores };
  // Only reachable when |x| is near the double limit (1e308) and differences overflow.
  if (!Number.isFinite(mad) || !Number.isFinite(centre)) {
    return { median: centre, mad, madIsZero: false, scores };
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) scores[i] = (MODIFIED_Z_CONSTANT * (v - centre)) / mad;
  }
  return { median: centre, mad, madIsZero: false, scores };
}

/** A value flagged by {@link flagModifiedZ}. */
export interface ModifiedZFlag {
  /** Position in the input array. */
  readonly index: number;
  readonly value: number;
  readonly score: number;
  /** "high" when above the median, "low" when below. */
  readonly direction: "high" | "low";
}

/**
 * Values whose modified z-score exceeds the threshold in absolute value
 * (strictly: |M| > threshold), in input order. None when MAD is 0.
 *
 * Cost: O(n log n) time, O(n) memory.
 *
 * @example flagModifiedZ([1, 2, 3, 4, 100]) // [{ index: 4, value: 100, score: 65.4265, direction: "high" }]
 */
export function flagModifiedZ(
  values: readonly number[],
  threshold: number = MODIFIED_Z_THRESHOLD
): ModifiedZFlag[] {
  const { scores } = modifiedZScores(values);
  const flags: ModifiedZFlag[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i] as number;
    if (Math.abs(score) > threshold) {
      flags.push({
        index: i,
        value: values[i] as number,
        score,
        direction: score > 0 ? "high" : "low",
      });
    }
  }
  return flags;
}
