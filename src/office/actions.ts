import type { HostActions, Progress, WrittenRules } from "../taskpane/actions";
import {
  FINDINGS_SHEET_NAME,
  findingsRows,
  findingsTarget,
  isOwnFindingsSheet,
  snapshotHead,
} from "../workbook/findings";
import type { MappingOverride } from "../workbook/detect";
import { learnRules, mergeLearnedRules, rulesSheetRuns } from "../workbook/learn-rules";
import { rulesSheetRows } from "../workbook/rules-table";
import { columnLetter } from "../workbook/address";
import { runWorkbook, type RunOptions, type RunResult } from "../workbook/run";
import {
  FINDINGS_SHEET,
  parseState,
  RULES_SHEET,
  STATE_SHEET,
  stateCells,
  type StoredSettings,
  type StoredState,
} from "../workbook/state";
import { applyPlan, SheetWriteError, type ApplyOptions } from "./apply";
import { readState, readWorkbook, type OfficeSnapshot, type SyncCounter } from "./read";
import type { CellScalar } from "../workbook/snapshot";

/** What the adapter needs of Office: injected so tests can pass a strict fake. */
export interface OfficeHost {
  readonly run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  readonly isSetSupported: (name: string, version: string) => boolean;
  /** Excel on the web limits each request to 5 MB; elsewhere there is no such limit. */
  readonly web: boolean;
}

export function defaultHost(): OfficeHost {
  return {
    run: (batch) => Excel.run(batch),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    web: Office.context.platform === Office.PlatformType.OfficeOnline,
  };
}

/** Below Excel on the web's 5 MB, leaving room for what the byte estimates miss. */
export const WEB_REQUEST_BUDGET = 4 * 1024 * 1024;

export class CancelledError extends Error {
  constructor() {
    super("Rating cancelled; nothing was written.");
    this.name = "AbortError";
  }
}

/** Runs `work`; an Excel error becomes one that says what failed and on which sheet. */
async function naming<T>(what: string, sheet: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (cause instanceof SheetWriteError || cause instanceof CancelledError) throw cause;
    const code = (cause as { code?: unknown } | null)?.code;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SheetWriteError(
      `Could not ${what} on sheet "${sheet}": ${reason}`,
      [sheet],
      typeof code === "string" ? code : "Unknown",
      cause
    );
  }
}

/**
 * The host actions for the task pane, over Office.js. Each action is one
 * Excel.run: read the workbook (2 syncs), run the shared pipeline, apply the
 * plan (1 sync; more only to stay under Excel on the web's request limit).
 * Failures name the sheet they happened on.
 */
