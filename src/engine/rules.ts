import type { Polarity } from "./polarity";
import { DEFAULT_TOLERANCE, type Tolerance } from "./tolerance";
import type { TrendGaps } from "./trends";

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
 * - `gaps`: what the trends do when the period before has no value: `skip` to
 *   the latest earlier period with one, or `strict` (NA). Unset, the workbook's
 *   setting decides (by default: skip for annual series).
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
  readonly gaps?: TrendGaps;
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
  "gaps",
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
 * `sources` says where each field came from; it is a shared, frozen record
 * (one per combination of sources), not a new object per row.
 *
 * Cost: O(number of fields); allocates only the result.
 *
 * @example resolveRule({ target: 85 }, { polarity: "maximise" }, DEFAULT_RULE).tolerance // { kind: "relative", fraction: 0.05 }
 */
export function resolveRule(
  row: RuleFields,
  rules: RuleFields | undefined,
  defaults: RuleFields = DEFAULT_RULE
): ResolvedRule {
  const table = rules ?? NO_FIELDS;
  // Where each field comes from, two bits a field (see SOURCE_CODES), so that the
  // sources record can be one shared frozen object per combination instead of a
  // new object per row.
  const key =
    sourceCode(row.polarity, table.polarity, defaults.polarity) |
    (sourceCode(row.target, table.target, defaults.target) << 2) |
    (sourceCode(row.floor, table.floor, defaults.floor) << 4) |
    (sourceCode(row.lower, table.lower, defaults.lower) << 6) |
    (sourceCode(row.upper, table.upper, defaults.upper) << 8) |
    (sourceCode(row.tolerance, table.tolerance, defaults.tolerance) << 10) |
    (sourceCode(row.amber, table.amber, defaults.amber) << 12) |
    (sourceCode(row.rated, table.rated, defaults.rated) << 14) |
    (sourceCode(row.gaps, table.gaps, defaults.gaps) << 16);
  // One fixed object shape for every row keeps rating monomorphic: this runs for every indicator.
  return {
    polarity: row.polarity ?? table.polarity ?? defaults.polarity,
    target: row.target ?? table.target ?? defaults.target,
    floor: row.floor ?? table.floor ?? defaults.floor,
    lower: row.lower ?? table.lower ?? defaults.lower,
    upper: row.upper ?? table.upper ?? defaults.upper,
    tolerance: row.tolerance ?? table.tolerance ?? defaults.tolerance ?? DEFAULT_TOLERANCE,
    amber: row.amber ?? table.amber ?? defaults.amber ?? true,
    rated: row.rated ?? table.rated ?? defaults.rated ?? true,
    gaps: row.gaps ?? table.gaps ?? defaults.gaps,
    sources: SOURCES.get(key) ?? sourcesFor(key),
  };
}

const NO_FIELDS: RuleFields = {};

/** Source codes: 0 none, 1 row, 2 rules, 3 default. */
const SOURCE_CODES: readonly (RuleSource | undefined)[] = [undefined, "row", "rules", "default"];

function sourceCode(row: unknown, rules: unknown, defaults: unknown): number {
  return row !== undefined ? 1 : rules !== undefined ? 2 : defaults !== undefined ? 3 : 0;
}

/** Shared, frozen sources records by key (at most 4⁹ = 262,144, in practice a handful). */
const SOURCES = new Map<number, Readonly<Record<RuleField, RuleSource | undefined>>>();

function sourcesFor(key: number): Readonly<Record<RuleField, RuleSource | undefined>> {
  const code = (field: number): RuleSource | undefined => SOURCE_CODES[(key >> (2 * field)) & 3];
  const sources = Object.freeze({
    polarity: code(0),
    target: code(1),
    floor: code(2),
    lower: code(3),
    upper: code(4),
    tolerance: code(5),
    amber: code(6),
    rated: code(7),
    gaps: code(8),
  });
  SOURCES.set(key, sources);
  return sources;
}
