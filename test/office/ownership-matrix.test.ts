/**
 * The ownership matrix in the strict fake Excel: rate the example, make one
 * edit a user would make (through Office.js, as Excel applies it: cells and
 * the add-in's names move together), then re-rate, or clear. No cell of the
 * user's may change; each case either rewrites the moved block or leaves the
 * sheet alone with a warning naming it. The same matrix on real files edited
 * by LibreOffice is test/xlsx/ownership-matrix.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parseRange } from "../../src/workbook/address";
import type { RunResult } from "../../src/workbook/run";
import { STATE_SHEET } from "../../src/workbook/state";
import {
  diffSnapshots,
  snapshotModel,
  type FakeSnapshot,
  type FakeWorkbookSpec,
} from "../fake-excel";
import type { OwnedSheetView } from "../owned-view";
import { ownedInFake, stateColumn } from "./fake-owned";
import { fakeSpecFromExcelJs } from "./from-xlsx";
import { exampleSpec, installExcelGlobals, loadExample, rate, session } from "./harness";

installExcelGlobals();

const SHEET = "Ashford";

function inOwned(owned: Record<string, OwnedSheetView>, sheet: string, address: string): boolean {
  const at = parseRange(address);
  if (!at) return false;
  return (owned[sheet]?.blocks ?? []).some(
    (b) => at.top >= b.top && at.top <= b.bottom && at.left >= b.left && at.left < b.left + b.width
  );
}

/** Cells of the user's that differ: every cell change outside the add-in's blocks (before or after) and its state sheet. */
function userCellChanges(before: FakeSnapshot, after: FakeSnapshot): string[] {
  const owned = [ownedInFake(before), ownedInFake(after)];
  return diffSnapshots(before, after)
    .filter((d) => d.kind === "cell" && d.sheet !== STATE_SHEET)
    .filter((d) => !owned.some((o) => inOwned(o, d.sheet ?? "", d.address ?? "")))
    .map((d) => `${d.sheet}!${d.address}`);
}

type Edit = (context: Excel.RequestContext) => void;
type Outcome = "rewritten" | "refused";

const sheetOf = (context: Excel.RequestContext, name = SHEET): Excel.Worksheet =>
  context.workbook.worksheets.getItem(name);

/** The example's tables: header row 5, indicators in rows 6–16, columns A:AI; the block goes in AJ:AM. */
/** The state column of another rated workbook (filled before the cases run). */
let pastedState: string[] = [];

