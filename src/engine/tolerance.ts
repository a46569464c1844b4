import { memoised } from "./memo";
import { parseCellValue, type RawCellValue } from "./values";

/**
 * How far short of target still counts as Amber.
 * - `relative`: a fraction of the target (0.05 = 5%): shortfall / |target|.
 * - `absolute`: in the value's own units; percentage points are stored as
 *   fractions, like the values (2 pp → 0.02).
 */
export type Tolerance =
  | { readonly kind: "relative"; readonly fraction: number }
  | { readonly kind: "absolute"; readonly amount: number };

export const DEFAULT_TOLERANCE: Tolerance = { kind: "relative", fraction: 0.05 };

/**
 * Reads a tolerance from a cell, a rules file or a command-line flag.
 *
 * - `5%`, `5`, a 0.05 cell formatted as a percentage → relative 5%;
 * - `2pp`, `2 pp`, `2 points`, `2 percentage points` → absolute 0.02 (percentage points);
 * - `±3`, `3 units`, `abs 3` → absolute 3 in the value's units.
 *
 * A bare number is a percentage of the target, as officers write it. Returns
 * `undefined` for anything else, including negative numbers.
 *
 * @example parseTolerance("2pp") // { kind: "absolute", amount: 0.02 }
 */
export function parseTolerance(raw: RawCellValue, numberFormat?: string): Tolerance | undefined {
  if (typeof raw === "string") {
    const text = raw.trim().toLowerCase().replace(/\s+/g, " ");
    const points = /^\+?(\d+(?:\.\d+)?) ?(pp|ppt|points?|percentage points?)$/.exec(text);
    if (points) return { kind: "absolute", amount: Number(points[1]) / 100 };
    const units = /^(?:±|\+\/-|abs(?:olute)? ?)(\d+(?:\.\d+)?)$|^(\d+(?:\.\d+)?) ?units?$/.exec(
      text
    );
    if (units) return { kind: "absolute", amount: Number(units[1] ?? units[2]) };
  }
  const cell = parseCellValue(raw, numberFormat);
  if (cell.kind !== "number" || cell.value < 0) return undefined;
  return { kind: "relative", fraction: cell.percent ? cell.value : cell.value / 100 };
}

/** `5%`, `2 pp` or `3 units`, for explanations. */
export function describeTolerance(tolerance: Tolerance, percentValues: boolean): string {
  if (tolerance.kind === "relative") return `${trim(tolerance.fraction * 100)}%`;
  return percentValues ? `${trim(tolerance.amount * 100)} pp` : `${trim(tolerance.amount)}`;
}

// Every Amber row's explanation names its tolerance, and a workbook has a handful: each is written once.
const trim = memoised((value: number): string => String(Number(value.toPrecision(10))));
