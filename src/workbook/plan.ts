import type { TrendDisplay } from "../engine";
import { cellAddress, columnIndex, qualified, rangeAddress, type CellRange } from "./address";
import type { DetectedTable } from "./detect";
import { fingerprint, isBlank, NOT_OURS } from "./fingerprint";
import {
  cellKey,
  type OwnershipMessage,
  type SheetOwnership,
  type VerifiedBlock,
} from "./ownership";
import { columnFormats, CORE_COLUMNS, outputCellText, type OutputColumn } from "./output-columns";
import type { RowResult } from "./rate-table";
import type { SheetGrid } from "./snapshot";
import type { BlockRecord } from "./state";

/** A conditional format: one rule for one status over one output column range, never one per cell. */
export interface ConditionalFormatPlan {
  readonly range: CellRange;
  /** Cells whose text begins with this are formatted. */
  readonly beginsWith: string;
  readonly fill: string;
  readonly font: string;
}

export interface NotePlan {
  readonly cell: string;
  readonly text: string;
}

/** A block the add-in owns once a plan is applied: its workbook name, where it is, and what it holds. */
export interface PlannedBlock {
  readonly name: string;
  readonly range: CellRange;
  readonly record: BlockRecord;
}

/** Everything to do to one sheet, in order: remove, clear, delete, insert, write, format, annotate. */
export interface SheetPlan {
  readonly sheet: string;
  readonly removeNotes: readonly string[];
  /**
   * The fingerprints of every note the add-in's previous output here added (found or not: a host
   * without notes cannot see them), kept as the add-in's own if the host cannot remove them.
   */
  readonly removeNoteFingerprints: readonly string[];
  readonly removeConditionalFormats: readonly CellRange[];
  readonly clearRanges: readonly CellRange[];
  /** Whole columns to delete (the add-in's own inserted columns, on clear), right to left. */
  readonly deleteColumns: readonly { readonly at: number; readonly count: number }[];
  /** Whole columns to insert, right to left, before any write. */
  readonly insertColumns: readonly { readonly at: number; readonly count: number }[];
  readonly writes: readonly {
    readonly range: CellRange;
    readonly values: readonly (readonly (string | null)[])[];
  }[];
  readonly conditionalFormats: readonly ConditionalFormatPlan[];
  readonly notes: readonly NotePlan[];
  /** The blocks the add-in owns on the sheet once the plan is applied (where they are then). */
  readonly blocks: readonly PlannedBlock[];
}

export { STATUS_STYLE } from "./output-columns";

/** The last column a worksheet has (XFD), 0-based. */
export const LAST_COLUMN = 16383;

export interface TablePlanInput {
  readonly table: DetectedTable;
  readonly rows: readonly RowResult[];
  /** The owned columns of its block, in order (tableOutputColumns). */
  readonly columns: readonly OutputColumn[];
}

/** `four`, `7`: how a message counts a block's columns. */
const columnCount = (n: number): string => (n === CORE_COLUMNS ? "four" : String(n));

const inside = (range: CellRange, row: number, column: number): boolean =>
  row >= range.top && row <= range.bottom && column >= range.left && column <= range.right;

/**
 * Whether a cell is the add-in's: inside one of its verified blocks, and not
 * one the user typed into. The blocks are indexed once by column, and within a
 * column sorted by top row, so that a look-up is a map look-up and a binary
 * search, not a test of every block: planning tests every cell beside every
 * table, and a sheet may stack many tables in the same columns.
 *
 * Cost: O(block columns × log blocks) to build, O(log blocks) a look-up (blocks
 * overlap only if their names were made to; then each overlapping one is tested).
 */