export function createOfficeActions(
  host: OfficeHost = defaultHost(),
  counter: SyncCounter = { syncs: 0 }
): HostActions {
  const notes = host.isSetSupported("ExcelApi", "1.18");
  const readOptions = { mergedAreas: host.isSetSupported("ExcelApi", "1.13"), notes };

  /** How to apply a plan to what was just read. */
  function applyOptions(snapshot: OfficeSnapshot): ApplyOptions {
    return {
      notes,
      stateSheetExists: snapshot.state !== undefined,
      notedCells: new Map(snapshot.sheets.map((s) => [s.name, new Set(s.notedCells ?? [])])),
      ownFormats: snapshot.ownFormats,
      names: snapshot.names.map((n) => n.name),
      protectedSheets: snapshot.protectedSheets,
      ...(host.web ? { maxRequestBytes: WEB_REQUEST_BUDGET } : {}),
    };
  }

  async function saveState(update: (state: StoredState) => StoredState): Promise<void> {
    await naming("save the settings", STATE_SHEET, () =>
      host.run(async (context) => {
        const saved = await readState(context, counter);
        const { state } = parseState(saved);
        const next = update(state);
        const cells = stateCells(next);
        const exists = saved !== undefined;
        const sheet = exists
          ? context.workbook.worksheets.getItem(STATE_SHEET)
          : context.workbook.worksheets.add(STATE_SHEET);
        if (!exists) sheet.visibility = Excel.SheetVisibility.veryHidden;
        sheet.getRange("A:A").clear(Excel.ClearApplyTo.contents);
        sheet.getRange(`A1:A${cells.length}`).values = cells.map((c) => [c]);
        counter.syncs++;
        await context.sync();
      })
    );
  }

  return {
    async analyse(options?: RunOptions): Promise<RunResult> {
      return host.run(async (context) =>
        runWorkbook(await readWorkbook(context, readOptions, counter), options)
      );
    },

    async rate(
      options: RunOptions,
      onProgress: (progress: Progress) => void,
      signal: AbortSignal
    ): Promise<RunResult> {
      return host.run(async (context) => {
        onProgress({ stage: "reading", fraction: 0.1, message: "Reading the workbook…" });
        const snapshot = await readWorkbook(context, readOptions, counter);
        if (signal.aborted) throw new CancelledError();
        onProgress({
          stage: "rating",
          fraction: 0.4,
          message: `Rating ${snapshot.sheets.length} sheets…`,
        });
        const result = runWorkbook(snapshot, { ...options, mode: "rate" });
        if (signal.aborted) throw new CancelledError();
        onProgress({ stage: "writing", fraction: 0.7, message: "Writing ratings…" });
        await applyPlan(context, result.plan, applyOptions(snapshot), counter);
        onProgress({ stage: "done", fraction: 1, message: "Done." });
        return result;
      });
    },

    async clear(sheets?: readonly string[]) {
      return host.run(async (context) => {
        const snapshot = await readWorkbook(context, readOptions, counter);
        const result = runWorkbook(
          snapshot,
          sheets ? { mode: "clear", sheets } : { mode: "clear" }
        );
        // Clearing everything also removes the Findings sheets the add-in listed (known by their header).
        if (!sheets)
          for (const findings of snapshot.sheets.filter((sheet) =>
            isOwnFindingsSheet(snapshotHead(sheet))
          ))
            context.workbook.worksheets.getItem(findings.name).delete();
        await applyPlan(context, result.plan, applyOptions(snapshot), counter);
        return { clearedSheets: result.plan.sheets.map((s) => s.sheet) };
      });
    },

    async selectCell(sheet: string, cell: string) {
      await naming(`select ${cell}`, sheet, () =>
        host.run(async (context) => {
          const worksheet = context.workbook.worksheets.getItem(sheet);
          worksheet.activate();
          worksheet.getRange(cell).select();
          counter.syncs++;
          await context.sync();
        })
      );
    },

    async saveMappingOverride(tableId: string, override: MappingOverride) {
      await saveState((state) => ({
        ...state,
        overrides: { ...state.overrides, [tableId]: override },
      }));
    },

    async saveSettings(settings: StoredSettings) {
      await saveState((state) => ({ ...state, settings: { ...state.settings, ...settings } }));
    },

    async loadSettings(): Promise<StoredSettings> {
      return host.run(
        async (context) => parseState(await readState(context, counter)).state.settings
      );
    },

    async createRulesSheet(codes: readonly string[]) {
      await naming("create the rules table", RULES_SHEET, () =>
        host.run(async (context) => {
          const existing = context.workbook.worksheets.getItemOrNullObject(RULES_SHEET);
          counter.syncs++;
          await context.sync();
          if (!existing.isNullObject) return;
          const sheet = context.workbook.worksheets.add(RULES_SHEET);
          const rows = rulesSheetRows(codes);
          const last = columnLetter(rows[0]!.length - 1);
          // Codes as text: `007` stays 007, and a code like `=1` is never taken for a formula.
          sheet.getRange(`A1:A${rows.length}`).numberFormat = rows.map(() => ["@"]);
          sheet.getRange(`A1:${last}${rows.length}`).values = rows;
          sheet.getRange(`A1:${last}1`).format.font.bold = true;
          counter.syncs++;
          await context.sync();
        })
      );
    },

    async learnRules(options?: RunOptions) {
      return host.run(async (context) => {
        const snapshot = await readWorkbook(context, readOptions, counter);
        return learnRules(runWorkbook(snapshot, options), snapshot);
      });
    },

    async writeLearnedRules(learned): Promise<WrittenRules> {
      return naming("write the learned rules", RULES_SHEET, () =>
        host.run(async (context) => {
          // Read the sheet again now: the officer may have typed in it since the rules were learned.
          const existing = context.workbook.worksheets.getItemOrNullObject(RULES_SHEET);
          counter.syncs++;
          await context.sync();
          const used = existing.isNullObject ? undefined : existing.getUsedRangeOrNullObject(true);
          if (used) {
            used.load("values,rowIndex,columnIndex");
            counter.syncs++;
            await context.sync();
          }
          const cells = used && !used.isNullObject ? (used.values as CellScalar[][]) : undefined;
          const merged = mergeLearnedRules(cells, learned);
          const written: WrittenRules = {
            sheet: RULES_SHEET,
            created: merged.created,
            added: merged.added,
            updated: merged.updated,
            kept: merged.kept,
          };
          if (merged.writes.length === 0) return written;
          const sheet = existing.isNullObject
            ? context.workbook.worksheets.add(RULES_SHEET)
            : existing;
          const top = !merged.created && used && !used.isNullObject ? used.rowIndex : 0;
          const left = !merged.created && used && !used.isNullObject ? used.columnIndex : 0;
          // Only the merge's cells, each run of adjacent cells in a row as one range: formatted as
          // text ("@") first, then written through `values`, so a code such as 007 or =1 and a
          // tolerance such as 5% stay the text the rules reader parses (never a number or formula).
          for (const run of rulesSheetRuns(merged.writes)) {
            const row = top + run.row + 1;
            const address = `${columnLetter(left + run.column)}${row}:${columnLetter(left + run.column + run.texts.length - 1)}${row}`;
            const range = sheet.getRange(address);
            range.numberFormat = [run.texts.map(() => "@")];
            range.values = [[...run.texts]];
          }
          if (merged.created) {
            const width = merged.rows[0]!.length;
            sheet.getRange(`A1:${columnLetter(width - 1)}1`).format.font.bold = true;
          }
          counter.syncs++;
          await context.sync();
          return written;
        })
      );
    },

    async createFindingsSheet(result: RunResult) {
      await naming("list the findings", FINDINGS_SHEET, () =>
        host.run(async (context) => {
          const worksheets = context.workbook.worksheets.load("items/name");
          counter.syncs++;
          await context.sync();
          // Only sheets called Findings… can be the add-in's; their header row says whether they are.
          const candidates = worksheets.items
            .filter((sheet) => FINDINGS_SHEET_NAME.test(sheet.name))
            .map((sheet) => ({ sheet, header: sheet.getRange("A1:G1").load("values") }));
          if (candidates.length > 0) {
            counter.syncs++;
            await context.sync();
          }
          const target = findingsTarget(
            worksheets.items.map((sheet) => ({
              name: sheet.name,
              firstRow: candidates.find((c) => c.sheet === sheet)?.header.values[0] ?? [],
            }))
          );
          const sheet = target.exists
            ? context.workbook.worksheets.getItem(target.name)
            : context.workbook.worksheets.add(target.name);
          if (target.exists) sheet.getRange().clear(Excel.ClearApplyTo.all);
          const rows = findingsRows(result);
          const last = rows.length;
          // Column B holds the link formulas, the only formulas on the sheet. Every other column is
          // text: formatted "@" first, then written through `values`, so Excel stores each string as
          // it is (a code such as 007 or 1.2 stays text, and user text findingsRows begins with `'`,
          // such as `'=1`, keeps the quote as content and is never evaluated, nor after a CSV export).
          for (const column of ["A", "C", "D", "E", "F"])
            sheet.getRange(`${column}1:${column}${last}`).numberFormat = rows.map(() => ["@"]);
          sheet.getRange(`A1:A${last}`).values = rows.map((row) => [row[0]!]);
          sheet.getRange(`B1:B${last}`).formulas = rows.map((row) => [row[1]!]);
          sheet.getRange(`C1:F${last}`).values = rows.map((row) => row.slice(2, 6));
          sheet.getRange("A1:F1").format.font.bold = true;
          sheet.activate();
          counter.syncs++;
          await context.sync();
        })
      );
    },
  };
}
