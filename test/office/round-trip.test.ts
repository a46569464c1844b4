/**
 * Rate, re-rate and clear through the task pane's host actions on a fake Excel
 * holding a district scorecard: nothing the add-in does not own ever changes,
 * rating twice is rating once, and clearing gives back the workbook exactly.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/workbook/run";
import { STATE_SHEET } from "../../src/workbook/state";
import type { OwnedSheetView } from "../owned-view";
import { ownedInFake } from "./fake-owned";
import { columnLetter } from "../../src/workbook/address";
import {
  cellValue,
  columnIndexOf,
  diffSnapshots,
  parseAddress,
  snapshotModel,
  type FakeSnapshot,
  type FakeSnapshotDiff,
  type FakeWorkbookSpec,
} from "../fake-excel";
import { DESKTOP, exampleSpec, installExcelGlobals, rate, session, WEB } from "./harness";
import { districtSheet, FIRST_DATA_ROW, OUTPUT_LEFT, OUTPUT_WIDTH } from "./scorecard";

installExcelGlobals();

function isOwnedCell(owned: OwnedSheetView | undefined, address: string): boolean {
  const at = parseAddress(address)?.rect;
  if (!at || !owned) return false;
  return owned.blocks.some(
    (b) => at.top >= b.top && at.top <= b.bottom && at.left >= b.left && at.left < b.left + b.width
  );
}

/** The changes rating made that the add-in does not own: must be none. */
function foreignChanges(
  before: FakeSnapshot,
  after: FakeSnapshot,
  result: RunResult
): FakeSnapshotDiff[] {
  const owned = ownedInFake(after);
  const planned = new Map(
    result.plan.sheets.map((s) => [s.sheet, new Map(s.notes.map((n) => [n.cell, n.text]))])
  );
  return diffSnapshots(before, after).filter((change) => {
    const sheet = change.sheet ?? "";
    switch (change.kind) {
      case "sheet":
        // The state sheet is the add-in's, added very hidden.
        return !(sheet === STATE_SHEET && change.before === null);
      case "cell":
        return sheet !== STATE_SHEET && !isOwnedCell(owned[sheet], change.address ?? "");
      case "name":
        // The add-in's own hidden names over its blocks; no user name is touched.
        return !(
          /^ScorecardRAG_\d+$/.test(change.address ?? "") &&
          (change.after === null || (change.after as { visible: boolean }).visible === false)
        );
      case "note":
        // Only notes added where the plan put one, with its text; none changed or removed.
        return !(
          change.before === null &&
          (change.after as { content?: string }).content ===
            planned.get(sheet)?.get(change.address ?? "")
        );
      case "conditionalFormat": {
        // Only rules added over the add-in's own cells; the user's rules are untouched.
        const added = change.after as { ranges: string[] } | null;
        return !(
          change.before === null &&
          added !== null &&
          added.ranges.every((range) =>
            range.split(":").every((cell) => isOwnedCell(owned[sheet], cell))
          )
        );
      }
      default:
        return true;
    }
  });
}

/** Each rule as "range operator text", per sheet. */
function rulesOf(snapshot: FakeSnapshot, sheet: string): string[] {
  return snapshot.sheets[sheet]!.conditionalFormats.map(
    (cf) => `${cf.ranges.join(",")} ${cf.rule.operator ?? ""} ${cf.rule.text ?? ""}`
  );
}

describe("the district scorecard example", () => {
  let spec: FakeWorkbookSpec;
  beforeAll(async () => {
    spec = await exampleSpec();
  });

  it("rate changes only the add-in's cells, notes and formats; rating again changes nothing; clear restores it all", async () => {
    const { fake, actions } = session(spec);
    const original = snapshotModel(fake.model);

    const result = await rate(actions);
    const once = snapshotModel(fake.model);
    expect(result.plan.sheets.length).toBeGreaterThan(0);
    expect(foreignChanges(original, once, result)).toEqual([]);
    // It did write something: ratings in every rated sheet and the state sheet.
    expect(diffSnapshots(original, once).filter((d) => d.kind === "cell").length).toBeGreaterThan(
      50
    );
    expect(once.sheets[STATE_SHEET]?.visibility).toBe("VeryHidden");
    // Each flagged indicator has its commentary as a note on its value cell, unless an officer's note is there.
    const flagged = result.sheets.flatMap((sheet) =>
      sheet.tables.flatMap((table) =>
        table.rows
          .filter((row) => row.flags.some((flag) => flag.severity !== "info"))
          .map((row) => ({ sheet: sheet.name, cell: row.valueCell, text: row.commentary }))
      )
    );
    expect(flagged.length).toBeGreaterThan(3);
    for (const { sheet, cell, text } of flagged) {
      const officer = original.sheets[sheet]!.notes[cell];
      expect(once.sheets[sheet]!.notes[cell]?.content).toBe(officer ? officer.content : text);
    }

    await rate(actions);
    const twice = snapshotModel(fake.model);
    expect(diffSnapshots(once, twice)).toEqual([]);

    await actions.clear();
    expect(diffSnapshots(original, snapshotModel(fake.model))).toEqual([]);
  });

  it("one rule per status per output column range, not one more after re-rating", async () => {
    const { fake, actions } = session(spec);
    await rate(actions);
    await rate(actions);
    const snapshot = snapshotModel(fake.model);
    for (const [sheet, owned] of Object.entries(ownedInFake(snapshot))) {
      const rules = rulesOf(snapshot, sheet);
      expect(new Set(rules).size).toBe(rules.length);
      for (const block of owned.blocks) {
        const column = (offset: number) =>
          `${columnLetter(block.left + offset)}${block.top + 2}:${columnLetter(block.left + offset)}${block.bottom + 1}`;
        expect(rules.filter((r) => r.startsWith(`${column(0)} `)).sort()).toEqual(
          ["Amber", "Green", "Red"].map((status) => `${column(0)} BeginsWith ${status}`)
        );
        for (const offset of [1, 2])
          expect(rules.filter((r) => r.startsWith(`${column(offset)} `))).toHaveLength(2);
        expect(rules.filter((r) => r.startsWith(`${column(3)} `))).toEqual([]);
      }
    }
  });

  it("on Excel on the web the result is the same as on desktop", async () => {
    const desktop = session(spec, DESKTOP);
    const web = session(spec, WEB);
    await rate(desktop.actions);
    await rate(web.actions);
    expect(diffSnapshots(snapshotModel(desktop.fake.model), snapshotModel(web.fake.model))).toEqual(
      []
    );
  });

  it("a rate-and-clear leaves the state sheet as it was when settings were saved before", async () => {
    const { fake, actions } = session(spec);
    await actions.saveSettings({ tolerance: "10%" });
    const withSettings = snapshotModel(fake.model);
    expect(withSettings.sheets[STATE_SHEET]).toBeDefined();

    await rate(actions);
    await actions.clear();
    expect(diffSnapshots(withSettings, snapshotModel(fake.model))).toEqual([]);
    expect(await actions.loadSettings()).toEqual({ tolerance: "10%" });
  });
});

