import {
  cellAddress,
  columnIndex,
  columnLetter,
  qualified,
  rangeAddress,
  type CellRange,
} from "../workbook/address";
import type { SheetPlan } from "../workbook/plan";
import { nameReference } from "../workbook/ownership";
import { withoutNotes } from "../workbook/plan-notes";
import type { WritePlan } from "../workbook/run";
import { STATE_SHEET } from "../workbook/state";
import { utf8Bytes } from "./bytes";
import type { OwnFormat, SyncCounter } from "./read";

export interface ApplyOptions {
  /** NoteCollection needs ExcelApi 1.18; without it the commentary column carries the text alone. */
  readonly notes: boolean;
  /** Whether the state sheet exists now (from the read). */
  readonly stateSheetExists: boolean;
  /**
   * Cells (`D9`) that hold a note or a comment now, by sheet (the read's `notedCells`): the add-in deletes only
   * its own notes that are still there, and never adds a note where one already is.
   */
  readonly notedCells: ReadonlyMap<string, ReadonlySet<string>>;
  /** The add-in's own conditional formats now, by sheet (the read's `ownFormats`): deleted by id on re-rate and clear. */
  readonly ownFormats: ReadonlyMap<string, readonly OwnFormat[]>;
  /** The add-in's workbook names now (from the read): those the plan does not keep are deleted. */
  readonly names?: readonly string[];
  /** Sheets with protection on (from the read): the plan is refused before anything is written. */
  readonly protectedSheets?: readonly string[];
  /** Split the request so none passes this many bytes (Excel on the web refuses requests over 5 MB). */
  readonly maxRequestBytes?: number;
}

export interface ApplyReport {
  /** Notes left out because the cell already had a note the add-in did not write. */
  readonly skippedNotes: readonly string[];
  readonly notesSupported: boolean;
}

/** Writing to the workbook failed; `sheets` are those the refused request was changing. */
export class SheetWriteError extends Error {
  readonly sheets: readonly string[];
  /** Excel's error code (`AccessDenied`, `InvalidArgument` …), or `SheetProtected` when refused before writing. */
  readonly code: string;
  constructor(message: string, sheets: readonly string[], code: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "SheetWriteError";
    this.sheets = sheets;
    this.code = code;
  }
}

