/**
 * The worksheet functions Excel registers, by id, with the wrappers that adapt
 * Excel's positional arguments to ./functions. functions.json describes the
 * same ids and parameters to Excel; a test keeps the two in step.
 */
import {
  ragExplanation,
  ragStatus,
  trendCode,
  type CellArgument,
  type FunctionResult,
} from "./functions";

export interface CatalogEntry {
  /** Parameter names in Excel's order, as functions.json lists them. */
  readonly parameters: readonly string[];
  readonly invoke: (...args: CellArgument[]) => FunctionResult;
}

const RULE_PARAMETERS = ["value", "target", "polarity", "tolerance", "floor", "lower", "upper"];

export const CATALOG: Readonly<Record<string, CatalogEntry>> = {
  RAG: {
    parameters: RULE_PARAMETERS,
    invoke: (value, target, polarity, tolerance, floor, lower, upper) =>
      ragStatus(value, target, { polarity, tolerance, floor, lower, upper }),
  },
  EXPLAIN: {
    parameters: RULE_PARAMETERS,
    invoke: (value, target, polarity, tolerance, floor, lower, upper) =>
      ragExplanation(value, target, { polarity, tolerance, floor, lower, upper }),
  },
  TREND: {
    parameters: ["latest", "earlier", "polarity"],
    invoke: (latest, earlier, polarity) => trendCode(latest, earlier, polarity),
  },
};
