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
import {
  analyseSpc,
  assuranceVerdict,
  compareWithBenchmark,
  variationVerdict,
  type AssuranceTarget,
  type BenchmarkComparison,
  type IconVerdict,
} from "../engine/stats";

/** A cell argument as Excel passes it to a custom function (`null` for an omitted optional one). */
export type CellArgument = string | number | boolean | null | undefined;

/** A range argument (a parameter with dimensionality "matrix"): its rows of cells. */
export type RangeArgument = readonly (readonly CellArgument[])[];

/** Any argument: a cell, or a range for a matrix parameter. */
export type Argument = CellArgument | RangeArgument;

const isRange = (argument: Argument): argument is RangeArgument => Array.isArray(argument);

/** The cells of an argument in reading order (row by row, left to right); a cell alone is one cell. */
function cellsOf(argument: Argument): CellArgument[] {
  return isRange(argument) ? argument.flat() : [argument];
}

/**
 * The cell of a scalar parameter. Excel passes a scalar parameter one value;
 * a range can only come from a caller outside Excel, and is read by its first cell.
 */
export function scalarArgument(argument: Argument): CellArgument {
  return isRange(argument) ? argument[0]?.[0] : argument;
}

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

/**
 * A series from a range, oldest first in reading order: numbers as the
 * workbook reads its cells (`85%` text is 0.85), everything else (blanks,
 * text such as `Redacted`) a gap (NaN), which the XmR analysis skips.
 */
function seriesOf(values: Argument): number[] {
  return cellsOf(values).map((argument) => {
    const cell = valueOf(argument);
    return cell.kind === "number" ? cell.value : NaN;
  });
}

/** The words of a Making Data Count verdict, as the workbook's columns show them: `NA (reason)` for none. */
const iconText = (verdict: IconVerdict<string>): string =>
  verdict.kind === "icon" ? verdict.text : verdict.reason ? `NA (${verdict.reason})` : "NA";

/**
 * `=SCORECARDRAG.VARIATION(values, [polarity])`: the Making Data Count
 * variation icon of the series' latest point in words, as the Variation column
 * writes it: `Common cause`, `Improvement ↑`/`↓`, `Concern ↑`/`↓`, or
 * `Neither ↑`/`↓` for a target range or no polarity (the arrow is the side of
 * the special cause); `NA (reason)` with too few points (fewer than 12).
 *
 * `values` is the history, oldest first, read row by row; blanks and text
 * are gaps, skipped (so a row may run on into periods not yet filled). Without
 * a polarity there is no direction: a special cause is `Neither`, as for a
 * workbook row with no polarity.
 *
 * Cost: O(n) for n cells.
 *
 * @example spcVariation([[5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 50]], "Lower is better").value // "Concern ↑"
 */
export function spcVariation(values: Argument, polarity: CellArgument = null): FunctionResult {
  const polarityValue = polarityArgument(polarity);
  if (!polarityValue.ok) return invalid(polarityValue.message);
  return ok(iconText(variationVerdict(analyseSpc(seriesOf(values), polarityValue.value))));
}

/** One number, or a range written `80–90`, `80-90`, `80% to 90%` (the ends in either order). */
function targetOf(
  argument: CellArgument
): { ok: true; value: AssuranceTarget | undefined } | { ok: false; message: string } {
  if (omitted(argument)) return { ok: true, value: undefined };
  const whole = valueOf(argument);
  if (whole.kind === "number") return { ok: true, value: { target: whole.value } };
  const parts =
    typeof argument === "string"
      ? /^\s*(.+?)\s*(?:–|—|-|\bto\b)\s*(.+?)\s*$/i.exec(argument)
      : null;
  if (parts) {
    const a = valueOf(parts[1]);
    const b = valueOf(parts[2]);
    if (a.kind === "number" && b.kind === "number")
      return {
        ok: true,
        value: { lower: Math.min(a.value, b.value), upper: Math.max(a.value, b.value) },
      };
  }
  return {
    ok: false,
    message: `The target "${String(argument)}" is not a number or a range such as 80–90.`,
  };
}

/** A target argument: one cell (a number or `80–90` text), or two cells, the ends of a range. */
function assuranceTargetArgument(
  argument: Argument
): { ok: true; value: AssuranceTarget | undefined } | { ok: false; message: string } {
  const given = cellsOf(argument).filter((cell) => !omitted(cell));
  if (given.length <= 1) return targetOf(given[0]);
  if (given.length > 2)
    return { ok: false, message: "The target is one cell, or two cells: a range's two ends." };
  const [a, b] = given.map(valueOf);
  if (a?.kind !== "number" || b?.kind !== "number")
    return {
      ok: false,
      message: `The target range "${given.map(String).join(", ")}" is not two numbers.`,
    };
  return {
    ok: true,
    value: { lower: Math.min(a.value, b.value), upper: Math.max(a.value, b.value) },
  };
}

/**
 * `=SCORECARDRAG.ASSURANCE(values, target, [polarity])`: the Making Data Count
 * assurance icon in words, as the Assurance column writes it: `Consistently
 * passing`, `Consistently failing` or `Hit and miss`, from where the target lies
 * against the series' process limits (mean ± 2.66 × MR̄); `NA (reason)` with
 * too few points, no target, or one target and no polarity (or Goldilocks).
 *
 * `values` is read as {@link spcVariation} reads it. `target` is one number, a
 * range written as text (`80–90`, `80-90`, `80% to 90%`), or two cells (the
 * range's ends); a range is judged whatever the polarity. There is no default
 * polarity: a single target needs Maximise or Minimise to say which side passes,
 * as for a workbook row.
 *
 * Cost: O(n) for n cells.
 *
 * @example spcAssurance([[88, 91, 90, 89, 92, 90, 91, 89, 90, 92, 88, 91]], 80, "Maximise").value // "Consistently passing"
 */