export function ownedCells(
  blocks: readonly VerifiedBlock[]
): (row: number, column: number) => boolean {
  if (blocks.length === 0) return () => false;
  const byColumn = new Map<number, VerifiedBlock[]>();
  for (const block of blocks)
    for (let c = block.range.left; c <= block.range.right; c++) {
      const list = byColumn.get(c);
      if (list) list.push(block);
      else byColumn.set(c, [block]);
    }
  /** Per column: its blocks by top row, and the lowest bottom row any of the first i reaches. */
  const index = new Map<number, { readonly blocks: VerifiedBlock[]; readonly reach: number[] }>();
  for (const [column, list] of byColumn) {
    list.sort((a, b) => a.range.top - b.range.top);
    const reach: number[] = [];
    let lowest = -1;
    for (const block of list) reach.push((lowest = Math.max(lowest, block.range.bottom)));
    index.set(column, { blocks: list, reach });
  }
  return (row, column) => {
    const entry = index.get(column);
    if (!entry) return false;
    const { blocks: list, reach } = entry;
    // The last block starting on or above `row`; only it and those before it can hold the cell.
    let lo = 0;
    let hi = list.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.range.top <= row) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = last; i >= 0 && reach[i]! >= row; i--) {
      const block = list[i]!;
      if (block.range.bottom >= row && !block.kept.has(cellKey(row, column))) return true;
    }
    return false;
  };
}

/** Ranges covering `range` but none of the `kept` cells: the whole range when none is kept, else runs down each column. */
function rangesAvoiding(range: CellRange, kept: ReadonlySet<number>): CellRange[] {
  if (kept.size === 0) return [range];
  const out: CellRange[] = [];
  for (let c = range.left; c <= range.right; c++) {
    let start = -1;
    for (let r = range.top; r <= range.bottom + 1; r++) {
      const free = r <= range.bottom && !kept.has(cellKey(r, c));
      if (free && start < 0) start = r;
      if (!free && start >= 0) {
        out.push({ top: start, left: c, bottom: r - 1, right: c });
        start = -1;
      }
    }
  }
  return out;
}

const body = (range: CellRange): CellRange => ({ ...range, top: range.top + 1 });

export interface PlanSheetInput {
  readonly grid: SheetGrid;
  readonly tables: readonly TablePlanInput[];
  /** What the add-in owns on the sheet now, verified (undefined: nothing). */
  readonly owned: SheetOwnership | undefined;
  readonly trendDisplay: TrendDisplay;
  /** A new name for a new block. */
  readonly newName: () => string;
}

export interface PlanSheetResult {
  readonly plan: SheetPlan;
  readonly messages: readonly OwnershipMessage[];
}

/**
 * Plans one sheet's output: the owned columns (RAG, short trend, long trend,
 * commentary, then the optional Variation, Assurance and Benchmark columns of
 * tableOutputColumns) beside each table, written in one block per table. A table
 * whose block the add-in already owns is written there, wherever the user has
 * since moved it; a new table's block goes right after it, and where those
 * cells hold anything the add-in does not own, whole columns are inserted
 * instead of overwriting. A block that needs more columns than it had grows
 * into free cells, or by inserting columns if its columns were inserted; one
 * that needs fewer clears the rest (or keeps inserted ones as blank columns,
 * so Clear still deletes them). Cells of a block the user has typed into are kept.
 * The previous output is replaced, so running twice leaves exactly what
 * running once does.
 *
 * Cost: O(rows of the tables × output width + owned cells).
 */
