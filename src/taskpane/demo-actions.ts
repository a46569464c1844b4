import type { HostActions, Progress } from "./actions";
import type { MappingOverride } from "../workbook/detect";
import { neutraliseFormulaText } from "../workbook/formula-text";
import { learnRules, mergeLearnedRules } from "../workbook/learn-rules";
import { rulesSheetRows } from "../workbook/rules-table";
import { runWorkbook, type RunOptions, type RunResult } from "../workbook/run";
import { applyPlanInMemory } from "./memory-workbook";
import type { CellScalar, SheetSnapshot, WorkbookSnapshot } from "../workbook/snapshot";
import {
  FINDINGS_SHEET,
  parseState,
  RULES_SHEET,
  stateCells,
  type StoredSettings,
  type StoredState,
} from "../workbook/state";

/** A sheet from rows of cells, with `%` formats on the given 0-based columns. */
function sheet(
  name: string,
  rows: CellScalar[][],
  percentColumns: readonly number[] = []
): SheetSnapshot {
  return {
    name,
    origin: { row: 0, column: 0 },
    values: rows,
    numberFormats: rows.map((r) =>
      r.map((v, j) => (typeof v === "number" && percentColumns.includes(j) ? "0.0%" : "General"))
    ),
  };
}

/**
 * A small scorecard workbook with the schemes the add-in must reproduce: a
 * county's floor-standard scorecard ("Kent", with a value of 120% in F9 and a
 * published Green the rule makes Amber), a unitary council's relative-tolerance
 * Council Plan ("Medway"), and a notes sheet with no table.
 */
export function demoWorkbook(): WorkbookSnapshot {
  return {
    sheets: [
      sheet(
        "Kent",
        [
          ["Kent children's services scorecard"],
          [],
          ["PI code", "Indicator", "Polarity", "Floor", "Target", "Value", "RAG"],
          ["SCS01", "Children seen within 7 days", "H", 0.75, 0.85, 0.9, "Green"],
          ["SCS02", "Repeat referrals within 12 months", "L", 0.3, 0.22, 0.25, "Amber"],
          ["SCS03", "Assessments within 45 days", "H", 0.8, 0.9, 0.7, "Red"],
          [
            "SCS04",
            "Care leavers in education, employment or training",
            "H",
            0.5,
            0.65,
            0.6,
            "Green",
          ],
          ["SCS05", "Placement stability", "H", 0.6, 0.7, 0.72, "Green"],
          ["SCS06", "Case audits rated good or better", "H", 0.6, 0.8, 1.2, "Green"],
        ],
        [3, 4, 5]
      ),
      sheet("Medway", [
        ["Council Plan performance, Q3 2022/23"],
        ["PI code", "PI name", "Aim to", "Value", "Target", "Status"],
        ["PH13", "Smoking quitters at 4 weeks", "Maximise", 82, 85, "Amber"],
        ["ILAC1", "Children in care per 10,000", "Minimise", 22.1, 22, "Amber"],
        ["ILAC7(N)", "Care leavers in touch", "Maximise", 75, 80, "Red"],
        ["CSC0004", "Contacts progressing to referral", "Goldilocks", 67.3, 67, "Green"],
      ]),
      sheet("Notes", [["How to read this scorecard: RAG ratings follow the council's own rules."]]),
    ],
  };
}

export interface DemoOptions {
  readonly snapshot?: WorkbookSnapshot;
  /** Pause before each progress step (ms); 0 in tests. */
  readonly stepDelayMs?: number;
  /** Awaited before each stage of `rate`, so a test can hold the run mid-way. */
  readonly beforeStage?: (stage: Progress["stage"]) => Promise<void>;
}

/** A snapshot holder that behaves like a workbook: runs, writes state, adds sheets. */
export interface DemoHost extends HostActions {
  /** The workbook as it is now. */
  snapshot(): WorkbookSnapshot;
  /** Marks the ratings as written (as if Rate had run before the pane opened). */
  prerate(options?: RunOptions): RunResult;
}

function abortError(): Error {
  const error = new Error("Rating cancelled.");
  error.name = "AbortError";
  return error;
}

/**
 * Host actions over an in-memory workbook, running the real pipeline
 * (`runWorkbook`): for tests, demos and the task pane opened outside Excel.
 * Plans are applied to the in-memory cells (memory-workbook.ts), so re-analysis,
 * overrides, settings and Clear behave as in Excel.
 */
