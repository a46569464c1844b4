import type { Status, Trend, TrendDisplay } from "../engine";
import { displayTrend } from "../engine/trends";
import { cellAddress, type CellRange } from "./address";
import type { DetectedTable } from "./detect";
import type { RowResult } from "./rate-table";
import type { OutputHeaders } from "./settings";
import type { SheetGrid } from "./snapshot";
import type { OwnedBlock, OwnedSheet } from "./state";

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

/** Everything to do to one sheet, in order: remove, clear, delete, insert, write, format, annotate. */
export interface SheetPlan {
  readonly sheet: string;
  readonly removeNotes: readonly string[];
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
  /** What the add-in owns on the sheet once the plan is applied. */
  readonly owned: OwnedSheet;
}

/** RAG fills: Excel's own Good / Neutral / Bad cell styles, familiar to every analyst. */
export const STATUS_STYLE: Readonly<
  Record<"Green" | "Amber" | "Red", { fill: string; font: string }>
> = {
  Green: { fill: "#C6EFCE", font: "#006100" },
  Amber: { fill: "#FFEB9C", font: "#9C5700" },
  Red: { fill: "#FFC7CE", font: "#9C0006" },
};

const OUTPUT_WIDTH = 4;

export interface TablePlanInput {
  readonly table: DetectedTable;
  readonly rows: readonly RowResult[];
}

function statusText(row: RowResult): string {
  return row.statusSource === "manual" ? `${row.status} (manual)` : (row.status as Status);
}

function trendText(trend: Trend, display: TrendDisplay): string {
  return displayTrend(trend, display);
}

/**
 * Plans one sheet's output: four owned columns (RAG, short trend, long trend,
 * commentary) right after each table, written in one block per table. Where
 * those cells hold anything the add-in does not own, whole columns are inserted
 * instead of overwriting. Previous output (from `previous`) is removed first,
 * so running twice leaves exactly what running once does.
 *
 * Cost: O(rows of the tables × output width).
 */
export function planSheet(
  grid: SheetGrid,
  tables: readonly TablePlanInput[],
  previous: OwnedSheet | undefined,
  headers: OutputHeaders,
  trendDisplay: TrendDisplay,
  isOwnedCell: (row: number, column: number) => boolean
): SheetPlan {
  // Stacked tables ending in the same column share one anchor (Medway's five programmes do).
  const anchors = new Map<number, { conflict: boolean; previouslyInserted: boolean }>();
  for (const { table } of tables) {
    const at = table.range.right + 1;
    const anchor = anchors.get(at) ?? { conflict: false, previouslyInserted: false };
    const headerRow = table.headerRows[table.headerRows.length - 1]!;
    for (let r = headerRow; r <= table.range.bottom && !anchor.conflict; r++) {
      for (let c = at; c < at + OUTPUT_WIDTH; c++) {
        if (!isOwnedCell(r, c) && !grid.isEmptyRaw(r, c)) {
          anchor.conflict = true;
          break;
        }
      }
    }
    if (previous?.blocks.some((b) => b.left === at && b.inserted)) anchor.previouslyInserted = true;
    anchors.set(at, anchor);
  }
  const inserts = [...anchors.entries()]
    .filter(([, a]) => a.conflict)
    .map(([at]) => at)
    .sort((a, b) => a - b);
  const shift = (column: number, strictly: boolean): number =>
    column + OUTPUT_WIDTH * inserts.filter((at) => (strictly ? at < column : at <= column)).length;

  const writes: { range: CellRange; values: (string | null)[][] }[] = [];
  const conditionalFormats: ConditionalFormatPlan[] = [];
  const notes: NotePlan[] = [];
  const blocks: OwnedBlock[] = [];
  for (const { table, rows } of tables) {
    const at = table.range.right + 1;
    const inserted = anchors.get(at)!.conflict;
    const left = shift(at, true);
    const headerRow = table.headerRows[table.headerRows.length - 1]!;
    const top = headerRow;
    const bottom = table.range.bottom;
    const byRow = new Map(rows.map((row) => [row.sheetRow - 1, row]));
    const values: (string | null)[][] = [
      [headers.rag, headers.shortTrend, headers.longTrend, headers.commentary],
    ];
    for (let r = top + 1; r <= bottom; r++) {
      const row = byRow.get(r);
      values.push(
        row
          ? [
              statusText(row),
              trendText(row.shortTrend, trendDisplay),
              trendText(row.longTrend, trendDisplay),
              row.commentary || null,
            ]
          : [null, null, null, null]
      );
    }
    writes.push({ range: { top, left, bottom, right: left + OUTPUT_WIDTH - 1 }, values });
    if (bottom > top) {
      const column = (offset: number): CellRange => ({
        top: top + 1,
        left: left + offset,
        bottom,
        right: left + offset,
      });
      for (const status of ["Green", "Amber", "Red"] as const)
        conditionalFormats.push({ range: column(0), beginsWith: status, ...STATUS_STYLE[status] });
      for (const offset of [1, 2]) {
        conditionalFormats.push({
          range: column(offset),
          beginsWith: trendText("IMP", trendDisplay),
          fill: STATUS_STYLE.Green.fill,
          font: STATUS_STYLE.Green.font,
        });
        conditionalFormats.push({
          range: column(offset),
          beginsWith: trendText("DET", trendDisplay),
          fill: STATUS_STYLE.Red.fill,
          font: STATUS_STYLE.Red.font,
        });
      }
    }
    const previouslyInserted =
      previous?.blocks.some((b) => b.tableId === table.id && b.inserted) ?? false;
    blocks.push({
      tableId: table.id,
      top,
      bottom,
      left,
      width: OUTPUT_WIDTH,
      inserted: inserted || previouslyInserted,
    });
    for (const row of rows) {
      if (!row.flags.some((flag) => flag.severity !== "info")) continue;
      const valueColumn = columnOfAddress(row.valueCell);
      const cell = cellAddress(row.sheetRow - 1, shift(valueColumn, false));
      const ours = previous?.notes.includes(cell) ?? false;
      if (grid.hasNote(cell) && !ours) continue;
      notes.push({ cell, text: row.commentary });
    }
  }
  // Previously owned cells that this run no longer writes are cleared.
  const clearRanges: CellRange[] = [];
  for (const old of previous?.blocks ?? []) {
    const oldRange = {
      top: old.top,
      left: old.left,
      bottom: old.bottom,
      right: old.left + old.width - 1,
    };
    const stillWritten = writes.some(
      (w) =>
        w.range.top === oldRange.top &&
        w.range.bottom === oldRange.bottom &&
        w.range.left === oldRange.left &&
        w.range.right === oldRange.right
    );
    if (!stillWritten) clearRanges.push(oldRange);
  }
  return {
    sheet: grid.name,
    removeNotes: previous?.notes ?? [],
    removeConditionalFormats: (previous?.blocks ?? [])
      .map((b) => ({ top: b.top + 1, left: b.left, bottom: b.bottom, right: b.left + b.width - 1 }))
      .filter((r) => r.bottom >= r.top),
    clearRanges,
    deleteColumns: [],
    insertColumns: inserts.map((at) => ({ at, count: OUTPUT_WIDTH })).reverse(),
    writes,
    conditionalFormats,
    notes,
    owned: { blocks, notes: notes.map((n) => n.cell) },
  };
}

