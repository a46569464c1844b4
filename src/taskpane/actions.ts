import type { MappingOverride } from "../workbook/detect";
import type { RunOptions, RunResult } from "../workbook/run";
import type { StoredSettings } from "../workbook/state";

/** Where a long run has got to, for the progress bar. */
export interface Progress {
  readonly stage: "reading" | "rating" | "writing" | "done";
  /** 0 to 1. */
  readonly fraction: number;
  readonly message: string;
}

/** What the task pane can ask of its host. Components receive these as props and never call Office themselves. */
export interface HostActions {
  /** Reads the workbook and finds and rates the tables, without writing anything. */
  analyse(options?: RunOptions): Promise<RunResult>;
  /** Reads, rates and writes the ratings back. Cancelling before the write leaves the workbook untouched. */
  rate(
    options: RunOptions,
    onProgress: (progress: Progress) => void,
    signal: AbortSignal
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
  /** Writes the "Findings" sheet listing every flag with a link to its cell. */
  createFindingsSheet(result: RunResult): Promise<void>;
  /** Reads the saved settings. */
  loadSettings(): Promise<StoredSettings>;
}
