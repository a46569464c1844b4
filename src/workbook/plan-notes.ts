import type { SheetPlan } from "./plan";
import type { WritePlan } from "./run";
import { isEmptyState, stateCells, type StoredState } from "./state";

/**
 * The plan without the notes a host could not add (no note support, or a note
 * already there that the add-in did not write), with the saved state to match,
 * so "clear" never deletes a note the add-in did not add.
 *
 * @param skipped sheet name → cells (`D9`) whose planned note is dropped
 */
export function withoutNotes(
  plan: WritePlan,
  skipped: ReadonlyMap<string, ReadonlySet<string>>
): WritePlan {
  if (skipped.size === 0) return plan;
  const sheets: SheetPlan[] = plan.sheets.map((sheet) => {
    const drop = skipped.get(sheet.sheet);
    if (!drop || drop.size === 0) return sheet;
    const notes = sheet.notes.filter((note) => !drop.has(note.cell));
    return { ...sheet, notes, owned: { ...sheet.owned, notes: notes.map((note) => note.cell) } };
  });
  const owned = { ...plan.state.owned };
  for (const sheet of sheets) if (owned[sheet.sheet]) owned[sheet.sheet] = sheet.owned;
  const state: StoredState = { ...plan.state, owned };
  return { sheets, state, stateCells: isEmptyState(state) ? null : stateCells(state) };
}
