import { fingerprint } from "./fingerprint";
import type { SheetPlan } from "./plan";
import type { WritePlan } from "./result";
import { isEmptyState, stateCells, type BlockRecord, type StoredState } from "./state";

/**
 * The plan without the notes a host could not add (no note support, or a note
 * already there that the add-in did not write), with the saved records to
 * match, so "clear" never deletes a note the add-in did not add.
 *
 * With `notesSupported: false` the host can neither add nor delete notes, so
 * the notes an earlier rating added stay in the workbook: their fingerprints
 * stay in the saved state (`strandedNotes`), so that a later Clear in an Excel
 * that has notes removes them.
 *
 * @param skipped sheet name → cells (`D9`) whose planned note is dropped
 */
export function withoutNotes(
  plan: WritePlan,
  skipped: ReadonlyMap<string, ReadonlySet<string>>,
  notesSupported = true
): WritePlan {
  const stranded = new Set(plan.state.strandedNotes ?? []);
  if (!notesSupported)
    for (const sheet of plan.sheets)
      for (const hash of sheet.removeNoteFingerprints) stranded.add(hash);
  const unchanged =
    skipped.size === 0 &&
    (notesSupported
      ? stranded.size === 0
      : plan.sheets.every((s) => s.removeNoteFingerprints.length === 0));
  if (unchanged) return plan;
  const blocks: Record<string, BlockRecord> = { ...plan.state.blocks };
  const sheets: SheetPlan[] = plan.sheets.map((sheet) => {
    const drop = skipped.get(sheet.sheet);
    if (!drop || drop.size === 0) return sheet;
    const notes = sheet.notes.filter((note) => !drop.has(note.cell));
    const written = new Set(notes.map((note) => fingerprint(note.text)));
    const planned = sheet.blocks.map((block) => {
      const record: BlockRecord = {
        ...block.record,
        notes: block.record.notes.filter((hash) => written.has(hash)),
      };
      blocks[block.name] = record;
      return { ...block, record };
    });
    return { ...sheet, notes, blocks: planned };
  });
  const { strandedNotes: _previous, ...rest } = plan.state;
  const state: StoredState =
    !notesSupported && stranded.size > 0
      ? { ...rest, blocks, strandedNotes: [...stranded] }
      : { ...rest, blocks };
  return {
    sheets,
    names: plan.names,
    state,
    stateCells: isEmptyState(state) ? null : stateCells(state),
  };
}
