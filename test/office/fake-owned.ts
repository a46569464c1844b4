import { STATE_SHEET } from "../../src/workbook/state";
import type { FakeSnapshot } from "../fake-excel";
import { ownedView, type OwnedSheetView } from "../owned-view";

/** The state sheet's column A in a fake workbook, top to bottom: the saved state in its chunks. */
export function stateColumn(snapshot: FakeSnapshot): string[] {
  const cells = snapshot.sheets[STATE_SHEET]?.cells ?? {};
  return Object.keys(cells)
    .filter((address) => /^A\d+$/.test(address))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((address) => String(cells[address]!.value ?? ""));
}

/** What the add-in owns in a fake workbook: its names, with the saved records. */
export function ownedInFake(snapshot: FakeSnapshot): Record<string, OwnedSheetView> {
  const names = Object.entries(snapshot.names ?? {}).map(([name, n]) => ({
    name,
    formula: n.formula,
  }));
  return ownedView(names, stateColumn(snapshot).join(""));
}
