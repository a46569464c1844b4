/**
 * Reference (slow, obvious) implementation of the XmR special-cause analysis,
 * kept only as the oracle that the fast {@link analyseSpc} is tested against.
 * It composes the public building blocks ({@link xmrLimits}, one rule pass,
 * eager point objects) exactly as analyseSpc did before it was optimised.
 * Not exported from the engine's index; tests import it directly.
 */
import type { Polarity } from "../polarity";
import {
  SPC_DEFAULTS,
  type SpcAssurance,
  type SpcOptions,
  type SpcPoint,
  type SpcResult,
  type SpcRule,
} from "./special-cause";
import { xmrLimits } from "./xmr";

const OUTSIDE = 1;
const TREND = 2;
const TWO_IN_THREE = 4;
const SHIFT = 8;
const RULES = 15;
/** Not a rule: the point is above the mean. */
const ABOVE = 16;
/** Not a rule: the point is "close to limits" (beyond two sigma, inside the limits). */
const CLOSE = 32;

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

function lengthOption(value: number | undefined, fallback: number, least: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(least, Math.ceil(value));
}

function improvementDirection(polarity: Polarity | undefined): number {
  return polarity === "maximise" ? 1 : polarity === "minimise" ? -1 : 0;
}

/**
 * The straightforward definition of {@link analyseSpc}: {@link xmrLimits} on the
 * finite values, one pass marking the four rules, one object per point, built
 * eagerly. Same inputs, same result (the property test in special-cause.test.ts
 * checks it point by point); kept as the oracle for the fast path, not exported
 * from the engine.
 */
