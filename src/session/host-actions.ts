import type { ChartIndicator } from "../workbook/chart-data";
import type { MappingOverride } from "../workbook/detect";
import type { KeptRuleCell, LearnedRules } from "../workbook/learn-rules";
import type { RunOptions, RunResult } from "../workbook/run";
import type { StoredSettings } from "../workbook/state";
import type { SelectionListener } from "./port";

/**
 * What the session needs of an `AbortSignal` (the pure layers have no DOM or
 * Node types; a real AbortSignal is one).
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** Where a long run has got to, for the progress bar. */
export interface Progress {
  readonly stage: "reading" | "rating" | "writing" | "done";
  /** 0 to 1. */
  readonly fraction: number;
  readonly message: string;
}

/** What writing learned rules into the Rules sheet did. */
export interface WrittenRules {
  /** The sheet written: always "Rules". */
  readonly sheet: string;
  /** The sheet (or its rules table) was made new; otherwise the officer's table was added to. */
  readonly created: boolean;
  /** Rows appended, one per learned code the sheet did not have. */
  readonly added: number;
  /** The officer's rows with an empty cell filled in. */
  readonly updated: number;
  /** Learned values not written because the officer's Rules sheet already holds a rule there. */
  readonly kept: readonly KeptRuleCell[];
}

/** What the task pane can ask of its host. Components receive these as props and never call Office themselves. */
export interface HostActions {
  /** Reads the workbook and finds and rates the tables, without writing anything. */
  analyse(options?: RunOptions): Promise<RunResult>;
  /** Reads, rates and writes the ratings back. Cancelling before the write leaves the workbook untouched. */
  rate(
    options: RunOptions,
    onProgress: (progress: Progress) => void,
    signal: CancelSignal
  ): Promise<RunResult>;
  /** Removes everything the add-in added on the given sheets (all when omitted). */
  clear(sheets?: readonly string[]): Promise<{ readonly clearedSheets: readonly string[] }>;
  /** Selects a cell in Excel (`D9` on `sheet`). */
  selectCell(sheet: string, cell: string): Promise<void>;
  /** Saves a column-mapping correction for a table, reused on every later run. */
  saveMappingOverride(tableId: string, override: MappingOverride): Promise<void>;
  /** Saves rule defaults and check settings in the workbook. */
  saveSettings(settings: StoredSettings): Promise<void>;
  /** Creates the "Rules" sheet (one row per code) if the workbook has none. */
  createRulesSheet(codes: readonly string[]): Promise<void>;
  /**
   * Reads the workbook, rates it (without writing) and learns each indicator's
   * rule from the RAG ratings it publishes (`learnRules`). Writes nothing.
   */
  learnRules(options?: RunOptions): Promise<LearnedRules>;
  /**
   * Writes learned rules into the "Rules" sheet (creating it when there is none)
   * with `mergeLearnedRules`, reading the sheet again first: only empty cells are
   * filled and rows appended; what the officer typed is never overwritten.
   */
  writeLearnedRules(learned: LearnedRules): Promise<WrittenRules>;
  /**
   * Writes the "Findings" sheet listing every flag with a link to its cell;
   * returns its name ("Findings 2" beside a user's own sheet called Findings).
   */
  createFindingsSheet(result: RunResult): Promise<string>;
  /**
   * Writes the "Summary" sheet: one row per indicator with its RAG, trends,
   * variation, assurance and benchmark verdicts, each cell a link to the
   * indicator's value, set to print on one A4 landscape page (for 40
   * indicators); returns its name ("Summary 2" beside a user's own Summary).
   */
  createSummarySheet(result: RunResult): Promise<string>;
  /**
   * Writes the "Overview" sheet: indicators down, tabs across, each cell the
   * RAG in its colour with ▲ / ▼ where that district is an outlier against
   * the others, and a link to the indicator's value; returns its name
   * ("Overview 2" beside a user's own Overview). Removed by clearing all.
   */
  createOverviewSheet(result: RunResult): Promise<string>;
  /**
   * Adds a native Excel line chart of one indicator beside its table: its
   * values, the XmR mean and process limits, and its target, plotted from a
   * block on the hidden "Scorecard RAG charts" sheet. Charting it again
   * replaces its chart; Clear removes it. Hosts without charts (an .xlsx file,
   * the demo) say so in `unsupported`; an indicator the run does not have, in `problem`.
   */
  createChart(result: RunResult, indicator: ChartIndicator): Promise<ChartOutcome>;
  /** Reads the saved settings. */
  loadSettings(): Promise<StoredSettings>;
  /**
   * Optional (Excel only): tells `listener` the sheet and address (`A4:G4`)
   * of each new selection in the workbook, until the returned function is
   * called. Absent where the host has no selection to watch.
   */
  watchSelection?(listener: SelectionListener): Promise<() => Promise<void>>;
}

/** What "Chart in workbook" did: the chart's name, or why there is none (a sentence for the user). */
export type ChartOutcome =
  { readonly name: string } | { readonly unsupported: string } | { readonly problem: string };
