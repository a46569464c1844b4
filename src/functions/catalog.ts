/**
 * The worksheet functions Excel registers, by id, with the wrappers that adapt
 * Excel's positional arguments to ./functions. functions.json describes the
 * same ids and parameters to Excel; a test keeps the two in step.
 */
import {
  benchmarkComparison,
  ragExplanation,
  ragStatus,
  scalarArgument,
  spcAssurance,
  spcVariation,
  trendCode,
  type Argument,
  type CellArgument,
  type FunctionResult,
} from "./functions";

export interface CatalogEntry {
  /** Parameter names in Excel's order, as functions.json lists them. */
  readonly parameters: readonly string[];
  /** Excel's arguments: a cell for a scalar parameter, rows of cells for a matrix one. */
  readonly invoke: (...args: Argument[]) => FunctionResult;
}

/** Adapts a function of scalar parameters only. */
const scalars =
  (implementation: (...args: CellArgument[]) => FunctionResult) =>
  (...args: Argument[]): FunctionResult =>
    implementation(...args.map(scalarArgument));

const RULE_PARAMETERS = ["value", "target", "polarity", "tolerance", "floor", "lower", "upper"];

export const CATALOG: Readonly<Record<string, CatalogEntry>> = {
  RAG: {
    parameters: RULE_PARAMETERS,
    invoke: scalars((value, target, polarity, tolerance, floor, lower, upper) =>
      ragStatus(value, target, { polarity, tolerance, floor, lower, upper })
    ),
  },
  EXPLAIN: {
    parameters: RULE_PARAMETERS,
    invoke: scalars((value, target, polarity, tolerance, floor, lower, upper) =>
      ragExplanation(value, target, { polarity, tolerance, floor, lower, upper })
    ),
  },
  TREND: {
    parameters: ["latest", "earlier", "polarity"],
    invoke: scalars((latest, earlier, polarity) => trendCode(latest, earlier, polarity)),
  },
  VARIATION: {
    parameters: ["values", "polarity"],
    invoke: (values, polarity) => spcVariation(values, scalarArgument(polarity)),
  },
  ASSURANCE: {
    parameters: ["values", "target", "polarity"],
    invoke: (values, target, polarity) => spcAssurance(values, target, scalarArgument(polarity)),
  },
  COMPARE: {
    parameters: ["value", "numerator", "denominator", "benchmark", "polarity", "kind"],
    invoke: scalars((value, numerator, denominator, benchmark, polarity, kind) =>
      benchmarkComparison(value, numerator, denominator, benchmark, polarity, kind)
    ),
  },
};