export function createDemoActions(options: DemoOptions = {}): DemoHost {
  let snapshot: WorkbookSnapshot = options.snapshot ?? demoWorkbook();
  const delay = options.stepDelayMs ?? 0;

  const state = (): StoredState => parseState(snapshot.state).state;
  const setState = (next: StoredState): void => {
    snapshot = { ...snapshot, state: stateCells(next).join("") };
  };
  const applyPlan = (result: RunResult): void => {
    snapshot = applyPlanInMemory(snapshot, result.plan);
  };
  const addSheet = (added: SheetSnapshot): void => {
    snapshot = {
      ...snapshot,
      sheets: [...snapshot.sheets.filter((s) => s.name !== added.name), added],
    };
  };
  /** Waits for `pending`, or rejects as soon as the run is cancelled. */
  const unlessAborted = (signal: AbortSignal, pending: Promise<unknown>): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(abortError());
      const onAbort = (): void => reject(abortError());
      signal.addEventListener("abort", onAbort, { once: true });
      pending.then(
        () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        (cause: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(cause instanceof Error ? cause : new Error(String(cause)));
        }
      );
    });
  const step = async (
    signal: AbortSignal,
    onProgress: (p: Progress) => void,
    progress: Progress
  ): Promise<void> => {
    await unlessAborted(signal, options.beforeStage?.(progress.stage) ?? Promise.resolve());
    if (delay > 0)
      await unlessAborted(signal, new Promise((resolve) => setTimeout(resolve, delay)));
    onProgress(progress);
  };

  return {
    snapshot: () => snapshot,
    prerate(runOptions = {}) {
      const result = runWorkbook(snapshot, runOptions);
      applyPlan(result);
      return result;
    },
    async analyse(runOptions) {
      return runWorkbook(snapshot, runOptions);
    },
    async rate(runOptions, onProgress, signal) {
      const sheets = runOptions.sheets ?? snapshot.sheets.map((s) => s.name);
      await step(signal, onProgress, {
        stage: "reading",
        fraction: 0.1,
        message: `Reading ${sheets.length} sheets…`,
      });
      const result = runWorkbook(snapshot, { ...runOptions, mode: "rate" });
      const rows = result.sheets.reduce(
        (n, s) => n + s.tables.reduce((m, t) => m + t.rows.length, 0),
        0
      );
      await step(signal, onProgress, {
        stage: "rating",
        fraction: 0.5,
        message: `Rating ${rows} indicators…`,
      });
      await step(signal, onProgress, {
        stage: "writing",
        fraction: 0.8,
        message: `Writing ratings to ${result.plan.sheets.length} sheets…`,
      });
      applyPlan(result);
      onProgress({ stage: "done", fraction: 1, message: "Done." });
      return result;
    },
    async clear(sheets) {
      const result = runWorkbook(snapshot, { mode: "clear", sheets });
      applyPlan(result);
      return { clearedSheets: result.plan.sheets.map((s) => s.sheet) };
    },
    async selectCell(sheetName, cell) {
      if (!snapshot.sheets.some((s) => s.name === sheetName))
        throw new Error(`There is no sheet named "${sheetName}" to select ${cell} on.`);
    },
    async saveMappingOverride(tableId: string, override: MappingOverride) {
      const current = state();
      setState({ ...current, overrides: { ...current.overrides, [tableId]: override } });
    },
    async saveSettings(settings: StoredSettings) {
      setState({ ...state(), settings });
    },
    async loadSettings() {
      return state().settings;
    },
    async createRulesSheet(codes) {
      if (snapshot.sheets.some((s) => s.name === RULES_SHEET)) return;
      addSheet(sheet(RULES_SHEET, rulesSheetRows(codes)));
    },
    async learnRules(runOptions) {
      return learnRules(runWorkbook(snapshot, runOptions), snapshot);
    },
    async writeLearnedRules(learned) {
      const existing = snapshot.sheets.find((s) => s.name === RULES_SHEET);
      const merged = mergeLearnedRules(existing?.values, learned);
      const written = {
        sheet: RULES_SHEET,
        created: merged.created,
        added: merged.added,
        updated: merged.updated,
        kept: merged.kept,
      };
      if (merged.writes.length === 0) return written;
      // As Excel holds it: the written cells formatted as text ("@"), every other cell as it was.
      const formats = merged.rows.map((row, i) =>
        row.map(
          (_, j) => (merged.created ? undefined : existing?.numberFormats[i]?.[j]) ?? "General"
        )
      );
      for (const { row, column } of merged.writes) formats[row]![column] = "@";
      const updated: SheetSnapshot = {
        ...(existing && !merged.created ? existing : {}),
        name: RULES_SHEET,
        origin: merged.created
          ? { row: 0, column: 0 }
          : (existing?.origin ?? { row: 0, column: 0 }),
        values: merged.rows,
        numberFormats: formats,
      };
      snapshot = {
        ...snapshot,
        sheets: existing
          ? snapshot.sheets.map((s) => (s === existing ? updated : s))
          : [...snapshot.sheets, updated],
      };
      return written;
    },
    async createFindingsSheet(result) {
      const rows: CellScalar[][] = [["Sheet", "Cell", "Code", "Severity", "Finding"]];
      for (const s of result.sheets)
        for (const t of s.tables)
          for (const r of t.rows)
            for (const f of r.flags)
              // User text (sheet name, code, message) as the real hosts write it: `=1` reads `'=1`.
              rows.push([s.name, f.cell, r.code, f.severity, f.message].map(neutraliseFormulaText));
      addSheet(sheet(FINDINGS_SHEET, rows));
    },
  };
}
