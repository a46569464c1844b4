import {
  cellAddress,
  columnLetter,
  qualified,
  rangeAddress,
  type CellRange,
} from "../workbook/address";
import type { SheetPlan } from "../workbook/plan";
import { withoutNotes } from "../workbook/plan-notes";
import type { WritePlan } from "../workbook/run";
import { STATE_SHEET } from "../workbook/state";
import type { SyncCounter } from "./read";

export interface ApplyOptions {
  /** NoteCollection needs ExcelApi 1.18; without it the commentary column carries the text alone. */
  readonly notes: boolean;
  /** Whether the state sheet exists now (from the read). */
  readonly stateSheetExists: boolean;
  /** Split value writes so no request exceeds this (Excel on the web refuses requests over 5 MB). */
  readonly maxRequestBytes?: number;
}

export interface ApplyReport {
  /** Notes left out because the cell already had a note the add-in did not write. */
  readonly skippedNotes: readonly string[];
  readonly notesSupported: boolean;
}

const columns = (at: number, count: number): string =>
  `${columnLetter(at)}:${columnLetter(at + count - 1)}`;

/** A cell's column before the plan's inserts (note targets sit in user columns, never in inserted ones). */
function beforeInserts(sheet: SheetPlan, cell: string): string {
  const match = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!match) return cell;
  let column = 0;
  for (const ch of match[1]!) column = column * 26 + ch.charCodeAt(0) - 64;
  column -= 1;
  for (const insert of [...sheet.insertColumns].sort((a, b) => b.at - a.at))
    if (column >= insert.at + insert.count) column -= insert.count;
  return cellAddress(Number(match[2]) - 1, column);
}

function blankToEmpty(values: readonly (readonly (string | null)[])[]): string[][] {
  return values.map((row) => row.map((v) => v ?? ""));
}

/**
 * Applies a write plan. Write sync 1 asks which planned note cells already
 * hold a note; write sync 2 does everything else in plan order (remove old notes
 * and formats, clear, delete or insert columns, write values, add conditional
 * formats and notes, save the state). Values are split into further syncs only
 * when one request would pass `maxRequestBytes`.
 */
export async function applyPlan(
  context: Excel.RequestContext,
  plan: WritePlan,
  options: ApplyOptions,
  counter: SyncCounter = { syncs: 0 }
): Promise<ApplyReport> {
  const workbook = context.workbook;
  const noteChecks: { sheet: string; cell: string; item: Excel.Note; ours: boolean }[] = [];
  if (options.notes) {
    for (const sheet of plan.sheets) {
      const removing = new Set(sheet.removeNotes);
      for (const cell of sheet.removeNotes) {
        const item = workbook.notes.getItemOrNullObject(qualified(sheet.sheet, cell));
        item.load("isNullObject");
        noteChecks.push({ sheet: sheet.sheet, cell, item, ours: true });
      }
      for (const note of sheet.notes) {
        const before = beforeInserts(sheet, note.cell);
        if (removing.has(before)) continue;
        const item = workbook.notes.getItemOrNullObject(qualified(sheet.sheet, before));
        item.load("isNullObject");
        noteChecks.push({ sheet: sheet.sheet, cell: note.cell, item, ours: false });
      }
    }
    if (noteChecks.length > 0) {
      counter.syncs++;
      await context.sync();
    }
  }
  const skipped = new Map<string, Set<string>>();
  for (const check of noteChecks) {
    if (check.ours || check.item.isNullObject) continue;
    const set = skipped.get(check.sheet) ?? new Set<string>();
    set.add(check.cell);
    skipped.set(check.sheet, set);
  }
  const allNotes = new Map(plan.sheets.map((s) => [s.sheet, new Set(s.notes.map((n) => n.cell))]));
  const finalPlan = options.notes ? withoutNotes(plan, skipped) : withoutNotes(plan, allNotes);

  const budget = options.maxRequestBytes ?? Infinity;
  let pending = 0;
  const flushIfOver = async (bytes: number): Promise<void> => {
    if (pending > 0 && pending + bytes > budget) {
      counter.syncs++;
      await context.sync();
      pending = 0;
    }
    pending += bytes;
  };

  for (const sheetPlan of finalPlan.sheets) {
    const sheet = workbook.worksheets.getItem(sheetPlan.sheet);
    for (const check of noteChecks) {
      if (check.sheet === sheetPlan.sheet && check.ours && !check.item.isNullObject)
        check.item.delete();
    }
    for (const range of sheetPlan.removeConditionalFormats)
      sheet.getRange(rangeAddress(range)).conditionalFormats.clearAll();
    for (const range of sheetPlan.clearRanges)
      sheet.getRange(rangeAddress(range)).clear(Excel.ClearApplyTo.contents);
    for (const d of sheetPlan.deleteColumns)
      sheet.getRange(columns(d.at, d.count)).delete(Excel.DeleteShiftDirection.left);
    for (const i of sheetPlan.insertColumns)
      sheet.getRange(columns(i.at, i.count)).insert(Excel.InsertShiftDirection.right);
    for (const write of sheetPlan.writes) {
      const values = blankToEmpty(write.values);
      await flushIfOver(JSON.stringify(values).length + 200);
      sheet.getRange(rangeAddress(write.range)).values = values;
    }
  }
  for (const sheetPlan of finalPlan.sheets) {
    const sheet = workbook.worksheets.getItem(sheetPlan.sheet);
    for (const format of sheetPlan.conditionalFormats) {
      await flushIfOver(400);
      addStatusFormat(
        sheet.getRange(rangeAddress(format.range)),
        format.beginsWith,
        format.fill,
        format.font
      );
    }
    if (options.notes) {
      for (const note of sheetPlan.notes) {
        await flushIfOver(note.text.length + 200);
        workbook.notes.add(qualified(sheetPlan.sheet, note.cell), note.text);
      }
    }
  }
  writeState(workbook, finalPlan.stateCells, options.stateSheetExists);
  counter.syncs++;
  await context.sync();
  return {
    skippedNotes: [...skipped.values()].flatMap((s) => [...s]),
    notesSupported: options.notes,
  };
}

function addStatusFormat(range: Excel.Range, text: string, fill: string, font: string): void {
  const format = range.conditionalFormats.add(Excel.ConditionalFormatType.containsText);
  format.textComparison.format.fill.color = fill;
  format.textComparison.format.font.color = font;
  format.textComparison.rule = { operator: Excel.ConditionalTextOperator.beginsWith, text };
}

function writeState(
  workbook: Excel.Workbook,
  cells: readonly string[] | null,
  exists: boolean
): void {
  if (cells === null) {
    if (exists) workbook.worksheets.getItem(STATE_SHEET).delete();
    return;
  }
  const sheet = exists
    ? workbook.worksheets.getItem(STATE_SHEET)
    : workbook.worksheets.add(STATE_SHEET);
  if (!exists) sheet.visibility = Excel.SheetVisibility.veryHidden;
  sheet.getRange("A1:A200").clear(Excel.ClearApplyTo.contents);
  if (cells.length > 0) sheet.getRange(`A1:A${cells.length}`).values = cells.map((c) => [c]);
}

export type { CellRange };
