/**
 * Worksheet functions over the shared engine: the same rules the task pane and
 * the command line apply, for officers who want a rating inside their own
 * formulas (`=SCORECARDRAG.RAG(D5, E5, "Higher is better")`).
 *
 * Each function is pure and returns a {@link FunctionResult}: a user mistake (an
 * unreadable polarity, say) is data with a message, turned into a `#VALUE!`
 * with that message by ./register.ts; nothing here throws for bad input.
 */
import {
  compareTrend,
  explainRating,
  numberValue,
  parseCellValue,
  parsePolarity,
  parseTolerance,
  rate,
  resolveRule,
  type CellValue,
  type Polarity,
  type RuleFields,
  type Tolerance,
} from "../engine";

/** A cell argument as Excel passes it to a custom function (`null` for an omitted optional one). */
export type CellArgument = string | number | boolean | null | undefined;

export type FunctionResult =
  | { readonly kind: "value"; readonly value: string }
  | { readonly kind: "invalid"; readonly message: string };

const ok = (value: string): FunctionResult => ({ kind: "value", value });
const invalid = (message: string): FunctionResult => ({ kind: "invalid", message });

const omitted = (argument: CellArgument): boolean =>
  argument === null || argument === undefined || argument === "";

/**
 * A value argument. Excel passes a 85% cell as 0.85 without its format, so
 * numbers are taken as they are; text such as `31.5%`, `Redacted` or `N/A`
 * goes through the same reader as workbook cells.
 */
function valueOf(argument: CellArgument): CellValue {
  if (typeof argument === "number") return numberValue(argument);
  if (typeof argument === "boolean") return parseCellValue(String(argument));
  return parseCellValue(argument ?? null);
}

function numberArgument(
  argument: CellArgument,
  name: string
): { ok: true; value: number | undefined } | { ok: false; message: string } {
  if (omitted(argument)) return { ok: true, value: undefined };
  const cell = valueOf(argument);
  if (cell.kind === "number") return { ok: true, value: cell.value };
  return { ok: false, message: `The ${name} "${String(argument)}" is not a number.` };
}

function polarityArgument(
  argument: CellArgument
): { ok: true; value: Polarity | undefined } | { ok: false; message: string } {
  if (omitted(argument)) return { ok: true, value: undefined };
  const polarity = parsePolarity(argument);
  return polarity
    ? { ok: true, value: polarity }
    : {
        ok: false,
        message: `The polarity "${String(argument)}" is not recognised: use Maximise, Minimise or Goldilocks (or H, L, T).`,
      };
}

/**
 * A tolerance argument: text as in a rules table (`5%`, `2pp`, `±3`), or a number.
 * A number below 1 is a fraction (a 5% cell arrives as 0.05); 1 or more is a
 * percentage, as officers type it (5 means 5%).
 */
function toleranceArgument(
  argument: CellArgument
): { ok: true; value: Tolerance | undefined } | { ok: false; message: string } {
  if (omitted(argument)) return { ok: true, value: undefined };
  if (typeof argument === "number" && argument >= 0 && argument < 1)
    return { ok: true, value: { kind: "relative", fraction: argument } };
  const tolerance = parseTolerance(typeof argument === "boolean" ? String(argument) : argument);
  return tolerance
    ? { ok: true, value: tolerance }
    : {
        ok: false,
        message: `The tolerance "${String(argument)}" is not recognised: use 5%, 2pp or ±3.`,
      };
}

/** The optional arguments RAG and EXPLAIN share, after value and target. */
export interface RuleArguments {
  readonly polarity?: CellArgument;
  readonly tolerance?: CellArgument;
  readonly floor?: CellArgument;
  readonly lower?: CellArgument;
  readonly upper?: CellArgument;
}

function ruleOf(
  target: CellArgument,
  { polarity, tolerance, floor, lower, upper }: RuleArguments
): { ok: true; rule: RuleFields } | { ok: false; message: string } {
  const targetValue = numberArgument(target, "target");
  if (!targetValue.ok) return targetValue;
  const polarityValue = polarityArgument(polarity);
  if (!polarityValue.ok) return polarityValue;
  const toleranceValue = toleranceArgument(tolerance);
  if (!toleranceValue.ok) return toleranceValue;
  const floorValue = numberArgument(floor, "floor");
  if (!floorValue.ok) return floorValue;
  const lowerValue = numberArgument(lower, "lower limit");
  if (!lowerValue.ok) return lowerValue;
  const upperValue = numberArgument(upper, "upper limit");
  if (!upperValue.ok) return upperValue;
  const ranged = lowerValue.value !== undefined || upperValue.value !== undefined;
  return {
    ok: true,
    rule: {
      polarity: polarityValue.value ?? (ranged ? "range" : "maximise"),
      ...(lowerValue.value !== undefined ? { lower: lowerValue.value } : {}),
      ...(upperValue.value !== undefined ? { upper: upperValue.value } : {}),
      ...(targetValue.value !== undefined ? { target: targetValue.value } : {}),
      ...(toleranceValue.value ? { tolerance: toleranceValue.value } : {}),
      ...(floorValue.value !== undefined ? { floor: floorValue.value } : {}),
    },
  };
}

/**
 * `=SCORECARDRAG.RAG(value, target, [polarity], [tolerance], [floor], [lower], [upper])`: the
 * status the rating engine gives: Green, Amber, Red or NA. Polarity defaults to
 * Maximise (Goldilocks when a lower or upper limit is given), tolerance to 5% of
 * the target.
 *
 * Cost: O(1).
 *
 * @example ragStatus(0.82, 0.85).value // "Amber" (3.5% short, within 5%)
 */
export function ragStatus(
  value: CellArgument,
  target: CellArgument,
  rest: RuleArguments = {}
): FunctionResult {
  const rule = ruleOf(target, rest);
  if (!rule.ok) return invalid(rule.message);
  return ok(rate(valueOf(value), resolveRule(rule.rule, undefined)).status);
}

/**
 * `=SCORECARDRAG.EXPLAIN(value, target, [polarity], [tolerance], [floor], [lower], [upper])`: the
 * one-line explanation the Commentary column starts with.
 *
 * @example ragExplanation(82, 85).value // "Amber: 3.5% below target 85, tolerance 5%."
 */
export function ragExplanation(
  value: CellArgument,
  target: CellArgument,
  rest: RuleArguments = {}
): FunctionResult {
  const rule = ruleOf(target, rest);
  if (!rule.ok) return invalid(rule.message);
  const resolved = resolveRule(rule.rule, undefined);
  const cell = valueOf(value);
  return ok(explainRating(rate(cell, resolved), cell, resolved));
}

/**
 * `=SCORECARDRAG.TREND(latest, earlier, [polarity])`: IMP, STATIC or DET for
 * the latest value against an earlier one (the previous period for a short
 * trend, the same period a year before for a long one); NA when either is
 * missing. Static means equal once rounded to the latest value's own precision.
 *
 * @example trendCode(18.9, 20.1, "Lower is better").value // "IMP"
 */
export function trendCode(
  latest: CellArgument,
  earlier: CellArgument,
  polarity: CellArgument = null
): FunctionResult {
  const polarityValue = polarityArgument(polarity);
  if (!polarityValue.ok) return invalid(polarityValue.message);
  const result = compareTrend(valueOf(latest), valueOf(earlier), {
    polarity: polarityValue.value ?? "maximise",
  });
  return ok(result.trend);
}
