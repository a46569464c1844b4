import type { SheetPlan } from "./plan";
import type { WritePlan } from "./run";
import { isEmptyState, stateCells, type OwnedSheet, type StoredState } from "./state";

/**
 * The plan without the notes a host could not add (no note support, or a note
 * already there that the add-in did not write), with the saved state to match,
 * so "clear" never deletes a note the add-in did not add.
 *
 * With `notesSupported: false` the host can neither add nor delete notes, so
 * the notes an earlier rating added stay in the workbook: they stay in the
 * saved state too, so that a later Clear in an Excel that has notes removes them.
 *
 * @param skipped sheet name → cells (`D9`) whose planned note is dropped
 */
export function withoutNotes(
  plan: WritePlan,
  skipped: ReadonlyMap<string, ReadonlySet<string>>,
  notesSupported = true
): WritePlan {
  const stranded = (sheet: SheetPlan): readonly string[] =>
    notesSupported ? [] : sheet.removeNotes;
  if (skipped.size === 0 && plan.sheets.every((sheet) => stranded(sheet).length === 0)) return plan;
  const owned: Record<string, OwnedSheet> = { ...plan.state.owned };
  const sheets: SheetPlan[] = plan.sheets.map((sheet) => {
    const drop = skipped.get(sheet.sheet) ?? new Set<string>();
    const left = stranded(sheet);
    if (drop.size === 0 && left.length === 0) return sheet;
    const notes = sheet.notes.filter((note) => !drop.has(note.cell));
    const ownedNotes = [...new Set([...notes.map((note) => note.cell), ...left])];
    const sheetOwned: OwnedSheet = { ...sheet.owned, notes: ownedNotes };
    if (owned[sheet.sheet] || ownedNotes.length > 0) owned[sheet.sheet] = sheetOwned;
    return { ...sheet, notes, owned: sheetOwned };
  });
  const state: StoredState = { ...plan.state, owned };
  return { sheets, state, stateCells: isEmptyState(state) ? null : stateCells(state) };
}
