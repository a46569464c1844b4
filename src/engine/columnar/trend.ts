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
    if (nearlyEqual(roundTo(x * scale, decimals), roundTo(before * scale, decimals)))
      return T_UNCHANGED;
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
