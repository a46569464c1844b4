import {
  CHART_DATA_HEADER,
  CHART_DATA_SHEET_NAME,
  CHART_PREFIX,
  chartBlockNames,
  chartName,
  chartDataTarget,
  chartSlot,
  indicatorChart,
  isOwnChartDataSheet,
  type ChartIndicator,
} from "../workbook/chart-data";
import type { MappingOverride } from "../workbook/detect";
import {
  FINDINGS_HEADER,
  FINDINGS_SHEET_NAME,
  findingsRows,
  findingsTarget,
  isOwnFindingsSheet,
  snapshotHead,
} from "../workbook/findings";
import {
  learnRules,
  mergeLearnedRules,
  rulesSheetRuns,
  type LearnedRules,
} from "../workbook/learn-rules";
import {
  isOwnOverviewSheet,
  OVERVIEW_SHEET_NAME,
  overviewSheet,
  overviewTarget,
} from "../workbook/overview-sheet";
import { rulesSheetRows } from "../workbook/rules-table";
import { runWorkbook, type RunOptions, type RunResult } from "../workbook/run";
import {
  isOwnSummarySheet,
  SUMMARY_HEADER,
  SUMMARY_SHEET_NAME,
  summarySheet,
  summaryTarget,
} from "../workbook/summary-sheet";
import {
  parseState,
  RULES_SHEET,
  stateCells,
  type StoredSettings,
  type StoredState,
} from "../workbook/state";
import type {
  CancelSignal,
  ChartOutcome,
  HostActions,
  Progress,
  WrittenRules,
} from "./host-actions";
import type { CellRun, ChartRef, HostPort, SheetCells, SheetWrite } from "./port";

/** Thrown when the user cancels a rating before anything is written. */
export class CancelledError extends Error {
  constructor() {
    super("Rating cancelled; nothing was written.");
    this.name = "AbortError";
  }
}

export interface SessionOptions {
  /** Awaited before each stage of `rate` (the demo's pauses; tests hold a run mid-way with it). */
  readonly beforeStage?: (stage: Progress["stage"]) => Promise<void>;
}

/** What clearing did. */
export interface Cleared {
  readonly clearedSheets: readonly string[];
  /** The add-in's own sheets removed (its Findings, Summary and Overview sheets, when everything is cleared). */
  readonly removedSheets: readonly string[];
  /** The add-in's charts deleted (those on the cleared sheets; every one when everything is cleared). */
  readonly removedCharts: readonly ChartRef[];
  /** The clear run, for the CLI's report. */
  readonly result: RunResult;
}

/** The host actions, with what the command line also needs to report. */
export interface Session extends HostActions {
  rate(
    options: RunOptions,
    onProgress?: (progress: Progress) => void,
    signal?: CancelSignal
  ): Promise<RunResult>;
  clear(sheets?: readonly string[]): Promise<Cleared>;
  /** Learns the rules as `learnRules` does, with the run learned from (its warnings name missing sheets). */
  learn(
    options?: RunOptions
  ): Promise<{ readonly learned: LearnedRules; readonly result: RunResult }>;
  /** Writes the Findings sheet; returns its name ("Findings", or "Findings 2" beside a user's sheet of that name). */
  createFindingsSheet(result: RunResult): Promise<string>;
  /** Writes the Summary sheet; returns its name ("Summary", or "Summary 2" beside a user's sheet of that name). */
  createSummarySheet(result: RunResult): Promise<string>;
  /** Writes the Overview sheet; returns its name ("Overview", or "Overview 2" beside a user's sheet of that name). */
  createOverviewSheet(result: RunResult): Promise<string>;
}

/** Whether the run found a problem that must stop the write (a sheet asked for that the workbook lacks). */
function hasErrors(result: RunResult): boolean {
  return result.warnings.some((w) => w.severity === "error");
}

/** Waits for `pending`, or rejects with CancelledError as soon as the signal fires. */
function unlessAborted(signal: CancelSignal | undefined, pending: Promise<void>): Promise<void> {
  if (!signal) return pending;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
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
}

/** Text runs, one per row, from A1 (empty cells are written as empty). */
function textRows(rows: readonly (readonly (string | number)[])[]): CellRun[] {
  return rows.map((row, r) => ({
    row: r,
    column: 0,
    kind: "text",
    values: row.map((v) => String(v)),
  }));
}

