import { nearlyEqual, roundTo } from "../numeric";
import type { StaticBand } from "../trends";
import {
  MAXIMISE,
  MINIMISE,
  NONE,
  RANGE,
  T_DETERIORATED,
  T_IMPROVED,
  T_NO_POLARITY,
  T_UNCHANGED,
} from "./codes";
import type { ColumnarTable } from "./table";

/** A static band as numbers: 0 displayed, 1 absolute (`amount`), 2 relative (`fraction`). */
export interface BandCode {
  readonly kind: number;
  readonly size: number;
}

/** The numeric form of a `StaticBand`. @example bandCode({ kind: "absolute", amount: 0.5 }) // { kind: 1, size: 0.5 } */
export function bandCode(band: StaticBand | undefined): BandCode {
  if (band === undefined || band.kind === "displayed") return { kind: 0, size: 0 };
  return band.kind === "absolute"
    ? { kind: 1, size: band.amount }
    : { kind: 2, size: band.fraction };
}

/**
 * Whether `a` and `b` are equal once rounded to `decimals` places:
 * `nearlyEqual(roundTo(a, decimals), roundTo(b, decimals))`, exactly, without
 * its two divisions in the usual cases. `roundTo` gives n / 10^d for the integer
 * n = sign(v) × floor(|v| × 10^d + 0.5 + |v| × 10^d × 1e−12), so:
 * - equal numerators give the same double (the same division): equal;
 * - different numerators, both under 1e8, with d ≤ 10, differ by at least
 *   (1 − 3e−8) / 10^d after rounding, more than nearlyEqual's tolerance
 *   max(1e−12, 1e−9 × 1e8 / 10^d) = 0.1 / 10^d: not equal;
 * - anything else (huge numbers, many decimals) goes through roundTo itself.
 *
 * Cost: O(1).
 *
 * @example displayedEqual(0.8204 * 100, 0.82 * 100, 1) // true (82.0 and 82.0)
 */
export function displayedEqual(a: number, b: number, decimals: number): boolean {
  if (decimals <= 10) {
    const factor = POW10[decimals]!;
    const scaledA = Math.abs(a) * factor;
    const scaledB = Math.abs(b) * factor;
    const numeratorA = Math.sign(a) * Math.floor(scaledA + 0.5 + scaledA * 1e-12);
    const numeratorB = Math.sign(b) * Math.floor(scaledB + 0.5 + scaledB * 1e-12);
    if (numeratorA === numeratorB) return true;
    if (Math.abs(numeratorA) < 1e8 && Math.abs(numeratorB) < 1e8) return false;
  }
  return nearlyEqual(roundTo(a, decimals), roundTo(b, decimals));
}

/** 10 ** d for d = 0 … 10, as roundTo takes them (each exact in a double). */
const POW10: readonly number[] = Array.from({ length: 11 }, (_, d) => 10 ** d);

/** Distance from the good zone (`trends.ts`'s distanceFromGood): 0 inside the range; NaN with neither range nor target. */
function distanceFromGood(x: number, lower: number, upper: number, target: number): number {
  if (lower === lower || upper === upper) {
    const low = lower === lower ? lower : -Infinity;
    const high = upper === upper ? upper : Infinity;
    return x < low ? low - x : x > high ? x - high : 0;
  }
  return target !== target ? NaN : Math.abs(x - target);
}

/**
 * The trend reason code (`TREND_REASON_CODES`) of row `r` of `table` moving
 * from `before` to `x`, both numbers: exactly the row engine's comparison
 * (`compareTrend`).
 *
 * - `unchanged` when the two are the same within the band: by default equal once
 *   both are rounded (`roundTo`) to the latest value's displayed decimals, in
 *   percent points for a percentage; absolute: |x − before| ≤ amount; relative:
 *   |x − before| / |before| ≤ fraction (nearly equal for a baseline of 0).
 * - Otherwise by polarity (a range when unset and both limits are set):
 *   maximise up is `improved`, minimise down; a range closer to the range (or to
 *   the target without limits; two values inside the range by their distance
 *   to the target, if any, else `unchanged`); `no-polarity` otherwise.
 *
 * Cost: O(1), no allocation.
 *
 * @example TREND_REASON_CODES[trendReasonAt(table, r, 82, 80, { kind: 0, size: 0 })] // "improved" for a maximise row
 */
export function trendReasonAt(
  table: ColumnarTable,
  r: number,
  x: number,
  before: number,
  band: BandCode
): number {
  if (band.kind === 0) {
    const scale = table.percent[r] === 1 ? 100 : 1;
    const decimals = table.decimals[r]!;
    if (displayedEqual(x * scale, before * scale, decimals)) return T_UNCHANGED;
  } else if (band.kind === 1) {
    if (Math.abs(x - before) <= band.size || nearlyEqual(x, before)) return T_UNCHANGED;
  } else if (
    before === 0 ? nearlyEqual(x, before) : Math.abs(x - before) / Math.abs(before) <= band.size
  ) {
    return T_UNCHANGED;
  }
  const lower = table.lower[r]!;
  const upper = table.upper[r]!;
  let polarity = table.polarity[r]!;
  if (polarity === NONE && lower === lower && upper === upper) polarity = RANGE;
  if (polarity === MAXIMISE) return x > before ? T_IMPROVED : T_DETERIORATED;
  if (polarity === MINIMISE) return x < before ? T_IMPROVED : T_DETERIORATED;
  if (polarity !== RANGE) return T_NO_POLARITY;
  const target = table.target[r]!;
  let now = distanceFromGood(x, lower, upper, target);
  let then = distanceFromGood(before, lower, upper, target);
  if (now === 0 && then === 0 && target === target) {
    now = Math.abs(x - target);
    then = Math.abs(before - target);
  }
  if (now !== now || then !== then) return T_NO_POLARITY;
  if (nearlyEqual(now, then)) return T_UNCHANGED;
  return now < then ? T_IMPROVED : T_DETERIORATED;
}
