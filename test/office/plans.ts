/**
 * Write plans of the shape the workbook layer makes (src/workbook/plan.ts), built
 * directly for any number of rows: applyPlan's cost is measured on 50,000-row
 * tabs without waiting for the workbook layer to rate them.
 */
import { STATUS_STYLE, type ConditionalFormatPlan, type SheetPlan } from "../../src/workbook/plan";
import type { WritePlan } from "../../src/workbook/run";
import { fingerprint } from "../../src/workbook/fingerprint";
import { blockCells, ownedNameFor, type OwnedName } from "../../src/workbook/ownership";
import {
  EMPTY_STATE,
  stateCells,
  type BlockRecord,
  type StoredState,
} from "../../src/workbook/state";
import { sheetPlan } from "../workbook/build";
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
  const blocks: Record<string, BlockRecord> = {};
  const names: OwnedName[] = [];
  const sheetPlans: SheetPlan[] = sheets.map((sheet, index) => {
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
    const range = { top: 0, left, bottom: rows, right: left + OUTPUT_WIDTH - 1 };
    const block = {
      name: ownedNameFor(index + 1),
      range,
      record: {
        sheet,
        tableId: `${sheet}!A1`,
        headers: values[0] as string[],
        cells: blockCells(values),
        inserted: false,
        notes: [...new Set(notes.map((n) => fingerprint(n.text)))],
      },
    };
    blocks[block.name] = block.record;
    names.push({ name: block.name, sheet, range });
    return sheetPlan({
      sheet,
      writes: [{ range: { top: 0, left, bottom: rows, right: left + OUTPUT_WIDTH - 1 }, values }],
      conditionalFormats,
      notes,
      blocks: [block],
    });
  });
  const state: StoredState = { ...EMPTY_STATE, blocks };
  return { sheets: sheetPlans, names, state, stateCells: stateCells(state) };
}