export function planSheet(input: PlanSheetInput): PlanSheetResult {
  const { grid, tables, trendDisplay } = input;
  const previous = input.owned?.blocks ?? [];
  const messages: OwnershipMessage[] = [];
  const isOwnedCell = ownedCells(previous);
  const isFree = (row: number, column: number): boolean =>
    isOwnedCell(row, column) || grid.isEmptyRaw(row, column);

  // Each table keeps the block it had: the one starting on its header row, right of it, nearest.
  const claimed = new Set<VerifiedBlock>();
  const blockOf = new Map<DetectedTable, VerifiedBlock>();
  const tableOf = new Map<VerifiedBlock, DetectedTable>();
  /** Blocks left exactly as they are this run (their table could not be rewritten). */
  const frozen = new Set<VerifiedBlock>();
  for (const { table } of tables) {
    const headerRow = table.headerRows[table.headerRows.length - 1]!;
    let best: VerifiedBlock | undefined;
    for (const b of previous)
      if (
        !claimed.has(b) &&
        b.range.top === headerRow &&
        b.range.left > table.range.right &&
        (!best || b.range.left < best.range.left)
      )
        best = b;
    if (best) {
      claimed.add(best);
      blockOf.set(table, best);
      tableOf.set(best, table);
    }
  }

  // Each table's columns; a block of inserted columns never shrinks (Clear deletes it whole).
  const columnsOf = new Map<DetectedTable, readonly OutputColumn[]>();
  for (const { table, columns } of tables) {
    const block = blockOf.get(table);
    const had = block ? widthOf(block.range) : 0;
    columnsOf.set(
      table,
      block?.record.inserted && columns.length < had
        ? [...columns, ...Array.from({ length: had - columns.length }, () => SPARE)]
        : columns
    );
  }
  const width = (table: DetectedTable): number => columnsOf.get(table)!.length;
  /** Columns to insert for blocks of inserted columns that grow: at their right edge (before any insert). */
  const growth: { at: number; count: number }[] = [];

  // Stacked tables ending in the same column share one anchor (Medway's five programmes do).
  const anchors = new Map<number, { conflict: boolean; width: number }>();
  const skipped = new Set<DetectedTable>();
  const tableWhere = (table: DetectedTable): string =>
    qualified(grid.name, rangeAddress(table.range));
  for (const { table } of tables) {
    const headerRow = table.headerRows[table.headerRows.length - 1]!;
    const block = blockOf.get(table);
    const at = block ? block.range.left : table.range.right + 1;
    const needed = width(table);
    if (at + needed - 1 > LAST_COLUMN) {
      skipped.add(table);
      if (block) frozen.add(block);
      messages.push({
        severity: "warning",
        sheet: grid.name,
        cell: rangeAddress(table.range),
        message: `The table at ${tableWhere(table)} ends too near the sheet's last column (XFD) for the ${columnCount(needed)} rating columns; it was not rated in the sheet. Move it left, then rate again.`,
      });
      continue;
    }
    // A block of inserted columns grows by inserting more; any other grows into free cells only.
    const grows = block?.record.inserted ? Math.max(0, needed - widthOf(block.range)) : 0;
    const checked = needed - grows;
    let conflict = false;
    for (let r = headerRow; r <= table.range.bottom && !conflict; r++)
      for (let c = at; c < at + checked; c++)
        if (!isFree(r, c) && !(block && inside(block.range, r, c))) {
          conflict = true;
          break;
        }
    if (block) {
      const wider = needed > widthOf(block.range) && grows === 0;
      if (conflict) {
        skipped.add(table);
        frozen.add(block);
        const where = qualified(grid.name, rangeAddress(block.range));
        messages.push({
          severity: "warning",
          sheet: grid.name,
          cell: rangeAddress(block.range),
          message:
            wider && table.range.bottom <= block.range.bottom
              ? `The table at ${tableWhere(table)} now has ${needed} rating columns (Variation, Assurance or Benchmark were added), but the cells right of ${where} are in use; its columns were left as they were. Clear the ratings on this sheet and rate again to insert the columns.`
              : `The table at ${tableWhere(table)} has grown, and its rating columns at ${where} cannot grow with it without overwriting cells below them; they were left as they were.`,
        });
      }
      if (!conflict && grows > 0) growth.push({ at: block.range.right + 1, count: grows });
      continue;
    }
    const anchor = anchors.get(at) ?? { conflict: false, width: 0 };
    anchor.conflict ||= conflict;
    anchor.width = Math.max(anchor.width, needed);
    anchors.set(at, anchor);
  }
  let inserts = [...anchors.entries()]
    .filter(([, a]) => a.conflict)
    .map(([at, a]) => ({ at, count: a.width }));
  const insertedAt = (at: number): boolean => inserts.some((i) => i.at === at);
  if (
    inserts.length > 0 &&
    grid.columnCount + inserts.reduce((sum, i) => sum + i.count, 0) - 1 > LAST_COLUMN
  ) {
    for (const { table } of tables)
      if (!blockOf.has(table) && insertedAt(table.range.right + 1)) {
        skipped.add(table);
        messages.push({
          severity: "warning",
          sheet: grid.name,
          cell: rangeAddress(table.range),
          message: `The cells right of the table at ${tableWhere(table)} are in use, and the sheet has no room to insert ${columnCount(width(table))} columns there (it would pass column XFD); the table was not rated in the sheet.`,
        });
      }
    inserts = [];
  }
  // Every insert, by where it goes before any is made (the host inserts them right to left).
  const allInserts = [...inserts, ...growth].sort((a, b) => a.at - b.at);
  const shift = (column: number, strictly: boolean): number => {
    let moved = column;
    for (const { at, count } of allInserts)
      if (strictly ? at < column : at <= column) moved += count;
    return moved;
  };
  // A kept cell's key once the plan's columns are inserted.
  const shiftKey = (key: number): number =>
    cellKey(Math.floor(key / 16384), shift(key % 16384, false));

  const writes: { range: CellRange; values: (string | null)[][] }[] = [];
  const conditionalFormats: ConditionalFormatPlan[] = [];
  const notes: NotePlan[] = [];
  const blocks: PlannedBlock[] = [];
  const ourNotes = new Set(input.owned?.notes ?? []);
  /** Old blocks rewritten narrower: the columns they no longer use, to clear. */
  const narrowed: CellRange[] = [];
  for (const { table, rows } of tables) {
    if (skipped.has(table)) continue;
    const columns = columnsOf.get(table)!;
    const outputWidth = columns.length;
    const block = blockOf.get(table);
    const at = block ? block.range.left : table.range.right + 1;
    const inserted = block ? block.record.inserted : insertedAt(at);
    const left = block ? shift(at, false) : shift(at, true);
    const headerRow = table.headerRows[table.headerRows.length - 1]!;
    const top = headerRow;
    const bottom = table.range.bottom;
    const kept = new Set<number>();
    if (block) for (const key of block.kept) kept.add(shiftKey(key));
    const byRow = new Map(rows.map((row) => [row.sheetRow - 1, row]));
    const headerTexts = columns.map((column) => column.header);
    const values: (string | null)[][] = [headerTexts.map((text) => text || null)];
    const blankLine = columns.map(() => null);
    // One fingerprint a cell, joined at the end (appending 4 characters at a time builds a rope).
    const prints: string[] = [];
    // A row's note is its Commentary cell's text: its fingerprint is taken once, for both.
    const commentaryPrints = new Map<RowResult, string>();
    const blankPrint = fingerprint(null);
    for (let r = top + 1; r <= bottom; r++) {
      const row = byRow.get(r);
      const line = row
        ? columns.map((column) => outputCellText(column, row, trendDisplay))
        : blankLine;
      values.push(line);
      for (let c = 0; c < line.length; c++) {
        if (kept.size > 0 && kept.has(cellKey(r, left + c))) {
          prints.push(NOT_OURS);
          continue;
        }
        const text = line[c];
        const print = text === null ? blankPrint : fingerprint(text);
        if (row && columns[c]!.kind === "commentary" && text === row.commentary)
          commentaryPrints.set(row, print);
        prints.push(print);
      }
    }
    const cells = prints.join("");
    const range = { top, left, bottom, right: left + outputWidth - 1 };
    if (block && !block.record.inserted && outputWidth < widthOf(block.range))
      narrowed.push(
        // Cleared before any insert, so where the cells are now.
        ...rangesAvoiding({ ...block.range, left: block.range.left + outputWidth }, block.kept)
      );
    for (const part of rangesAvoiding(range, kept))
      writes.push({
        range: part,
        values: values
          .slice(part.top - top, part.bottom - top + 1)
          .map((line) => line.slice(part.left - left, part.right - left + 1)),
      });
    if (bottom > top) {
      const column = (offset: number): CellRange => ({
        top: top + 1,
        left: left + offset,
        bottom,
        right: left + offset,
      });
      columns.forEach((output, offset) => {
        for (const format of columnFormats(output, trendDisplay))
          conditionalFormats.push({ range: column(offset), ...format });
      });
    }
    const noteHashes: string[] = [];
    for (const row of rows) {
      if (!row.flags.some((flag) => flag.severity !== "info")) continue;
      const valueColumn = columnOfAddress(row.valueCell);
      const before = cellAddress(row.sheetRow - 1, valueColumn);
      if (grid.hasNote(before) && !ourNotes.has(before)) continue;
      notes.push({
        cell: cellAddress(row.sheetRow - 1, shift(valueColumn, false)),
        text: row.commentary,
      });
      noteHashes.push(commentaryPrints.get(row) ?? fingerprint(row.commentary));
    }
    blocks.push({
      name: block?.name ?? input.newName(),
      range,
      record: {
        sheet: grid.name,
        tableId: table.id,
        headers: headerTexts,
        cells,
        inserted,
        notes: [...new Set(noteHashes)],
      },
    });
  }

  // The previous output goes first (before any insert), except where the same block is rewritten in place.
  const clearRanges: CellRange[] = [...narrowed];
  for (const old of previous) {
    if (frozen.has(old)) continue;
    const table = tableOf.get(old);
    const rewritten =
      table !== undefined && !skipped.has(table) && table.range.bottom >= old.range.bottom;
    if (!rewritten) clearRanges.push(...rangesAvoiding(old.range, old.kept));
  }
  // A table whose block could not be rewritten keeps it as it was.
  for (const old of frozen)
    blocks.push({
      name: old.name,
      range: {
        ...old.range,
        left: shift(old.range.left, false),
        right: shift(old.range.right, false),
      },
      record: old.record,
    });
  return {
    plan: {
      sheet: grid.name,
      removeNotes: input.owned?.notes ?? [],
      removeNoteFingerprints: [...new Set(previous.flatMap((b) => b.record.notes))],
      removeConditionalFormats: previous
        .filter((b) => !frozen.has(b))
        .map((b) => body(b.range))
        .filter((r) => r.bottom >= r.top),
      clearRanges,
      deleteColumns: [],
      insertColumns: [...allInserts].reverse(),
      writes,
      conditionalFormats,
      notes,
      blocks,
    },
    messages,
  };
}