export function spcAssurance(
  values: Argument,
  target: Argument,
  polarity: CellArgument = null
): FunctionResult {
  const targetValue = assuranceTargetArgument(target);
  if (!targetValue.ok) return invalid(targetValue.message);
  const polarityValue = polarityArgument(polarity);
  if (!polarityValue.ok) return invalid(polarityValue.message);
  const spc = analyseSpc(seriesOf(values), polarityValue.value);
  if (spc.kind === "too-few-points") return ok(iconText(variationVerdict(spc)));
  return ok(iconText(assuranceVerdict(spc.limits, targetValue.value, polarityValue.value)));
}

/**
 * A count or benchmark argument: blank, or a missing value such as `Redacted`,
 * `*` or `N/A` is absent (undefined); other text that is not a number is a mistake.
 */
function dataArgument(
  argument: CellArgument,
  name: string
): { ok: true; value: CellValue | undefined } | { ok: false; message: string } {
  if (omitted(argument)) return { ok: true, value: undefined };
  const cell = valueOf(argument);
  if (cell.kind === "missing" && cell.reason === "not-a-number")
    return { ok: false, message: `The ${name} "${String(argument)}" is not a number.` };
  return { ok: true, value: cell.kind === "number" ? cell : undefined };
}

function kindArgument(
  argument: CellArgument
): { ok: true; value: "proportion" | "rate" | undefined } | { ok: false; message: string } {
  if (omitted(argument)) return { ok: true, value: undefined };
  const text = String(argument).trim().toLowerCase();
  if (["proportion", "percentage", "percent", "%"].includes(text))
    return { ok: true, value: "proportion" };
  if (text === "rate") return { ok: true, value: "rate" };
  return {
    ok: false,
    message: `The kind "${String(argument)}" is not recognised: use Proportion or Rate.`,
  };
}

/** The words of a comparison, as a benchmark column writes them: `Not compared (reason)` for none. */
const comparisonText = (comparison: BenchmarkComparison): string =>
  comparison.kind === "compared" ? comparison.text : `${comparison.text} (${comparison.reason})`;

/**
 * `=SCORECARDRAG.COMPARE(value, numerator, denominator, benchmark, [polarity], [kind])`:
 * the value against a benchmark (England, the region …) in a benchmark column's
 * words, Fingertips-style: `Better`, `Similar` or `Worse` when its 95% interval
 * (Wilson for a proportion, Byar's or exact Poisson for a rate, from the
 * numerator and denominator) lies wholly above, around or below the benchmark;
 * `Higher`, `Similar`, `Lower` without a polarity (or Goldilocks);
 * `Higher`, `Lower` or `Same` by the values alone when the numerator or the
 * denominator is blank or missing; `Not compared (reason)` otherwise (no value,
 * no benchmark, a value that is not numerator / denominator × 1, 100 … 100,000).
 *
 * The value and benchmark are on the same scale: a 45.2% cell arrives as 0.452,
 * so the benchmark should be 0.452's kind too (a 38% cell, or 0.38). As in the
 * workbook, a benchmark typed as 38 beside a value written as `45.2%` text is
 * read as 38%. `kind` is Proportion or Rate, for when the default (a proportion
 * when numerator ≤ denominator and the value is per 1 or per 100) is wrong.
 *
 * Cost: O(1).
 *
 * @example benchmarkComparison(65, 65, 100, 50, "Higher is better").value // "Better" (Wilson 55.3–73.6)
 */
export function benchmarkComparison(
  value: CellArgument,
  numerator: CellArgument,
  denominator: CellArgument,
  benchmark: CellArgument,
  polarity: CellArgument = null,
  kind: CellArgument = null
): FunctionResult {
  const numeratorValue = dataArgument(numerator, "numerator");
  if (!numeratorValue.ok) return invalid(numeratorValue.message);
  const denominatorValue = dataArgument(denominator, "denominator");
  if (!denominatorValue.ok) return invalid(denominatorValue.message);
  const benchmarkValue = dataArgument(benchmark, "benchmark");
  if (!benchmarkValue.ok) return invalid(benchmarkValue.message);
  const polarityValue = polarityArgument(polarity);
  if (!polarityValue.ok) return invalid(polarityValue.message);
  const kindValue = kindArgument(kind);
  if (!kindValue.ok) return invalid(kindValue.message);

  // The workbook's reasons for a missing value or benchmark (src/workbook/mdc-columns.ts).
  const local = valueOf(value);
  if (local.kind !== "number") return ok("Not compared (no value to compare)");
  const against = benchmarkValue.value;
  if (against?.kind !== "number") return ok("Not compared (no benchmark value)");
  const scaled =
    local.percent && !against.percent && against.value > 1 && against.value <= 100
      ? against.value / 100
      : against.value;
  const n = numeratorValue.value;
  const d = denominatorValue.value;
  const counts =
    n?.kind === "number" && d?.kind === "number"
      ? { numerator: n.value, denominator: d.value }
      : {};
  return ok(
    comparisonText(
      compareWithBenchmark({
        value: local.value,
        benchmark: scaled,
        ...counts,
        ...(polarityValue.value === undefined ? {} : { polarity: polarityValue.value }),
        ...(kindValue.value === undefined ? {} : { kind: kindValue.value }),
      })
    )
  );
}
