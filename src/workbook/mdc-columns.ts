import { parseCellValue, type CellValue, type HistoryPoint, type RuleFields } from "../engine";
import { processLimitsOf } from "../engine/columnar";
import {
  analyseSpc,
  assuranceVerdict,
  compareWithBenchmark,
  variationVerdict,
  type AssuranceIcon,
  type BenchmarkComparison,
  type IconVerdict,
  type SpcResult,
  type VariationIcon,
} from "../engine/stats";
import type { ColumnChoice } from "./detect/column-mapping";
import type { SheetGrid } from "./snapshot";

/** One benchmark column's verdict on a row: which column, and Better / Similar / Worse … */
export interface BenchmarkCell {
  /** The benchmark column's header (`England 2020-21`). */
  readonly header: string;
  /** Its cell on the row (`M7`). */
  readonly cell: string;
  readonly comparison: BenchmarkComparison;
}

/** A row's Making Data Count verdicts and benchmark comparisons: what the optional columns show. */
export interface RowVerdicts {
  /** The XmR analysis of the row's history, shared by the Variation column and the SPC sentences; null without a latest value. */
  readonly spc: SpcResult | null;
  readonly variation: IconVerdict<VariationIcon>;
  readonly assurance: IconVerdict<AssuranceIcon>;
  readonly benchmarks: readonly BenchmarkCell[];
}

const noValue = { kind: "na", reason: "no latest value", text: "NA" } as const;

/**
 * The XmR analysis of a row's history (its finite values, oldest first, gaps
 * skipped as NHSRplotthedots skips NA), its variation and assurance, and its
 * comparison with each benchmark column. The latest value must be a number
 * for a verdict (a chart whose last point is missing says nothing about now).
 *
 * Cost: O(periods + benchmarks).
 */
export function rowVerdicts(
  grid: SheetGrid,
  row: number,
  value: CellValue,
  history: readonly HistoryPoint[],
  rule: RuleFields,
  numerator: CellValue | null,
  denominator: CellValue | null,
  benchmarks: readonly ColumnChoice[],
  minimumPoints: number,
  cellAt: (row: number, column: number) => string
): RowVerdicts {
  const latest = history[history.length - 1]?.value;
  let spc: SpcResult | null = null;
  if (latest?.kind === "number") {
    const values = history.map((p) => (p.value.kind === "number" ? p.value.value : Number.NaN));
    spc = analyseSpc(values, rule.polarity, { minimumPoints });
  }
  return spcVerdicts(
    spc,
    rule,
    benchmarkCells(grid, row, value, rule, numerator, denominator, benchmarks, cellAt)
  );
}

/**
 * A row's verdicts from its XmR analysis (`analyseSpc`'s, or the columnar
 * engine's equal one; null without a latest value): its variation, and its
 * assurance against the rule's target or target range; `benchmarks` as
 * {@link benchmarkCells} gives them.
 *
 * Cost: O(1).
 */
export function spcVerdicts(
  spc: SpcResult | null,
  rule: RuleFields,
  benchmarks: readonly BenchmarkCell[]
): RowVerdicts {
  if (spc === null) return { spc, variation: noValue, assurance: noValue, benchmarks };
  const variation = variationVerdict(spc);
  const assurance: IconVerdict<AssuranceIcon> =
    spc.kind === "too-few-points"
      ? { kind: "na", reason: variation.kind === "na" ? variation.reason : "", text: "NA" }
      : assuranceVerdict(processLimitsOf(spc), assuranceTarget(rule), rule.polarity);
  return { spc, variation, assurance, benchmarks };
}

const NO_BENCHMARKS: readonly BenchmarkCell[] = Object.freeze([]);

/**
 * The row's comparison with each benchmark column, in the columns' order.
 *
 * Cost: O(benchmarks); no allocation without benchmark columns.
 */
export function benchmarkCells(
  grid: SheetGrid,
  row: number,
  value: CellValue,
  rule: RuleFields,
  numerator: CellValue | null,
  denominator: CellValue | null,
  benchmarks: readonly ColumnChoice[],
  cellAt: (row: number, column: number) => string
): readonly BenchmarkCell[] {
  if (benchmarks.length === 0) return NO_BENCHMARKS;
  return benchmarks.map((b): BenchmarkCell => {
    const benchmark = parseCellValue(grid.value(row, b.column), grid.format(row, b.column));
    return {
      header: b.header,
      cell: cellAt(row, b.column),
      comparison: compare(value, benchmark, numerator, denominator, rule),
    };
  });
}

function assuranceTarget(
  rule: RuleFields
): { target: number } | { lower: number; upper: number } | undefined {
  if (rule.polarity === "range" && rule.lower !== undefined && rule.upper !== undefined)
    return { lower: rule.lower, upper: rule.upper };
  return rule.target === undefined ? undefined : { target: rule.target };
}

const notCompared = (reason: string): BenchmarkComparison => ({
  kind: "not-compared",
  reason,
  text: "Not compared",
});

function compare(
  value: CellValue,
  benchmark: CellValue,
  numerator: CellValue | null,
  denominator: CellValue | null,
  rule: RuleFields
): BenchmarkComparison {
  if (value.kind !== "number") return notCompared("no value to compare");
  if (benchmark.kind !== "number") return notCompared("no benchmark value");
  // A benchmark typed as 38.0 beside a local 45.2% means 38.0%.
  const scaled =
    value.percent && !benchmark.percent && benchmark.value > 1 && benchmark.value <= 100
      ? benchmark.value / 100
      : benchmark.value;
  const counts =
    numerator?.kind === "number" && denominator?.kind === "number"
      ? { numerator: numerator.value, denominator: denominator.value }
      : {};
  return compareWithBenchmark({
    value: value.value,
    benchmark: scaled,
    ...counts,
    ...(rule.polarity === undefined ? {} : { polarity: rule.polarity }),
  });
}