/**
 * Plans "Clear ratings" for a sheet: removes the notes and conditional formats
 * the add-in added, deletes the columns it inserted (unless someone has since
 * typed into them, in which case only its own cells are cleared), and clears the
 * cells it wrote. Cells the user has typed into are kept. Nothing else is touched.
 */
export function planClear(grid: SheetGrid, owned: SheetOwnership): SheetPlan {
  const deleteColumns: { at: number; count: number }[] = [];
  const clearRanges: CellRange[] = [];
  const insertedAnchors = new Map<number, number>();
  for (const block of owned.blocks) {
    clearRanges.push(...rangesAvoiding(block.range, block.kept));
    if (block.record.inserted)
      insertedAnchors.set(
        block.range.left,
        Math.max(insertedAnchors.get(block.range.left) ?? 0, widthOf(block.range))
      );
  }
  const isOwnedCell = ownedCells(owned.blocks);
  for (const [at, count] of insertedAnchors) {
    let foreign = false;
    for (let r = grid.firstRow; r < grid.rowCount && !foreign; r++)
      for (let c = at; c < at + count; c++)
        if (!isOwnedCell(r, c) && !isBlank(grid.value(r, c))) foreign = true;
    if (!foreign) deleteColumns.push({ at, count });
  }
  deleteColumns.sort((a, b) => b.at - a.at);
  return {
    sheet: grid.name,
    removeNotes: owned.notes,
    removeNoteFingerprints: [...new Set(owned.blocks.flatMap((b) => b.record.notes))],
    removeConditionalFormats: owned.blocks
      .map((b) => body(b.range))
      .filter((r) => r.bottom >= r.top),
    clearRanges: clearRanges.filter(
      (range) => !deleteColumns.some((d) => range.left >= d.at && range.right < d.at + d.count)
    ),
    deleteColumns,
    insertColumns: [],
    writes: [],
    conditionalFormats: [],
    notes: [],
    blocks: [],
  };
}

const SPARE: OutputColumn = { kind: "spare", header: "" };

const widthOf = (range: CellRange): number => range.right - range.left + 1;

function columnOfAddress(address: string): number {
  return columnIndex(/^[A-Za-z]+/.exec(address)?.[0] ?? "A") ?? 0;
}