export function analyseSpcReference(
  values: readonly number[],
  polarity: Polarity | undefined,
  options?: SpcOptions
): SpcResult {
  const minimum = lengthOption(options?.minimumPoints, SPC_DEFAULTS.minimumPoints, 2);
  const shiftLength = lengthOption(options?.shiftLength, SPC_DEFAULTS.shiftLength, 1);
  const trendLength = lengthOption(options?.trendLength, SPC_DEFAULTS.trendLength, 2);
  const screenOutliers = options?.screenOutliers ?? SPC_DEFAULTS.screenOutliers;

  const total = values.length;
  let finite = 0;
  for (let i = 0; i < total; i++) if (Number.isFinite(values[i])) finite++;
  if (finite < minimum) return { kind: "too-few-points", points: finite, minimum };

  // y: the series analysed; positions: input index of each y (only when filtered).
  let y: ArrayLike<number> = values;
  let positions: Int32Array | undefined;
  if (finite < total) {
    const filtered = new Float64Array(finite);
    positions = new Int32Array(finite);
    let k = 0;
    for (let i = 0; i < total; i++) {
      const v = values[i] as number;
      if (Number.isFinite(v)) {
        filtered[k] = v;
        positions[k] = i;
        k++;
      }
    }
    y = filtered;
  }
  const n = finite;

  const limits = xmrLimits(y, { screenOutliers });
  const mean = limits.mean;
  const upl = limits.upperProcessLimit;
  const lpl = limits.lowerProcessLimit;
  const upper2 = limits.upperTwoSigma;
  const lower2 = limits.lowerTwoSigma;

  const flags = new Uint8Array(n);

  // One pass for every rule. Shifts and trends are marked when their run reaches
  // the required length (back-filling the run) and every later point of the run
  // is marked as it comes; two-in-three is checked on the window ending at i.
  let side1 = 0; // side of the mean of point i − 1 (−1, 0, 1)
  let side2 = 0; // … of point i − 2
  let runStart = 0; // first point of the current one-side run
  let stepSign = 0; // sign of the current run of steps
  let trendStart = 0; // first point of the current monotone run
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    const d = v - mean;
    const side = d > 0 ? 1 : d < 0 ? -1 : 0;
    const outside = v > upl || v < lpl;
    let f = outside ? OUTSIDE : v < lower2 || v > upper2 ? CLOSE : 0;
    if (side > 0) f |= ABOVE;
    flags[i] = f;

    // Shift (ptd_seven_point_one_side_mean + ptd_part_of_seven_trend).
    if (side === 0) {
      runStart = i + 1;
    } else {
      if (side !== side1) runStart = i;
      const length = i - runStart + 1;
      if (length === shiftLength) {
        for (let k = runStart; k <= i; k++) flags[k] = (flags[k] as number) | SHIFT;
      } else if (length > shiftLength) {
        flags[i] = (flags[i] as number) | SHIFT;
      }
    }

    // Trend (ptd_seven_point_trend + ptd_part_of_seven_trend): strict steps only.
    if (i > 0) {
      const step = v - previous;
      const s = step > 0 ? 1 : step < 0 ? -1 : 0;
      if (s !== stepSign) {
        stepSign = s;
        trendStart = i - 1;
      }
      if (s !== 0) {
        const length = i - trendStart + 1;
        if (length === trendLength) {
          for (let k = trendStart; k <= i; k++) flags[k] = (flags[k] as number) | TREND;
        } else if (length > trendLength) {
          flags[i] = (flags[i] as number) | TREND;
        }
      }
    }

    // Two in three (ptd_two_in_three + ptd_part_of_two_in_three), window i − 2 … i.
    if (i >= 2 && side !== 0 && side1 === side && side2 === side) {
      const f0 = flags[i - 2] as number;
      const f1 = flags[i - 1] as number;
      const f2 = flags[i] as number;
      if ((f0 & CLOSE) + (f1 & CLOSE) + (f2 & CLOSE) >= 2 * CLOSE) {
        if (f0 & CLOSE) flags[i - 2] = f0 | TWO_IN_THREE;
        if (f1 & CLOSE) flags[i - 1] = f1 | TWO_IN_THREE;
        if (f2 & CLOSE) flags[i] = f2 | TWO_IN_THREE;
      }
    }

    side2 = side1;
    side1 = side;
    previous = v;
  }

  const direction = improvementDirection(polarity);
  const points: SpcPoint[] = new Array<SpcPoint>(n);
  for (let i = 0; i < n; i++) {
    const all = flags[i] as number;
    const f = all & RULES;
    const value = y[i] as number;
    const index = positions === undefined ? i : (positions[i] as number);
    if (f === 0) {
      points[i] = {
        index,
        value,
        specialCause: false,
        rules: NO_RULES,
        variation: "common",
        side: null,
      };
      continue;
    }
    let high: boolean;
    if ((f & OUTSIDE) !== 0 || (f & TREND) === 0) {
      high = (all & ABOVE) !== 0;
    } else {
      // ptd_special_cause_type: a trend point whose right neighbour is also in a
      // trend takes the direction of the step to the right, else of the step to
      // the left; "Increasing" only when that step is +1.
      const step =
        i + 1 < n && ((flags[i + 1] as number) & TREND) !== 0
          ? (y[i + 1] as number) - value
          : i > 0
            ? value - (y[i - 1] as number)
            : 0;
      high = step > 0;
    }
    const signed = high ? direction : -direction;
    points[i] = {
      index,
      value,
      specialCause: true,
      rules: RULE_SETS[f] as readonly SpcRule[],
      variation: signed > 0 ? "improvement" : signed < 0 ? "concern" : "neither",
      side: high ? "high" : "low",
    };
  }

  const latest = points[n - 1] as SpcPoint;
  const target = options?.target;
  if (direction === 0 || target === undefined || !Number.isFinite(target)) {
    return { kind: "analysed", limits, points, latest };
  }
  let assurance: SpcAssurance;
  if (target > upl) assurance = direction > 0 ? "consistently-fail" : "consistently-pass";
  else if (target < lpl) assurance = direction > 0 ? "consistently-pass" : "consistently-fail";
  else assurance = "hit-and-miss";
  return { kind: "analysed", limits, points, latest, assurance };
}