/**
 * The Findings sheet as runs: the Cell column's links as formulas, every other
 * cell text (findingsRows has already neutralised user text a spreadsheet could
 * evaluate).
 */
export function findingsSheetWrite(result: RunResult, name: string, replace: boolean): SheetWrite {
  const rows = findingsRows(result);
  const link = FINDINGS_HEADER.indexOf("Cell");
  const runs: CellRun[] = rows.flatMap((row, r): CellRun[] => {
    const texts = row.map((v) => String(v));
    if (r === 0) return [{ row: 0, column: 0, kind: "text", values: texts }];
    return [
      { row: r, column: 0, kind: "text", values: texts.slice(0, link) },
      { row: r, column: link, kind: "formula", values: [texts[link]!] },
      { row: r, column: link + 1, kind: "text", values: texts.slice(link + 1) },
    ];
  });
  return {
    name,
    replace,
    runs,
    widths: [14, 8, 12, 22, 9, 90],
    headerWidth: FINDINGS_HEADER.length,
  };
}

/**
 * The Summary sheet as runs: each row's links as formula runs, its empty cells
 * (and the header) as text; with its conditional formats and page setup.
 */
export function summarySheetWrite(result: RunResult, name: string, replace: boolean): SheetWrite {
  const sheet = summarySheet(result);
  const runs: CellRun[] = sheet.rows.flatMap((row, r): CellRun[] => {
    if (r === 0) return [{ row: 0, column: 0, kind: "text", values: [...row] }];
    // One run per stretch of links or of empty cells.
    const out: { row: number; column: number; kind: "text" | "formula"; values: string[] }[] = [];
    row.forEach((value, column) => {
      const kind = value === "" ? "text" : "formula";
      const last = out[out.length - 1];
      if (last?.kind === kind) last.values.push(value);
      else out.push({ row: r, column, kind, values: [value] });
    });
    return out;
  });
  return {
    name,
    replace,
    runs,
    widths: sheet.widths,
    headerWidth: SUMMARY_HEADER.length,
    conditionalFormats: sheet.conditionalFormats.map(({ range, beginsWith, fill, font }) => ({
      range,
      beginsWith,
      fill,
      font,
    })),
    print: sheet.print,
  };
}

/**
 * The Overview sheet as runs (overviewSheet makes them: codes and names as
 * text, each tab's cell a link); with its RAG formats and page setup.
 */
export function overviewSheetWrite(result: RunResult, name: string, replace: boolean): SheetWrite {
  const sheet = overviewSheet(result);
  return {
    name,
    replace,
    runs: sheet.runs,
    widths: sheet.widths,
    headerWidth: sheet.headerWidth,
    conditionalFormats: sheet.conditionalFormats.map(({ range, beginsWith, fill, font }) => ({
      range,
      beginsWith,
      fill,
      font,
    })),
    print: sheet.print,
  };
}

/**
 * The add-in's steps (analyse, rate, clear, findings, summary, overview, rules, settings), written
 * once over a host port: Excel, an .xlsx file and the demo differ only in the
 * port. Every decision (what to rate, what to write, what is the add-in's own)
 * is made here or below, in the workbook layer.
 *
 * - Rating with an error (a sheet asked for that is not there) writes nothing.
 * - Clearing some sheets keeps the Findings, Summary and Overview sheets; clearing all removes them.
 * - Saving settings merges them into the saved ones.
 */
