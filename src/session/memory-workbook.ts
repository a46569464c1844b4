import { cellAddress, parseRange } from "../workbook/address";
import { nameReference } from "../workbook/ownership";
import type { WritePlan } from "../workbook/run";
import type { CellScalar, SheetSnapshot, WorkbookSnapshot } from "../workbook/snapshot";

/** A sheet's cells as a grid from A1, so columns can be inserted and deleted by index. */
export function fromA1(sheet: SheetSnapshot): {
  values: CellScalar[][];
  formats: string[][];
  formulas: string[][];
} {
  const values: CellScalar[][] = [];
  const formats: string[][] = [];
  const formulas: string[][] = [];
  for (let r = 0; r < sheet.origin.row; r++) {
    values.push([]);
    formats.push([]);
    formulas.push([]);
  }
  sheet.values.forEach((row, i) => {
    const pad = Array.from({ length: sheet.origin.column }, () => null);
    values.push([...pad, ...row]);
    formats.push([
      ...pad.map(() => "General"),
      ...row.map((_, j) => sheet.numberFormats[i]?.[j] || "General"),
    ]);
    formulas.push([...pad.map(() => ""), ...row.map((_, j) => sheet.formulas?.[i]?.[j] ?? "")]);
  });
  return { values, formats, formulas };
}

function shiftCell(cell: string, at: number, by: number): string | undefined {
  const range = parseRange(cell);
  if (!range) return cell;
  if (range.left < at) return cell;
  if (by < 0 && range.left < at - by) return undefined;
  return cellAddress(range.top, range.left + by);
}

/**
 * Applies a write plan to an in-memory workbook as a host would: notes, clears,
 * column deletes and inserts, writes, notes, the names and the state (the
 * demo's "host"; conditional formats are not modelled). Pure: returns a new snapshot.
 *
 * Cost: O(cells of the planned sheets).
 */
export function applyPlanInMemory(snapshot: WorkbookSnapshot, plan: WritePlan): WorkbookSnapshot {
  const byName = new Map(plan.sheets.map((s) => [s.sheet, s]));
  const sheets = snapshot.sheets.map((sheet) => {
    const sheetPlan = byName.get(sheet.name);
    if (!sheetPlan) return sheet;
    const { values, formats, formulas } = fromA1(sheet);
    // Cells looked up by key: a rated sheet holds a note on most flagged rows (tens of thousands).
    const removing = new Set(sheetPlan.removeNotes);
    let notes = (sheet.notes ?? []).filter((n) => !removing.has(n.cell));
    let noted = (sheet.notedCells ?? []).filter((c) => !removing.has(c));
    const set = (row: number, column: number, value: CellScalar): void => {
      while (values.length <= row) values.push([]);
      while (formats.length <= row) formats.push([]);
      const line = values[row]!;
      while (line.length <= column) line.push(null);
      line[column] = value;
      if (formulas[row]?.[column]) formulas[row]![column] = "";
    };
    for (const range of sheetPlan.clearRanges)
      for (let r = range.top; r <= range.bottom; r++)
        for (let c = range.left; c <= range.right; c++)
          if (values[r]?.[c] !== undefined) set(r, c, null);
    const splice = (at: number, by: number): void => {
      for (const grid of [values, formats, formulas] as (CellScalar | string)[][][])
        for (const line of grid) {
          if (line.length <= at) continue;
          const blank = grid === values ? null : grid === formats ? "General" : "";
          if (by > 0) line.splice(at, 0, ...Array.from({ length: by }, () => blank));
          else line.splice(at, -by);
        }
      const move = (cells: string[]): string[] =>
        cells.flatMap((c) => {
          const moved = shiftCell(c, at, by);
          return moved ? [moved] : [];
        });
      noted = move(noted);
      notes = notes.flatMap((n) => {
        const moved = shiftCell(n.cell, at, by);
        return moved ? [{ ...n, cell: moved }] : [];
      });
    };
    for (const d of sheetPlan.deleteColumns) splice(d.at, -d.count);
    for (const i of sheetPlan.insertColumns) splice(i.at, i.count);
    for (const write of sheetPlan.writes)
      write.values.forEach((line, i) =>
        line.forEach((value, j) => set(write.range.top + i, write.range.left + j, value))
      );
    // A planned note replaces any note on its cell and goes last (the last planned one for a cell wins).
    const added = new Map<string, string>();
    for (const note of sheetPlan.notes) {
      added.delete(note.cell);
      added.set(note.cell, note.text);
    }
    if (added.size > 0) {
      notes = [
        ...notes.filter((n) => !added.has(n.cell)),
        ...[...added].map(([cell, text]) => ({ cell, text })),
      ];
      const present = new Set(noted);
      for (const { cell } of sheetPlan.notes)
        if (!present.has(cell)) {
          present.add(cell);
          noted.push(cell);
        }
    }
    let width = 0;
    for (const line of values) width = Math.max(width, line.length);
    return {
      ...sheet,
      origin: { row: 0, column: 0 },
      values,
      numberFormats: values.map((line, r) =>
        Array.from({ length: Math.min(width, line.length) }, (_, c) => formats[r]?.[c] ?? "General")
      ),
      formulas: values.map((line, r) => line.map((_, c) => formulas[r]?.[c] ?? "")),
      notes,
      notedCells: noted,
    } as SheetSnapshot;
  });
  const names = plan.names.map((n) => ({
    name: n.name,
    formula: `=${nameReference(n.sheet, n.range)}`,
  }));
  const state = plan.stateCells ? plan.stateCells.join("") : undefined;
  const { state: _old, ...rest } = snapshot;
  return state === undefined ? { ...rest, sheets, names } : { ...rest, sheets, names, state };
}
