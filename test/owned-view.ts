/**
 * What the add-in owns, as tests look at it: each sheet's blocks where the
 * workbook's names put them, with the record's details, and the cells of its
 * notes (found by their text, as the add-in finds them).
 */
import { fingerprint } from "../src/workbook/fingerprint";
import {
  isOwnedName,
  parseNameReference,
  type DefinedNameSnapshot,
} from "../src/workbook/ownership";
import { parseState } from "../src/workbook/state";

export interface OwnedBlockView {
  readonly name: string;
  readonly tableId: string;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly width: number;
  readonly inserted: boolean;
}

export interface OwnedSheetView {
  readonly blocks: OwnedBlockView[];
  readonly notes: string[];
}

export function ownedView(
  names: readonly DefinedNameSnapshot[],
  stateText: string | undefined,
  notes: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map()
): Record<string, OwnedSheetView> {
  const { state } = parseState(stateText);
  const out: Record<string, OwnedSheetView> = {};
  for (const { name, formula } of names) {
    if (!isOwnedName(name)) continue;
    const at = parseNameReference(formula);
    const record = state.blocks[name];
    if (!at || !record) continue;
    const sheet = (out[at.sheet] ??= { blocks: [], notes: [] });
    sheet.blocks.push({
      name,
      tableId: record.tableId,
      top: at.range.top,
      bottom: at.range.bottom,
      left: at.range.left,
      width: at.range.right - at.range.left + 1,
      inserted: record.inserted,
    });
    const hashes = new Set(record.notes);
    for (const [cell, text] of notes.get(at.sheet) ?? [])
      if (hashes.has(fingerprint(text)) && !sheet.notes.includes(cell)) sheet.notes.push(cell);
  }
  for (const sheet of Object.values(out))
    sheet.blocks.sort((a, b) => a.top - b.top || a.left - b.left);
  return out;
}

export function isOwnedIn(owned: OwnedSheetView | undefined, row: number, column: number): boolean {
  return (owned?.blocks ?? []).some(
    (b) => row >= b.top && row <= b.bottom && column >= b.left && column < b.left + b.width
  );
}
