/**
 * Write plans of the shape the workbook layer makes (src/workbook/plan.ts), built
 * directly for any number of rows: applyPlan's cost is measured on 50,000-row
 * tabs without waiting for the workbook layer to rate them.
 */
import { STATUS_STYLE, type ConditionalFormatPlan, type SheetPlan } from "../../src/workbook/plan";
import type { WritePlan } from "../../src/workbook/run";
import { EMPTY_STATE, stateCells, type StoredState } from "../../src/workbook/state";
import { NARROW_WIDTH } from "./scorecard";

const OUTPUT_WIDTH = 4;
const STATUSES = ["Green", "Amber", "Red"] as const;

export interface PlanOptions {
  /** A note on every n-th indicator's value cell (0: none); default 25, one flagged indicator in 25. */
  readonly noteEvery?: number;
}

/** The rating plan for `narrowSheet(name, rows)` tabs: four output columns after the table, formats and notes. */
export function narrowRatingPlan(
  sheets: readonly string[],
  rows: number,
  options: PlanOptions = {}
): WritePlan {
  const noteEvery = options.noteEvery ?? 25;
  const left = NARROW_WIDTH;
  const owned: Record<string, StoredState["owned"][string]> = {};
  const sheetPlans: SheetPlan[] = sheets.map((sheet) => {
    const values: (string | null)[][] = [["RAG", "Short trend", "Long trend", "Commentary"]];
    const notes: { cell: string; text: string }[] = [];
    for (let i = 0; i < rows; i++) {
      const status = STATUSES[i % 3]!;
      const commentary = `${status}: value ${i + 1} against target 80.0% – check ${sheet}.`;
      values.push([status, i % 2 ? "IMP" : "DET", "SAME", commentary]);
      if (noteEvery > 0 && i % noteEvery === noteEvery - 1)
        notes.push({ cell: `E${i + 2}`, text: commentary });
    }
    const column = (offset: number) => ({
      top: 1,
      left: left + offset,
      bottom: rows,
      right: left + offset,
    });
    const conditionalFormats: ConditionalFormatPlan[] =
      rows > 0
        ? [
            ...STATUSES.map((status) => ({
              range: column(0),
              beginsWith: status,
              ...STATUS_STYLE[status],
            })),
            ...[1, 2].flatMap((offset) => [
              { range: column(offset), beginsWith: "IMP", ...STATUS_STYLE.Green },
              { range: column(offset), beginsWith: "DET", ...STATUS_STYLE.Red },
            ]),
          ]
        : [];
    const block = {
      tableId: `${sheet}!A1`,
      top: 0,
      bottom: rows,
      left,
      width: OUTPUT_WIDTH,
      inserted: false,
    };
    owned[sheet] = { blocks: [block], notes: notes.map((n) => n.cell) };
    return {
      sheet,
      removeNotes: [],
      removeConditionalFormats: [],
      clearRanges: [],
      deleteColumns: [],
      insertColumns: [],
      writes: [{ range: { top: 0, left, bottom: rows, right: left + OUTPUT_WIDTH - 1 }, values }],
      conditionalFormats,
      notes,
      owned: owned[sheet]!,
    };
  });
  const state: StoredState = { ...EMPTY_STATE, owned };
  return { sheets: sheetPlans, state, stateCells: stateCells(state) };
}
