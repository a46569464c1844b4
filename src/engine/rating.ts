import { atLeast, atMost, nearlyEqual } from "./numeric";
import type { ResolvedRule } from "./rules";
import type { Status } from "./status";
import { describeTolerance } from "./tolerance";
import {
  describeMissing,
  formatNumber,
  type CellValue,
  type MissingReason,
  type NumberValue,
} from "./values";

/**
 * Why a row got its status. NA reasons name what is missing; the missing-value
 * reasons (`redacted`, `not-available`…) are those of {@link MissingReason}.
 */
export type RatingReason =
  | "met"
  | "within-tolerance"
  | "beyond-tolerance"
  | "floor-met"
  | "below-floor"
  | "missed-no-amber"
  | "in-range"
  | "near-range"
  | "outside-range"
  | "not-rated"
  | "no-target"
  | "no-polarity"
  | "zero-target"
  | MissingReason;

/**
 * The gap to target, signed so that positive is worse: for `maximise` the
 * shortfall `target − value`, for `minimise` the excess `value − target`, for a
 * range the distance outside it (0 inside). `relative` divides by |target| (or
 * by the nearest bound of a range); it is `null` when that is 0.
 */
export interface Gap {
  readonly absolute: number;
  readonly relative: number | null;
}

export interface Rating {
  readonly status: Status;
  readonly reason: RatingReason;
  readonly gap: Gap | null;
  /** The bound the value was measured against (target, floor, or nearest range limit). */
  readonly reference: number | null;
}

function result(
  status: Status,
  reason: RatingReason,
  gap: Gap | null = null,
  reference: number | null = null
): Rating {
  return { status, reason, gap, reference };
}

/** The gap of every value inside its target range: shared, as gaps are read-only. */
const IN_RANGE_GAP: Gap = Object.freeze({ absolute: 0, relative: 0 });

function relativeGap(absolute: number, reference: number): number | null {
  return reference === 0 ? null : absolute / Math.abs(reference);
}

/** Amber when within tolerance of `reference` (absolute gap `gap`), else Red. */
function withinTolerance(rule: ResolvedRule, gap: number, reference: number): boolean | null {
  if (rule.tolerance.kind === "absolute") return atMost(gap, rule.tolerance.amount);
  if (reference === 0) return null;
  return atMost(gap / Math.abs(reference), rule.tolerance.fraction);
}

/**
 * Rates one value against its resolved rule.
 *
 * - Not rated (`rated: false`) → `Not rated`; no value → `NA` with the missing reason.
 * - Target range (polarity `range` with `lower`/`upper`): inside → Green; outside
 *   by no more than the tolerance of the nearest bound → Amber (Red when `amber`
 *   is false); else Red. A `range` row with no limits is rated against its target
 *   as a point: equal → Green, within tolerance either side → Amber.
 * - Maximise / minimise: met or beaten (equal counts as met) → Green. Otherwise, with
 *   a floor: floor met → Amber, else Red; with `amber: false` → Red; else the
 *   shortfall within tolerance → Amber, beyond → Red. Exactly on the tolerance
 *   boundary is Amber ("within acceptable limits").
 *
 * Comparisons absorb floating-point noise ({@link nearlyEqual}).
 * Cost: O(1), no allocation beyond the result.
 *
 * @example rate(numberValue(82), resolveRule({ polarity: "maximise", target: 85 }, undefined)).status // "Amber"
 */
export function rate(value: CellValue, rule: ResolvedRule): Rating {
  if (!rule.rated) return result("Not rated", "not-rated");
  if (value.kind === "missing") return result("NA", value.reason);
  const x = value.value;
  const { lower, upper, target } = rule;
  const polarity =
    rule.polarity ?? (lower !== undefined && upper !== undefined ? "range" : undefined);
  if (polarity === undefined) return result("NA", "no-polarity");

  if (polarity === "range" && (lower !== undefined || upper !== undefined)) {
    const low = lower ?? -Infinity;
    const high = upper ?? Infinity;
    if (atLeast(x, low) && atMost(x, high)) return result("Green", "in-range", IN_RANGE_GAP, null);
    const bound = x < low ? low : high;
    const distance = Math.abs(x - bound);
    const gap = { absolute: distance, relative: relativeGap(distance, bound) };
    if (!rule.amber) return result("Red", "outside-range", gap, bound);
    const near = withinTolerance(rule, distance, bound);
    return near
      ? result("Amber", "near-range", gap, bound)
      : result("Red", "outside-range", gap, bound);
  }

  if (target === undefined) return result("NA", "no-target");
  if (polarity === "range") {
    const distance = Math.abs(x - target);
    const gap = { absolute: distance, relative: relativeGap(distance, target) };
    if (nearlyEqual(x, target)) return result("Green", "met", gap, target);
    if (!rule.amber) return result("Red", "missed-no-amber", gap, target);
    const near = withinTolerance(rule, distance, target);
    if (near === null) return result("NA", "zero-target", gap, target);
    return near
      ? result("Amber", "within-tolerance", gap, target)
      : result("Red", "beyond-tolerance", gap, target);
  }

  const shortfall = polarity === "maximise" ? target - x : x - target;
  const gap = { absolute: shortfall, relative: relativeGap(shortfall, target) };
  if (atMost(shortfall, 0)) return result("Green", "met", gap, target);
  if (rule.floor !== undefined) {
    const floorMet = polarity === "maximise" ? atLeast(x, rule.floor) : atMost(x, rule.floor);
    return floorMet
      ? result("Amber", "floor-met", gap, rule.floor)
      : result("Red", "below-floor", gap, rule.floor);
  }
  if (!rule.amber) return result("Red", "missed-no-amber", gap, target);
  const near = withinTolerance(rule, shortfall, target);
  if (near === null) return result("NA", "zero-target", gap, target);
  return near
    ? result("Amber", "within-tolerance", gap, target)
    : result("Red", "beyond-tolerance", gap, target);
}

