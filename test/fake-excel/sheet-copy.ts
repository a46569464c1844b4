/**
 * `Worksheet.copy()`: a new sheet with the source's cells, formats, merges, hidden rows and columns, widths, tables,
 * conditional formats, notes, comments, protection and visibility. Formulas on the copy that name the source sheet
 * name the copy instead. Workbook-scoped names are not copied (they keep pointing at the source); Excel gives the copy
 * worksheet-scoped twins of the names that refer to the source (see `copyNamesForSheet`).
 */

import { cloneSheet, emptySheet, type FakeSheet, type FakeWorkbookModel, newId } from "./model";
import { copyNamesForSheet } from "./names";
import { renameSheetInFormula } from "./structure";

/** `Kent` → `Kent (2)`, `Kent (2)` → `Kent (3)`; shortened to fit Excel's 31 characters. */
function copyName(model: FakeWorkbookModel, source: string): string {
  const base = source.replace(/ \(\d+\)$/, "");
  const taken = (name: string) =>
    model.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase());
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = `${base.slice(0, 31 - suffix.length)}${suffix}`;
    if (!taken(name)) return name;
  }
}

function uniqueTableName(model: FakeWorkbookModel, base: string, also: readonly string[]): string {
  const taken = (name: string) =>
    model.sheets.some((s) => s.tables.some((t) => t.name.toLowerCase() === name.toLowerCase())) ||
    model.names.some((n) => n.name.toLowerCase() === name.toLowerCase()) ||
    also.some((a) => a.toLowerCase() === name.toLowerCase());
  for (let n = 2; ; n++) if (!taken(`${base}${n}`)) return `${base}${n}`;
}

/** Builds the copy (not yet placed in `model.sheets`) and the names Excel gives it. */
export function copyWorksheet(model: FakeWorkbookModel, source: FakeSheet): FakeSheet {
  const fresh = emptySheet(model, copyName(model, source.name));
  const copy: FakeSheet = { ...cloneSheet(source), id: fresh.id, name: fresh.name };
  for (const cell of copy.cells.values())
    if (cell.formula) cell.formula = renameSheetInFormula(cell.formula, source.name, copy.name);
  const renamed: string[] = [];
  for (const table of copy.tables) {
    table.id = newId(model, "");
    table.name = uniqueTableName(model, table.name, renamed);
    renamed.push(table.name);
  }
  for (const cf of copy.conditionalFormats) cf.id = newId(model, "cf");
  for (const note of copy.notes.values()) note.id = newId(model, "note");
  for (const chart of copy.charts) chart.id = newId(model, "chart");
  for (const comment of copy.comments.values()) {
    comment.id = newId(model, "comment");
    comment.replies = comment.replies.map((r) => ({ ...r, id: newId(model, "reply") }));
  }
  copyNamesForSheet(model, source, copy);
  return copy;
}