/** `sheet "Kent"`, `sheets "Kent" and "Dover"`, `sheets "Kent", "Dover" and "Swale"`. */
function listSheets(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  if (quoted.length <= 1) return `sheet ${quoted.join("")}`;
  return `sheets ${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** Refuses a plan that would write to a protected sheet: Excel would apply part of it, then fail. */
function refuseProtected(plan: WritePlan, protectedSheets: readonly string[]): void {
  const locked = plan.sheets
    .map((sheet) => sheet.sheet)
    .filter((name) => protectedSheets.includes(name));
  if (locked.length === 0) return;
  const one = locked.length === 1;
  const them = one ? "it" : "them";
  throw new SheetWriteError(
    `The ${listSheets(locked)} ${one ? "is" : "are"} protected, so nothing was written. ` +
      `Unprotect ${them} (Review > Unprotect Sheet) or leave ${them} out of the run, then try again.`,
    locked,
    "SheetProtected"
  );
}

/**
 * The sheet a refused request failed on, when Excel's debug information names
 * it (its statements carry the object path: `worksheets.getItem("Dover")…`,
 * or an address such as `'Tunbridge Wells'!H9`).
 */
function failingSheet(cause: unknown, candidates: readonly string[]): string | undefined {
  const info = (cause as { debugInfo?: { statement?: unknown; surroundingStatements?: unknown } })
    ?.debugInfo;
  const text = [
    info?.statement,
    ...(Array.isArray(info?.surroundingStatements) ? info.surroundingStatements : []),
  ]
    .filter((part): part is string => typeof part === "string")
    .join("\n");
  if (!text) return undefined;
  return candidates.find(
    (name) =>
      text.includes(`getItem(${JSON.stringify(name)})`) || text.includes(qualified(name, ""))
  );
}

/** A failed sync as an error that names the sheet (or the sheets the request was changing). */
function writeError(cause: unknown, changing: readonly string[]): SheetWriteError {
  const user = changing.filter((name) => name !== STATE_SHEET);
  const candidates = user.length > 0 ? user : changing;
  const culprit = failingSheet(cause, changing);
  const sheets = culprit ? [culprit] : candidates;
  const code = (cause as { code?: unknown } | null)?.code;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SheetWriteError(
    `Could not write to the ${listSheets(sheets)}: ${reason}`,
    sheets,
    typeof code === "string" ? code : "Unknown",
    cause
  );
}

/** A generous allowance for one command's object path, method and framing in the request. */
const COMMAND_BYTES = 300;

const columns = (at: number, count: number): string =>
  `${columnLetter(at)}:${columnLetter(at + count - 1)}`;

/** A cell's column before the plan's inserts (note targets sit in user columns, never in inserted ones). */
function beforeInserts(sheet: SheetPlan, cell: string): string {
  const match = /^([A-Z]{1,3})(\d+)$/.exec(cell);
  if (!match) return cell;
  let column = columnIndex(match[1]!)!;
  for (const insert of [...sheet.insertColumns].sort((a, b) => b.at - a.at))
    if (column >= insert.at + insert.count) column -= insert.count;
  return cellAddress(Number(match[2]) - 1, column);
}

/** The first column of each group of columns the plan inserts, where it ends up once all are inserted. */
function insertedColumns(sheet: SheetPlan): Set<number> {
  const lefts = new Set<number>();
  let before = 0;
  for (const insert of [...sheet.insertColumns].sort((a, b) => a.at - b.at)) {
    lefts.add(insert.at + before);
    before += insert.count;
  }
  return lefts;
}

function blankToEmpty(values: readonly (readonly (string | null)[])[]): string[][] {
  return values.map((row) => row.map((v) => v ?? ""));
}

/**
 * Applies a write plan in one sync, in plan order: delete the add-in's old
 * notes and conditional formats, clear, delete or insert columns,
 * write values, add conditional formats and notes, save the state. Only when
 * one request would pass `maxRequestBytes` is it split into more syncs, between
 * commands or between rows of a long write.
 */
export async function applyPlan(
  context: Excel.RequestContext,
  plan: WritePlan,
  options: ApplyOptions,
  counter: SyncCounter = { syncs: 0 }
): Promise<ApplyReport> {
  refuseProtected(plan, options.protectedSheets ?? []);
  const workbook = context.workbook;
  const noted = (sheet: string, cell: string): boolean =>
    options.notedCells.get(sheet)?.has(cell) ?? false;

  const skipped = new Map<string, Set<string>>();
  if (options.notes) {
    for (const sheet of plan.sheets) {
      const removing = new Set(sheet.removeNotes);
      for (const note of sheet.notes) {
        const before = beforeInserts(sheet, note.cell);
        if (removing.has(before) || !noted(sheet.sheet, before)) continue;
        const set = skipped.get(sheet.sheet) ?? new Set<string>();
        set.add(note.cell);
        skipped.set(sheet.sheet, set);
      }
    }
  }
  const allNotes = new Map(plan.sheets.map((s) => [s.sheet, new Set(s.notes.map((n) => n.cell))]));
  const finalPlan = options.notes
    ? withoutNotes(plan, skipped)
    : withoutNotes(plan, allNotes, false);

  const budget = options.maxRequestBytes ?? Infinity;
  const limited = Number.isFinite(budget);
  let pending = 0;
  const changing = new Set<string>();
  const flush = async (): Promise<void> => {
    counter.syncs++;
    try {
      await context.sync();
    } catch (cause) {
      throw writeError(cause, [...changing]);
    }
    pending = 0;
    changing.clear();
  };
  /**
   * Makes room for a command of `bytes()` on `sheet`: a new request when this
   * one would pass the budget. Bytes are only counted when there is a budget.
   */
  const reserve = async (sheet: string, bytes: () => number): Promise<void> => {
    changing.add(sheet);
    if (!limited) return;
    const size = bytes();
    if (pending > 0 && pending + size > budget) {
      await flush();
      changing.add(sheet);
    }
    pending += size;
  };

  /** Writes rows `values` from `range`'s top, in as many blocks as the budget needs. */
  const writeRows = async (
    sheet: Excel.Worksheet,
    name: string,
    range: CellRange,
    values: string[][]
  ): Promise<void> => {
    if (!limited) {
      sheet.getRange(rangeAddress(range)).values = values;
      changing.add(name);
      return;
    }
    let start = 0;
    let bytes = COMMAND_BYTES;
    const queueBlock = (end: number): void => {
      const block = { ...range, top: range.top + start, bottom: range.top + end - 1 };
      sheet.getRange(rangeAddress(block)).values = values.slice(start, end);
      pending += bytes;
      changing.add(name);
    };
    for (let i = 0; i < values.length; i++) {
      const rowBytes = utf8Bytes(JSON.stringify(values[i])) + 1;
      if (pending + bytes + rowBytes > budget) {
        if (i > start) {
          queueBlock(i);
          start = i;
          bytes = COMMAND_BYTES;
        }
        if (pending > 0) await flush();
      }
      bytes += rowBytes;
    }
    if (values.length > start) queueBlock(values.length);
  };

  for (const sheetPlan of finalPlan.sheets) {
    const name = sheetPlan.sheet;
    const sheet = workbook.worksheets.getItem(name);
    if (options.notes) {
      for (const cell of sheetPlan.removeNotes) {
        // A note the add-in wrote that someone has since deleted is simply gone.
        if (!noted(name, cell)) continue;
        await reserve(name, () => COMMAND_BYTES);
        workbook.notes.getItem(qualified(name, cell)).delete();
      }
    }
    if (sheetPlan.removeConditionalFormats.length > 0) {
      // One by one, by id: clearAll() on the range would also cut the user's rules that cover these cells.
      for (const { address, id } of options.ownFormats.get(name) ?? []) {
        await reserve(name, () => COMMAND_BYTES);
        sheet.getRange(address).conditionalFormats.getItem(id).delete();
      }
    }
    for (const range of sheetPlan.clearRanges) {
      await reserve(name, () => COMMAND_BYTES);
      sheet.getRange(rangeAddress(range)).clear(Excel.ClearApplyTo.contents);
    }
    for (const d of sheetPlan.deleteColumns) {
      await reserve(name, () => COMMAND_BYTES);
      sheet.getRange(columns(d.at, d.count)).delete(Excel.DeleteShiftDirection.left);
    }
    for (const i of sheetPlan.insertColumns) {
      await reserve(name, () => COMMAND_BYTES);
      sheet.getRange(columns(i.at, i.count)).insert(Excel.InsertShiftDirection.right);
    }
    for (const write of sheetPlan.writes)
      await writeRows(sheet, name, write.range, blankToEmpty(write.values));
    // Inserted columns take the format of the column to their left, as in Excel: often the published RAG,
    // filled red, amber or green by hand. The add-in's cells must not show a colour it did not give them.
    const inserted = insertedColumns(sheetPlan);
    for (const { range } of sheetPlan.writes) {
      if (!inserted.has(range.left) || range.bottom <= range.top) continue;
      await reserve(name, () => COMMAND_BYTES);
      sheet.getRange(rangeAddress({ ...range, top: range.top + 1 })).format.fill.clear();
    }
  }
  for (const sheetPlan of finalPlan.sheets) {
    const name = sheetPlan.sheet;
    const sheet = workbook.worksheets.getItem(name);
    for (const format of sheetPlan.conditionalFormats) {
      // The add plus three property sets.
      await reserve(name, () => 4 * COMMAND_BYTES + utf8Bytes(format.beginsWith));
      addStatusFormat(
        sheet.getRange(rangeAddress(format.range)),
        format.beginsWith,
        format.fill,
        format.font
      );
    }
    if (options.notes) {
      for (const note of sheetPlan.notes) {
        await reserve(name, () => COMMAND_BYTES + utf8Bytes(JSON.stringify(note.text)));
        workbook.notes.add(qualified(name, note.cell), note.text);
      }
    }
  }
  // The names after the cells: they locate the blocks just written. A kept name is
  // pointed at its block's new place (it may have moved with inserted columns).
  const existing = new Set(options.names ?? []);
  const kept = new Set(finalPlan.names.map((n) => n.name));
  for (const name of existing)
    if (!kept.has(name)) {
      await reserve(STATE_SHEET, () => COMMAND_BYTES);
      workbook.names.getItem(name).delete();
    }
  for (const owned of finalPlan.names) {
    await reserve(STATE_SHEET, () => 2 * COMMAND_BYTES);
    const reference = `=${nameReference(owned.sheet, owned.range)}`;
    if (existing.has(owned.name)) workbook.names.getItem(owned.name).formula = reference;
    else workbook.names.add(owned.name, reference).visible = false;
  }
  // The state last, so that a request refused part-way never leaves ownership recorded for cells not written.
  const cells = finalPlan.stateCells;
  await reserve(STATE_SHEET, () => 3 * COMMAND_BYTES);
  if (cells === null) {
    if (options.stateSheetExists) workbook.worksheets.getItem(STATE_SHEET).delete();
  } else if (cells.length > 0)
    // In as many requests as Excel on the web's limit needs: the record of a large sheet is large.
    await writeRows(
      emptyStateSheet(workbook, options.stateSheetExists),
      STATE_SHEET,
      { top: 0, left: 0, bottom: cells.length - 1, right: 0 },
      cells.map((c) => [c])
    );
  else emptyStateSheet(workbook, options.stateSheetExists);
  await flush();
  return {
    skippedNotes: [...skipped.values()].flatMap((s) => [...s]),
    notesSupported: options.notes,
  };
}

/**
 * The add-in's very hidden state sheet (added when `exists` is false) with
 * column A emptied, ready for the state's cells: the one place Excel's state
 * sheet is made, by a rating's plan and by a saved setting alike.
 */
export function emptyStateSheet(workbook: Excel.Workbook, exists: boolean): Excel.Worksheet {
  const sheet = exists
    ? workbook.worksheets.getItem(STATE_SHEET)
    : workbook.worksheets.add(STATE_SHEET);
  if (!exists) sheet.visibility = Excel.SheetVisibility.veryHidden;
  sheet.getRange("A:A").clear(Excel.ClearApplyTo.contents);
  return sheet;
}

/** One "text begins with" rule: the RAG fill and font colour, with the status word itself in the cell. */
export function addStatusFormat(
  range: Excel.Range,
  text: string,
  fill: string,
  font: string
): void {
  const format = range.conditionalFormats.add(Excel.ConditionalFormatType.containsText);
  format.textComparison.format.fill.color = fill;
  format.textComparison.format.font.color = font;
  format.textComparison.rule = { operator: Excel.ConditionalTextOperator.beginsWith, text };
}

export type { CellRange };
