import { atLeast, atMost, nearlyEqual } from "../numeric";
import {
  AMBER,
  GREEN,
  MAXIMISE,
  MISSING_REASON_BASE,
  NA,
  NONE,
  NOT_RATED,
  RANGE,
  RED,
  RULE_ABSOLUTE,
  RULE_AMBER,
  RULE_RATED,
  R_BELOW_FLOOR,
  R_BEYOND,
  R_FLOOR_MET,
  R_IN_RANGE,
  R_MET,
  R_NEAR_RANGE,
  R_NO_AMBER,
  R_NO_POLARITY,
  R_NO_TARGET,
  R_NOT_RATED,
  R_OUTSIDE_RANGE,
  R_WITHIN,
  R_ZERO_TARGET,
  MISSING_CODES,
} from "./codes";
import type { ColumnarTable } from "./table";

/**
 * The status of each rating reason code (`RATING_REASON_CODES`): met and
 * in-range are Green; within tolerance, floor met and near the range Amber;
 * beyond tolerance, below the floor, missed with no Amber band and outside the
 * range Red; not-rated Not rated; every other reason (no target, no polarity, a
 * zero target under a relative tolerance, a missing value) NA.
 *
 * @example STATUS_CODES[STATUS_OF_REASON[R_FLOOR_MET]] // "Amber"
 */
export const STATUS_OF_REASON: Readonly<Uint8Array> = Uint8Array.of(
  GREEN, // met
  AMBER, // within-tolerance
  RED, // beyond-tolerance
  AMBER, // floor-met
  RED, // below-floor
  RED, // missed-no-amber
  GREEN, // in-range
  AMBER, // near-range
  RED, // outside-range
  NOT_RATED, // not-rated
  NA, // no-target
  NA, // no-polarity
  NA, // zero-target
  ...MISSING_CODES.map(() => NA)
);

/**
 * 1 when `gap` is within the row's tolerance of `reference`, 0 when beyond it,
 * −1 when a relative tolerance meets a reference of 0 (the row engine's `null`).
 * Absolute: gap ≤ amount; relative: gap / |reference| ≤ fraction; both with
 * {@link atMost}'s absorption of floating-point noise, so exactly on the
 * boundary is within.
 */
function withinTolerance(flags: number, tolerance: number, gap: number, reference: number): number {
  if ((flags & RULE_ABSOLUTE) !== 0) return atMost(gap, tolerance) ? 1 : 0;
  if (reference === 0) return -1;
  return atMost(gap / Math.abs(reference), tolerance) ? 1 : 0;
}

/**
 * The rating reason code (`RATING_REASON_CODES`) of row `r` of `table` whose
 * latest value is `x` (NaN when missing): exactly the decisions of the row
 * engine's `rate`, in its order.
 *
 * - Not rated → `not-rated`; no value → the missing reason.
 * - No polarity: a range when both limits are set, else `no-polarity`.
 * - A range with a limit: inside (limits included, noise absorbed) → `in-range`;
 *   outside by no more than the tolerance of the nearest bound → `near-range`
 *   (never without an Amber band, nor under a relative tolerance with a bound of 0);
 *   else `outside-range`.
 * - No target → `no-target`. A range with only a target: equal → `met`; else
 *   `missed-no-amber`, `zero-target`, `within-tolerance` or `beyond-tolerance`.
 * - Maximise / minimise: met or beaten → `met`; with a floor `floor-met` or
 *   `below-floor`; else as for a range's target.
 *
 * Cost: O(1), no allocation.
 *
 * @example
 * // a row with polarity MAXIMISE, target 85, relative tolerance 0.05, Amber band:
 * RATING_REASON_CODES[statusReasonAt(table, r, 82)] // "within-tolerance"
 */
export function statusReasonAt(table: ColumnarTable, r: number, x: number): number {
  const flags = table.ruleFlags[r]!;
  if ((flags & RULE_RATED) === 0) return R_NOT_RATED;
  if (x !== x) return MISSING_REASON_BASE + table.missing[r]!;
  const lower = table.lower[r]!;
  const upper = table.upper[r]!;
  const hasLower = lower === lower;
  const hasUpper = upper === upper;
  let polarity = table.polarity[r]!;
  if (polarity === NONE) {
    if (!(hasLower && hasUpper)) return R_NO_POLARITY;
    polarity = RANGE;
  }
  const amber = (flags & RULE_AMBER) !== 0;
  if (polarity === RANGE && (hasLower || hasUpper)) {
    const low = hasLower ? lower : -Infinity;
    const high = hasUpper ? upper : Infinity;
    if (atLeast(x, low) && atMost(x, high)) return R_IN_RANGE;
    if (!amber) return R_OUTSIDE_RANGE;
    const bound = x < low ? low : high;
    return withinTolerance(flags, table.tolerance[r]!, Math.abs(x - bound), bound) === 1
      ? R_NEAR_RANGE
      : R_OUTSIDE_RANGE;
  }
  const target = table.target[r]!;
  if (target !== target) return R_NO_TARGET;
  let shortfall: number;
  if (polarity === RANGE) {
    if (nearlyEqual(x, target)) return R_MET;
    shortfall = Math.abs(x - target);
  } else {
    shortfall = polarity === MAXIMISE ? target - x : x - target;
    if (atMost(shortfall, 0)) return R_MET;
    const floor = table.floor[r]!;
    if (floor === floor) {
      const floorMet = polarity === MAXIMISE ? atLeast(x, floor) : atMost(x, floor);
      return floorMet ? R_FLOOR_MET : R_BELOW_FLOOR;
    }
  }
  if (!amber) return R_NO_AMBER;
  const near = withinTolerance(flags, table.tolerance[r]!, shortfall, target);
  return near === 1 ? R_WITHIN : near === 0 ? R_BEYOND : R_ZERO_TARGET;
}