export function createSession(port: HostPort, options: SessionOptions = {}): Session {
  const updateState = (update: (state: StoredState) => StoredState): Promise<void> =>
    port.updateState((saved) => stateCells(update(parseState(saved).state)));

  /**
   * Deletes the add-in's charts on `sheets` (every one when undefined). Clearing
   * some sheets keeps the chart data sheet (other sheets' charts plot from it)
   * and empties only the deleted charts' blocks; clearing all deletes the sheet
   * with the other own sheets.
   */
  async function clearCharts(sheets: readonly string[] | undefined): Promise<readonly ChartRef[]> {
    if (!port.listCharts || !port.deleteCharts) return [];
    const charts = (await port.listCharts(CHART_PREFIX)).filter(
      (chart) => !sheets || sheets.includes(chart.sheet)
    );
    if (charts.length === 0) return [];
    await port.deleteCharts(charts);
    if (!sheets) return charts;
    const target = chartDataTarget(await port.sheetHeads(CHART_DATA_SHEET_NAME));
    if (!target.exists) return charts;
    const names = new Set(charts.map((chart) => chart.name));
    await port.editSheet(target.name, (cells) => {
      const runs = chartBlockNames(cells)
        .filter((block) => names.has(block.name))
        .flatMap(({ range }): CellRun[] =>
          Array.from({ length: range.bottom - range.top + 1 }, (_, i) => ({
            row: range.top + i,
            column: range.left,
            kind: "text",
            values: Array.from({ length: range.right - range.left + 1 }, () => ""),
          }))
        );
      return runs.length > 0 ? { write: { runs }, result: undefined } : { result: undefined };
    });
    return charts;
  }

  const learn = (runOptions?: RunOptions) =>
    port.transaction(async (workbook) => {
      const snapshot = await workbook.read();
      const result = runWorkbook(snapshot, runOptions);
      return { learned: learnRules(result, snapshot), result };
    });

  return {
    async analyse(runOptions?: RunOptions): Promise<RunResult> {
      return port.transaction(async (workbook) => runWorkbook(await workbook.read(), runOptions));
    },

    async rate(runOptions, onProgress = () => undefined, signal): Promise<RunResult> {
      const stage = async (progress: Progress): Promise<void> => {
        if (signal?.aborted) throw new CancelledError();
        await unlessAborted(signal, options.beforeStage?.(progress.stage) ?? Promise.resolve());
        onProgress(progress);
      };
      return port.transaction(async (workbook) => {
        // Read and rated in a function of its own: a suspended async function keeps its
        // locals, so the snapshot (every cell of every sheet) would stay alive while the
        // plan is applied, the run's largest step.
        const rateSnapshot = async (): Promise<RunResult> => {
          await stage({ stage: "reading", fraction: 0.1, message: "Reading the workbook…" });
          const snapshot = await workbook.read();
          await stage({
            stage: "rating",
            fraction: 0.4,
            message: `Rating ${snapshot.sheets.length} sheets…`,
          });
          return runWorkbook(snapshot, { ...runOptions, mode: "rate" });
        };
        const result = await rateSnapshot();
        if (!hasErrors(result)) {
          await stage({
            stage: "writing",
            fraction: 0.7,
            message: `Writing ratings to ${result.plan.sheets.length} sheets…`,
          });
          await workbook.apply(result.plan, []);
        }
        onProgress({ stage: "done", fraction: 1, message: "Done." });
        return result;
      });
    },

    async clear(sheets?: readonly string[]): Promise<Cleared> {
      const cleared = await port.transaction(async (workbook): Promise<Cleared> => {
        const snapshot = await workbook.read();
        const result = runWorkbook(
          snapshot,
          sheets ? { mode: "clear", sheets } : { mode: "clear" }
        );
        if (hasErrors(result))
          return { clearedSheets: [], removedSheets: [], removedCharts: [], result };
        // The Findings, Summary and Overview sheets list every sheet's rows: they go only when everything is cleared.
        const names = snapshot.sheets.map((s) => s.name);
        const removedSheets = sheets
          ? []
          : snapshot.sheets
              .filter((s) => {
                const head = snapshotHead(s);
                return (
                  isOwnFindingsSheet(head) ||
                  isOwnSummarySheet(head) ||
                  isOwnChartDataSheet(head) ||
                  isOwnOverviewSheet(head, names)
                );
              })
              .map((s) => s.name);
        await workbook.apply(result.plan, removedSheets);
        return {
          clearedSheets: result.plan.sheets.map((s) => s.sheet),
          removedSheets,
          removedCharts: [],
          result,
        };
      });
      if (hasErrors(cleared.result)) return cleared;
      return { ...cleared, removedCharts: await clearCharts(sheets) };
    },

    selectCell: (sheet, cell) => port.selectCell(sheet, cell),

    async saveMappingOverride(tableId: string, override: MappingOverride) {
      await updateState((state) => ({
        ...state,
        overrides: { ...state.overrides, [tableId]: override },
      }));
    },

    async saveSettings(settings: StoredSettings) {
      await updateState((state) => ({ ...state, settings: { ...state.settings, ...settings } }));
    },

    async loadSettings(): Promise<StoredSettings> {
      return parseState(await port.readState()).state.settings;
    },

    async createRulesSheet(codes: readonly string[]) {
      await port.editSheet(RULES_SHEET, (cells) => {
        if (cells) return { result: undefined };
        const rows = rulesSheetRows(codes);
        // The header and the codes as text (`007` stays 007); the rule cells are left for the officer.
        const runs: CellRun[] = [
          textRows(rows.slice(0, 1))[0]!,
          ...rows.slice(1).map((row, i): CellRun => ({
            row: i + 1,
            column: 0,
            kind: "text",
            values: [row[0]!],
          })),
        ];
        return {
          write: { runs, bold: { top: 0, left: 0, bottom: 0, right: rows[0]!.length - 1 } },
          result: undefined,
        };
      });
    },

    learn: (runOptions?: RunOptions) => learn(runOptions),

    async learnRules(runOptions?: RunOptions): Promise<LearnedRules> {
      return (await learn(runOptions)).learned;
    },

    async writeLearnedRules(learned: LearnedRules): Promise<WrittenRules> {
      // The sheet is read again now: the officer may have typed in it since the rules were learned.
      return port.editSheet(RULES_SHEET, (cells) => {
        const merged = mergeLearnedRules(cells?.values, learned);
        const result: WrittenRules = {
          sheet: RULES_SHEET,
          created: merged.created,
          added: merged.added,
          updated: merged.updated,
          kept: merged.kept,
        };
        if (merged.writes.length === 0) return { result };
        const top = !merged.created && cells ? cells.origin.row : 0;
        const left = !merged.created && cells ? cells.origin.column : 0;
        const runs = rulesSheetRuns(merged.writes).map((run): CellRun => ({
          row: top + run.row,
          column: left + run.column,
          kind: "text",
          values: run.texts,
        }));
        const width = merged.rows[0]?.length ?? 1;
        return {
          write: {
            runs,
            ...(merged.created ? { bold: { top: 0, left: 0, bottom: 0, right: width - 1 } } : {}),
          },
          result,
        };
      });
    },

    async createFindingsSheet(result: RunResult): Promise<string> {
      const target = findingsTarget(await port.sheetHeads(FINDINGS_SHEET_NAME));
      await port.putSheet(findingsSheetWrite(result, target.name, target.exists));
      return target.name;
    },

    async createChart(result: RunResult, indicator: ChartIndicator): Promise<ChartOutcome> {
      if (!port.putChart)
        return {
          unsupported:
            "Charts are added in Excel only: open the workbook in Excel and chart the indicator there.",
        };
      const target = chartDataTarget(await port.sheetHeads(CHART_DATA_SHEET_NAME));
      const cells: SheetCells | undefined = target.exists
        ? await port.editSheet(target.name, (read) => ({ result: read }))
        : undefined;
      const slot = chartSlot(chartName(indicator.sheet, indicator.code), cells);
      const made = indicatorChart(result, indicator, target.name, slot);
      if (!made)
        return {
          problem: `There is no indicator ${indicator.code} in row ${indicator.sheetRow} of "${indicator.sheet}" in the last run: rate again, then chart it.`,
        };
      const { block, chart } = made;
      const usedBottom = cells ? cells.origin.row + cells.values.length - 1 : 0;
      await port.putChart({
        dataSheet: { name: target.name, create: !target.exists, header: CHART_DATA_HEADER },
        clear: { ...block.range, bottom: Math.max(block.range.bottom, usedBottom) },
        runs: block.texts.map((t): CellRun => ({ ...t, kind: "text" })),
        numbers: { ...block.numbers, numberFormat: block.numberFormat },
        chart,
      });
      return { name: chart.name };
    },

    async createSummarySheet(result: RunResult): Promise<string> {
      const target = summaryTarget(await port.sheetHeads(SUMMARY_SHEET_NAME));
      await port.putSheet(summarySheetWrite(result, target.name, target.exists));
      return target.name;
    },

    async createOverviewSheet(result: RunResult): Promise<string> {
      const target = overviewTarget(await port.sheetHeads(OVERVIEW_SHEET_NAME));
      await port.putSheet(overviewSheetWrite(result, target.name, target.exists));
      return target.name;
    },

    ...(port.onSelection ? { watchSelection: port.onSelection.bind(port) } : {}),
  };
}