/**
 * One line saying why, for a Commentary cell or a note:
 * "Amber: 3.5% below target 85, tolerance 5%".
 *
 * `value` supplies the display (percent, decimals) for the bounds too.
 */
export function explainRating(rating: Rating, value: CellValue, rule: ResolvedRule): string {
  const percentValues = value.kind === "number" && value.percent;
  const show = (n: number): string =>
    formatNumber({
      kind: "number",
      value: n,
      percent: percentValues,
      decimals: boundDecimals(value, n),
    });
  const pct = (fraction: number | null): string =>
    fraction === null ? "" : `${(fraction * 100).toFixed(1)}% `;
  // Only the sentences that name the tolerance read it.
  const tolerance = (): string => describeTolerance(rule.tolerance, percentValues);
  const below = rule.polarity === "minimise" ? "above" : "below";
  const g = rating.gap;
  switch (rating.reason) {
    case "not-rated":
      return "Not rated: data only.";
    case "no-target":
      return "NA: no target for this indicator.";
    case "no-polarity":
      return "NA: no polarity (Maximise, Minimise or Goldilocks) for this indicator.";
    case "zero-target":
      return "NA: a relative tolerance cannot be applied to a target of 0; set an absolute tolerance.";
    case "met":
      return `Green: ${show((value as NumberValue).value)} ${rule.polarity === "range" ? "is on" : "meets"} target ${show(rule.target ?? 0)}.`;
    case "within-tolerance":
      return `Amber: ${pct(g?.relative ?? null)}${rule.polarity === "range" ? "from" : below} target ${show(rule.target ?? 0)}, tolerance ${tolerance()}.`;
    case "beyond-tolerance":
      return `Red: ${pct(g?.relative ?? null)}${rule.polarity === "range" ? "from" : below} target ${show(rule.target ?? 0)}, tolerance ${tolerance()}.`;
    case "missed-no-amber":
      return `Red: ${below} target ${show(rule.target ?? 0)} (no Amber band for this indicator).`;
    case "floor-met":
      return `Amber: ${below} target ${show(rule.target ?? 0)} but floor ${show(rule.floor ?? 0)} met.`;
    case "below-floor":
      return `Red: ${below === "below" ? "below" : "above"} floor standard ${show(rule.floor ?? 0)}.`;
    case "in-range":
      return `Green: within target range ${rangeText(rule, show)}.`;
    case "near-range":
      return `Amber: ${pct(g?.relative ?? null)}outside target range ${rangeText(rule, show)}, tolerance ${tolerance()}.`;
    case "outside-range":
      return `Red: ${pct(g?.relative ?? null)}outside target range ${rangeText(rule, show)}.`;
    default:
      return value.kind === "missing" ? `NA: ${describeMissing(value)}.` : "NA.";
  }
}

function rangeText(rule: ResolvedRule, show: (n: number) => string): string {
  if (rule.lower !== undefined && rule.upper !== undefined)
    return `${show(rule.lower)}–${show(rule.upper)}`;
  return rule.lower !== undefined ? `≥ ${show(rule.lower)}` : `≤ ${show(rule.upper ?? 0)}`;
}

function boundDecimals(value: CellValue, bound: number): number {
  const own = value.kind === "number" ? value.decimals : 0;
  const percent = value.kind === "number" && value.percent;
  return Math.min(Math.max(own, decimalsNeeded(bound, percent)), 4);
}

/**
 * Decimals of a bound's shortest text (in display units), at 12 significant
 * digits. Every row of a table explains itself against the same few targets and
 * floors, and reading the digits is the costly part: each bound is read once
 * (-0 is not kept: a Map takes it for 0).
 */
function decimalsNeeded(bound: number, percent: boolean): number {
  const known = percent ? percentBoundDecimals : plainBoundDecimals;
  let needed = known.get(bound);
  if (needed === undefined) {
    const shown = percent ? bound * 100 : bound;
    needed = String(Number(shown.toPrecision(12))).split(".")[1]?.length ?? 0;
    if (!Object.is(bound, -0)) {
      if (known.size >= BOUND_DECIMALS_LIMIT) known.clear();
      known.set(bound, needed);
    }
  }
  return needed;
}

const BOUND_DECIMALS_LIMIT = 10_000;
const percentBoundDecimals = new Map<number, number>();
const plainBoundDecimals = new Map<number, number>();
