import type { Polarity } from "./polarity";
import { DEFAULT_TOLERANCE, type Tolerance } from "./tolerance";

/**
 * Everything that decides a rating. Any field may be missing; a row's own
 * columns, the rules table and the table's defaults each supply some.
 *
 * - `floor`: the floor standard (the minimum acceptable level). Below it is Red,
 *   between floor and target Amber. For `minimise` it is a ceiling.
 * - `lower`/`upper`: the target range (Goldilocks / polarity T).
 * - `tolerance`: the Amber band when there is no floor (default 5% of target).
 * - `amber: false`: two states only, Green once the target is met, else Red.
 * - `rated: false`: data only, never rated.
 */
export interface RuleFields {
  readonly polarity?: Polarity;
  readonly target?: number;
  readonly floor?: number;
  readonly lower?: number;
  readonly upper?: number;
  readonly tolerance?: Tolerance;
  readonly amber?: boolean;
  readonly rated?: boolean;
}

export type RuleField = keyof RuleFields;
export const RULE_FIELDS: readonly RuleField[] = [
  "polarity",
  "target",
  "floor",
  "lower",
  "upper",
  "tolerance",
  "amber",
  "rated",
];

/** Where a resolved field came from: the row's own cells, the rules table, or the defaults. */
export type RuleSource = "row" | "rules" | "default";

export interface ResolvedRule extends RuleFields {
  readonly tolerance: Tolerance;
  readonly amber: boolean;
  readonly rated: boolean;
  readonly sources: Readonly<Record<RuleField, RuleSource | undefined>>;
}

export const DEFAULT_RULE: RuleFields = { tolerance: DEFAULT_TOLERANCE, amber: true, rated: true };

/**
 * Resolves one row's rule field by field: the row's own columns override the
 * rules table entry for its code, which overrides the table's defaults.
 *
 * Cost: O(number of fields).
 *
 * @example resolveRule({ target: 85 }, { polarity: "maximise" }, DEFAULT_RULE).tolerance // { kind: "relative", fraction: 0.05 }
 */
export function resolveRule(
  row: RuleFields,
  rules: RuleFields | undefined,
  defaults: RuleFields = DEFAULT_RULE
): ResolvedRule {
  const table = rules ?? NO_FIELDS;
  // One fixed object shape for every row keeps rating monomorphic: this runs for every indicator.
  const sources: Record<RuleField, RuleSource | undefined> = {
    polarity: sourceOf(row.polarity, table.polarity, defaults.polarity),
    target: sourceOf(row.target, table.target, defaults.target),
    floor: sourceOf(row.floor, table.floor, defaults.floor),
    lower: sourceOf(row.lower, table.lower, defaults.lower),
    upper: sourceOf(row.upper, table.upper, defaults.upper),
    tolerance: sourceOf(row.tolerance, table.tolerance, defaults.tolerance),
    amber: sourceOf(row.amber, table.amber, defaults.amber),
    rated: sourceOf(row.rated, table.rated, defaults.rated),
  };
  return {
    polarity: row.polarity ?? table.polarity ?? defaults.polarity,
    target: row.target ?? table.target ?? defaults.target,
    floor: row.floor ?? table.floor ?? defaults.floor,
    lower: row.lower ?? table.lower ?? defaults.lower,
    upper: row.upper ?? table.upper ?? defaults.upper,
    tolerance: row.tolerance ?? table.tolerance ?? defaults.tolerance ?? DEFAULT_TOLERANCE,
    amber: row.amber ?? table.amber ?? defaults.amber ?? true,
    rated: row.rated ?? table.rated ?? defaults.rated ?? true,
    sources,
  };
}

const NO_FIELDS: RuleFields = {};

function sourceOf(row: unknown, rules: unknown, defaults: unknown): RuleSource | undefined {
  return row !== undefined
    ? "row"
    : rules !== undefined
      ? "rules"
      : defaults !== undefined
        ? "default"
        : undefined;
}