const CASES: readonly { name: string; edit: Edit; outcome: Outcome; sheet?: string }[] = [
  {
    name: "insert a column left of the table",
    edit: (c) => void sheetOf(c).getRange("A:A").insert("Right"),
    outcome: "rewritten",
  },
  {
    name: "insert a column inside the table",
    edit: (c) => void sheetOf(c).getRange("D:D").insert("Right"),
    outcome: "rewritten",
  },
  {
    name: "insert a column between the table and its block",
    edit: (c) => void sheetOf(c).getRange("AJ:AJ").insert("Right"),
    outcome: "rewritten",
  },
  {
    name: "delete a column of the table",
    edit: (c) => sheetOf(c).getRange("B:B").delete("Left"),
    outcome: "rewritten",
  },
  {
    name: "insert rows above the table",
    edit: (c) => void sheetOf(c).getRange("1:2").insert("Down"),
    outcome: "rewritten",
  },
  {
    name: "delete a row above the table",
    edit: (c) => sheetOf(c).getRange("2:2").delete("Up"),
    outcome: "rewritten",
  },
  {
    name: "insert a row inside the table",
    edit: (c) => void sheetOf(c).getRange("9:9").insert("Down"),
    outcome: "rewritten",
  },
  {
    name: "delete a row inside the table",
    edit: (c) => sheetOf(c).getRange("9:9").delete("Up"),
    outcome: "rewritten",
  },
  {
    name: "sort the table with its block",
    edit: (c) =>
      sheetOf(c)
        .getRange("A6:AM16")
        .sort.apply([{ key: 0, ascending: false }]),
    outcome: "rewritten",
  },
  {
    name: "sort the table without its block",
    edit: (c) =>
      sheetOf(c)
        .getRange("A6:AI16")
        .sort.apply([{ key: 0, ascending: false }]),
    outcome: "rewritten",
  },
  {
    name: "rename the sheet",
    edit: (c) => void (sheetOf(c).name = "Ashford DC"),
    outcome: "rewritten",
    sheet: "Ashford DC",
  },
  { name: "move the sheet", edit: (c) => void (sheetOf(c).position = 0), outcome: "rewritten" },
  {
    name: "copy the sheet",
    edit: (c) => void sheetOf(c).copy("End"),
    outcome: "refused",
    sheet: "Ashford (2)",
  },
  {
    name: "type into an owned cell",
    edit: (c) => void (sheetOf(c).getRange("AM8").values = [["Checked by LB"]]),
    outcome: "rewritten",
  },
  {
    name: "overwrite an owned header",
    edit: (c) => void (sheetOf(c).getRange("AJ5").values = [["My RAG"]]),
    outcome: "refused",
  },
  {
    // Another workbook's state (the same layout, other figures) copied over this one's.
    name: "paste the state sheet from another workbook",
    edit: (c) => {
      const state = sheetOf(c, STATE_SHEET);
      state.getRange("A:A").clear("Contents");
      state.getRange(`A1:A${pastedState.length}`).values = pastedState.map((text) => [text]);
    },
    outcome: "refused",
  },
  {
    name: "garble the state",
    edit: (c) => void (sheetOf(c, STATE_SHEET).getRange("A1").values = [["{garbage"]]),
    outcome: "refused",
  },
];

async function rated(spec: FakeWorkbookSpec) {
  const s = session(spec);
  await rate(s.actions);
  return s;
}

describe("ownership matrix in the strict fake Excel (district example)", () => {
  let spec: FakeWorkbookSpec;
  beforeAll(async () => {
    spec = await exampleSpec();
    // The example with every figure 3% higher, rated: its state is "another workbook's".
    const other = await loadExample();
    for (const ws of other.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === "number" && cell.value < 1000) cell.value = cell.value * 1.03;
        })
      );
    const { fake, actions } = session(fakeSpecFromExcelJs(other));
    await rate(actions);
    pastedState = stateColumn(snapshotModel(fake.model));
    expect(pastedState.length).toBeGreaterThan(0);
  });

  for (const { name, edit, outcome, sheet = SHEET } of CASES) {
    it(`${name}: re-rate and clear change no user cell; the sheet is ${outcome}`, async () => {
      for (const mode of ["rate", "clear"] as const) {
        const { fake, actions } = await rated(spec);
        await fake.Excel.run(async (context) => {
          edit(context);
          await context.sync();
        });
        const edited = snapshotModel(fake.model);
        let result: RunResult | undefined;
        if (mode === "rate") result = await rate(actions);
        else await actions.clear();
        const after = snapshotModel(fake.model);
        expect(userCellChanges(edited, after)).toEqual([]);
        if (name === "type into an owned cell")
          expect(after.sheets[SHEET]!.cells.AM8?.value).toBe("Checked by LB");
        const changedOnSheet = diffSnapshots(edited, after).filter(
          // The sheet's content; its position moves when the state sheet comes or goes.
          (d) => d.sheet === sheet && d.kind !== "sheet"
        );
        if (outcome === "refused") expect(changedOnSheet).toEqual([]);
        if (mode === "rate" && result) {
          const warned = result.warnings.some((w) => w.severity === "warning" && w.sheet === sheet);
          // A garbled state is reported once for the workbook, not for a sheet.
          if (outcome === "refused" && name !== "garble the state") expect(warned).toBe(true);
          if (outcome === "rewritten") {
            expect(warned).toBe(false);
            expect(ownedInFake(after)[sheet]?.blocks.length).toBeGreaterThan(0);
          }
        }
      }
    });
  }
});
