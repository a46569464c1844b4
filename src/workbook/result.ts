/**
 * What a run produces, as types only: the messages for the user, each sheet's
 * and table's results, and the write plan the hosts apply. The modules that
 * build these (run, checks, outlier-checks) and those that read them (findings,
 * learn-rules, period-ratings, plan-notes) all import them from here, so none
 * of them imports another for a type. `run.ts` re-exports every one, for the
 * code outside this layer.
 */
import type { Status } from "../engine/status";
import type { TableSummary } from "../engine/summary";
import type { DetectedTable } from "./detect";
import type { OwnedName } from "./ownership";
import type { SheetPlan } from "./plan";
import type { RowResult, Severity } from "./rate-table";
import type { Settings } from "./settings";
import type { SheetGrid } from "./snapshot";
import type { StoredState } from "./state";

/** A message for the user: what, where (sheet and cell), and how bad. */
export interface Message {
  readonly severity: Severity;
  readonly sheet?: string;
  readonly cell?: string;
  readonly message: string;
}

/** A message about a whole table or sheet, not one row. */
export interface TableNote {
  readonly sheet: string;
  readonly cell: string;
  readonly message: string;
}

/** A table once rated: what the checks read and add their flags to. */
export interface RatedTable {
  readonly sheet: string;
  readonly grid: SheetGrid;
  readonly table: DetectedTable;
  readonly rows: RowResult[];
  readonly summary: TableSummary;
}

/** The column a role was read from, for the user to review. */
export interface MappingEntry {
  readonly column: string;
  readonly header: string;
  readonly reason: string;
}

export interface TableResult {
  readonly id: string;
  readonly sheet: string;
  readonly address: string;
  readonly title: string | null;
  readonly layout: "wide" | "long";
  readonly source: "scan" | "list-object";
  readonly confidence: "high" | "medium" | "low";
  readonly mapping: Readonly<Record<string, MappingEntry>>;
  readonly periods: readonly { column: string; header: string }[];
  readonly notes: readonly string[];
  readonly rows: readonly RowResult[];
  readonly counts: Readonly<Record<Status, number>>;
  readonly narrative: readonly string[];
}

export interface SheetResult {
  readonly name: string;
  readonly tables: readonly TableResult[];
  readonly problem: string | null;
}

export interface WritePlan {
  readonly sheets: readonly SheetPlan[];
  /**
   * Every workbook name of the add-in's once the plan is applied (each over one
   * owned block); the host deletes its other `ScorecardRAG_…` names.
   */
  readonly names: readonly OwnedName[];
  readonly state: StoredState;
  /** The state sheet's column A, or `null` to delete the state sheet (nothing left to keep). */
  readonly stateCells: readonly string[] | null;
}

export interface RunResult {
  readonly sheets: readonly SheetResult[];
  readonly warnings: readonly Message[];
  readonly plan: WritePlan;
  readonly settings: Settings;
}
