import { parseRange } from "../workbook/address";
import { findingsLinkText, snapshotHead } from "../workbook/findings";
import type { CellScalar, SheetSnapshot, WorkbookSnapshot } from "../workbook/snapshot";
import { applyPlanInMemory, fromA1 } from "./memory-workbook";
import type { CellRun, HostPort, SheetWrite } from "./port";

/** How `putSheet` laid out one of the add-in's own sheets: what Excel and an .xlsx file keep as its formats. */
export type SheetLook = Omit<SheetWrite, "name" | "replace" | "runs">;

/** A port over a workbook held in memory, as a snapshot: the demo's host, and the tests' reference. */
export interface MemoryPort extends HostPort {
  /** The workbook as it is now. */
  snapshot(): WorkbookSnapshot;
  /**
   * The look of a sheet the add-in wrote whole (Findings, Summary): widths,
   * bold frozen header, conditional formats and page setup, as recorded (a
   * snapshot has no formats); undefined for any other sheet.
   */
  sheetLook(name: string): SheetLook | undefined;
  /** Types `value` into `cell` (`D9`) on `sheet`, as the user would between two steps. */
  setCell(sheet: string, cell: string, value: CellScalar): void;
}

/** `sheet` (or a new, empty sheet called `name`) with `runs` written: text formatted "@", formulas kept with the text they show. */
function withRuns(sheet: SheetSnapshot | undefined, name: string, runs: readonly CellRun[]) {
  const { values, formats, formulas } = sheet
    ? fromA1(sheet)
    : { values: [], formats: [], formulas: [] };
  for (const run of runs)
    run.values.forEach((text, i) => {
      const r = run.row;
      const c = run.column + i;
      for (const grid of [values, formats, formulas] as unknown[][][])
        while (grid.length <= r) grid.push([]);
      const pad = (line: unknown[], fill: unknown): void => {
        while (line.length <= c) line.push(fill);
      };
      pad(values[r]!, null);
      pad(formats[r]!, "General");
      pad(formulas[r]!, "");
      const shown = run.kind === "formula" ? (findingsLinkText(text) ?? text) : text;
      values[r]![c] = shown === "" ? null : (shown as CellScalar);
      formats[r]![c] = run.kind === "text" ? "@" : formats[r]![c]!;
      formulas[r]![c] = run.kind === "formula" ? text : "";
    });
  const result: SheetSnapshot = {
    ...(sheet ?? {}),
    name,
    origin: { row: 0, column: 0 },
    values,
    numberFormats: values.map((line, r) => line.map((_, c) => formats[r]?.[c] ?? "General")),
    formulas: values.map((line, r) => line.map((_, c) => formulas[r]?.[c] ?? "")),
  };
  return result;
}

/** A host port over an in-memory workbook. Plans are applied as a host would (memory-workbook.ts). */
export function createMemoryPort(initial: WorkbookSnapshot): MemoryPort {
  let snapshot = initial;
  const looks = new Map<string, SheetLook>();
  const find = (name: string): SheetSnapshot | undefined =>
    snapshot.sheets.find((s) => s.name === name);
  const put = (sheet: SheetSnapshot): void => {
    const at = snapshot.sheets.findIndex((s) => s.name === sheet.name);
    snapshot = {
      ...snapshot,
      sheets:
        at < 0
          ? [...snapshot.sheets, sheet]
          : snapshot.sheets.map((s, i) => (i === at ? sheet : s)),
    };
  };
  return {
    snapshot: () => snapshot,
    sheetLook: (name) => looks.get(name),
    setCell(sheet, cell, value) {
      const at = parseRange(cell);
      const target = find(sheet);
      if (!at || !target) throw new Error(`There is no cell ${cell} on a sheet "${sheet}".`);
      const { values, formats, formulas } = fromA1(target);
      for (const grid of [values, formats, formulas] as unknown[][][])
        while (grid.length <= at.top) grid.push([]);
      const line = values[at.top]!;
      while (line.length <= at.left) line.push(null);
      line[at.left] = value;
      if (formulas[at.top]?.[at.left]) formulas[at.top]![at.left] = "";
      put({
        ...target,
        origin: { row: 0, column: 0 },
        values,
        numberFormats: values.map((l, r) => l.map((_, c) => formats[r]?.[c] ?? "General")),
        formulas: values.map((l, r) => l.map((_, c) => formulas[r]?.[c] ?? "")),
      });
    },
    async transaction(work) {
      return work({
        read: async () => snapshot,
        apply: async (plan, deleteSheets) => {
          const applied = applyPlanInMemory(snapshot, plan);
          snapshot = {
            ...applied,
            sheets: applied.sheets.filter((s) => !deleteSheets.includes(s.name)),
          };
          for (const name of deleteSheets) looks.delete(name);
        },
      });
    },
    readState: async () => snapshot.state,
    async updateState(next) {
      snapshot = { ...snapshot, state: next(snapshot.state).join("") };
    },
    async sheetHeads(firstRowOf) {
      return snapshot.sheets.map((s) =>
        firstRowOf.test(s.name) ? snapshotHead(s) : { name: s.name, firstRow: [] }
      );
    },
    async editSheet(name, edit) {
      const sheet = find(name);
      const { write, result } = edit(sheet && { origin: sheet.origin, values: sheet.values });
      if (write) put(withRuns(sheet, name, write.runs));
      return result;
    },
    async putSheet(write) {
      const { name: _name, replace: _replace, runs: _runs, ...look } = write;
      looks.set(write.name, look);
      const sheet = withRuns(undefined, write.name, write.runs);
      if (write.replace) put(sheet);
      else snapshot = { ...snapshot, sheets: [...snapshot.sheets, sheet] };
    },
    async selectCell(sheet, cell) {
      if (!find(sheet)) throw new Error(`There is no sheet named "${sheet}" to select ${cell} on.`);
    },
  };
}