/**
 * Plans "Clear ratings" for a sheet: removes the notes and conditional formats
 * the add-in added, deletes the columns it inserted (unless someone has since
 * typed into them, in which case only its own cells are cleared), and clears the
 * cells it wrote. Nothing else is touched.
 */
export function planClear(
  grid: SheetGrid,
  previous: OwnedSheet,
  isOwnedCell: (row: number, column: number) => boolean
): SheetPlan {
  const deleteColumns: { at: number; count: number }[] = [];
  const clearRanges: CellRange[] = [];
  const insertedAnchors = new Map<number, number>();
  for (const block of previous.blocks) {
    const range = {
      top: block.top,
      left: block.left,
      bottom: block.bottom,
      right: block.left + block.width - 1,
    };
    clearRanges.push(range);
    if (block.inserted) insertedAnchors.set(block.left, block.width);
  }
  for (const [at, count] of insertedAnchors) {
    let foreign = false;
    for (let r = grid.firstRow; r < grid.rowCount && !foreign; r++) {
      for (let c = at; c < at + count; c++)
        if (!isOwnedCell(r, c) && !grid.isEmptyRaw(r, c)) foreign = true;
    }
    if (!foreign) deleteColumns.push({ at, count });
  }
  deleteColumns.sort((a, b) => b.at - a.at);
  return {
    sheet: grid.name,
    removeNotes: previous.notes,
    removeConditionalFormats: previous.blocks
      .map((b) => ({ top: b.top + 1, left: b.left, bottom: b.bottom, right: b.left + b.width - 1 }))
      .filter((r) => r.bottom >= r.top),
    clearRanges: clearRanges.filter(
      (range) => !deleteColumns.some((d) => range.left >= d.at && range.right < d.at + d.count)
    ),
    deleteColumns,
    insertColumns: [],
    writes: [],
    conditionalFormats: [],
    notes: [],
    owned: { blocks: [], notes: [] },
  };
}

function columnOfAddress(address: string): number {
  const letters = /^[A-Z]+/.exec(address)?.[0] ?? "A";
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