describe("a tab whose user data sits where the output columns go", () => {
  const userCell = `${columnLetter(OUTPUT_LEFT + 1)}${FIRST_DATA_ROW + 3}`;
  const spec: FakeWorkbookSpec = {
    sheets: [
      {
        ...districtSheet("Kent", {
          rows: 20,
          notes: { A6: "Officer's note" },
          extraCells: { [userCell]: "checked by JB" },
        }),
        conditionalFormats: [
          {
            address: `A5:${columnLetter(OUTPUT_LEFT + 6)}24`,
            type: "ContainsText",
            rule: { operator: "Contains", text: "N/A" },
            format: { fillColor: "#D9D9D9" },
          },
        ],
        columnWidths: { B: 60, [columnLetter(OUTPUT_LEFT + 1)]: 30 },
        // The published RAG filled by hand, as officers do: inserted columns copy it.
        fills: {
          [`${columnLetter(OUTPUT_LEFT - 1)}${FIRST_DATA_ROW + 1}:${columnLetter(OUTPUT_LEFT - 1)}${FIRST_DATA_ROW + 20}`]:
            "#FFC7CE",
        },
      },
      districtSheet("Ashford", { rows: 20 }),
    ],
  };

  it("inserts columns instead of overwriting, and clear puts every column back where it was", async () => {
    const { fake, actions } = session(spec);
    const original = snapshotModel(fake.model);
    const result = await rate(actions);
    const kentPlan = result.plan.sheets.find((s) => s.sheet === "Kent")!;
    expect(kentPlan.insertColumns).toEqual([{ at: OUTPUT_LEFT, count: OUTPUT_WIDTH }]);

    // The user's cell moved right with its column, unchanged.
    const moved = `${columnLetter(columnIndexOf(userCell.replace(/\d+$/, ""))! + OUTPUT_WIDTH)}${FIRST_DATA_ROW + 3}`;
    expect(cellValue(fake.model, "Kent", moved)).toBe("checked by JB");
    const once = snapshotModel(fake.model);
    // Every one of the user's cells is where its column went, exactly as it was.
    const shifted = (address: string): string => {
      const { top, left } = parseAddress(address)!.rect;
      return `${columnLetter(left >= OUTPUT_LEFT ? left + OUTPUT_WIDTH : left)}${top + 1}`;
    };
    const kentBefore = original.sheets.Kent!.cells;
    const moves = Object.keys(kentBefore).filter(
      (address) =>
        JSON.stringify(once.sheets.Kent!.cells[shifted(address)]) !==
        JSON.stringify(kentBefore[address])
    );
    expect(moves).toEqual([]);
    expect(once.sheets.Kent!.notes).toMatchObject({ A6: { content: "Officer's note" } });
    // The ratings do not wear the published RAG's hand-made fill that the inserted columns copied.
    const block = ownedInFake(once).Kent!.blocks[0]!;
    const filled = Object.entries(once.sheets.Kent!.cells).filter(
      ([address, cell]) =>
        cell.fill !== undefined &&
        isOwnedCell(ownedInFake(once).Kent, address) &&
        parseAddress(address)!.rect.top > block.top
    );
    expect(filled).toEqual([]);
    // Ashford had room: no columns inserted there, and nothing of the user's changed.
    const ashford = diffSnapshots(original, once).filter((d) => d.sheet === "Ashford");
    expect(
      ashford.filter(
        (d) => d.kind === "cell" && !isOwnedCell(ownedInFake(once).Ashford, d.address!)
      )
    ).toEqual([]);

    await rate(actions);
    expect(diffSnapshots(once, snapshotModel(fake.model))).toEqual([]);

    await actions.clear();
    expect(diffSnapshots(original, snapshotModel(fake.model))).toEqual([]);
  });
});
