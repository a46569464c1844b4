/**
 * The Findings sheet through the Office adapter: one row per flag with a link
 * to its cell; the add-in replaces only its own Findings sheet, never a user's
 * sheet of that name, and "Clear ratings" removes it with the rest.
 */
import { describe, expect, it } from "vitest";
import { createOfficeActions } from "../../src/office/port";
import {
  createFakeOffice,
  diffSnapshots,
  snapshotModel,
  type FakeSheetSnapshot,
} from "../fake-excel";
import { DESKTOP, exampleSpec, hostOf, installExcelGlobals, rate, session } from "./harness";

installExcelGlobals();

function column(sheet: FakeSheetSnapshot, letter: string): FakeSheetSnapshot["cells"][string][] {
  return Object.keys(sheet.cells)
    .filter((address) => new RegExp(`^${letter}\\d+$`).test(address))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((address) => sheet.cells[address]!);
}

describe("Findings sheet (Office adapter)", () => {
  it("lists every flag with a link formula to its cell, keeping codes as text", async () => {
    const { fake, actions } = session(await exampleSpec());
    const result = await rate(actions);
    await actions.createFindingsSheet(result);
    const findings = snapshotModel(fake.model).sheets["Findings"]!;
    const flags = result.sheets.flatMap((s) =>
      s.tables.flatMap((t) => t.rows.flatMap((r) => r.flags.map((f) => `${s.name}!${f.cell}`)))
    );
    const links = column(findings, "B").slice(1);
    expect(links).toHaveLength(flags.length);
    const targets = links.map((cell) => {
      const match = /^=HYPERLINK\("#'?(.*?)'?!([A-Z]+\d+)","\2"\)$/.exec(cell.formula ?? "");
      expect(match, cell.formula).not.toBeNull();
      return `${match![1]}!${match![2]}`;
    });
    expect(targets.sort()).toEqual([...flags].sort());
    expect(column(findings, "C").every((cell) => cell.numberFormat === "@")).toBe(true);
  });

  it("replaces its own sheet, leaves a user's Findings sheet alone, and is removed by Clear", async () => {
    const spec = await exampleSpec();
    spec.sheets.push({ name: "Findings", rows: [["My own notes: keep"]] });
    const { fake, actions } = session(spec);
    const original = snapshotModel(fake.model);
    const result = await rate(actions);
    await actions.createFindingsSheet(result);
    await actions.createFindingsSheet(result);
    const names = Object.keys(snapshotModel(fake.model).sheets);
    expect(names.filter((name) => name.startsWith("Findings")).sort()).toEqual([
      "Findings",
      "Findings 2",
    ]);
    expect(snapshotModel(fake.model).sheets["Findings"]!.cells["A1"]!.value).toBe(
      "My own notes: keep"
    );
    await actions.clear();
    expect(diffSnapshots(original, snapshotModel(fake.model))).toEqual([]);
  });
});

describe("notes on a host without ExcelApi 1.18", () => {
  it("keeps the notes an earlier rating added owned, so a later Clear in a newer Excel removes them", async () => {
    const { fake, actions } = session(await exampleSpec());
    const original = snapshotModel(fake.model);
    await rate(actions);
    const notesAfterRating = countNotes(snapshotModel(fake.model));
    expect(notesAfterRating).toBeGreaterThan(0);

    // The same workbook opened in an older Excel: it can neither add nor delete notes.
    const older = createFakeOffice(fake.model, {
      ...DESKTOP,
      requirementSets: { ExcelApi: "1.17" },
    });
    const olderActions = createOfficeActions(hostOf(older));
    await rate(olderActions);
    await olderActions.clear();
    expect(countNotes(snapshotModel(fake.model))).toBe(notesAfterRating);

    await actions.clear();
    expect(diffSnapshots(original, snapshotModel(fake.model))).toEqual([]);
  });
});

function countNotes(snapshot: ReturnType<typeof snapshotModel>): number {
  return Object.values(snapshot.sheets).reduce(
    (total, sheet) => total + Object.keys(sheet.notes ?? {}).length,
    0
  );
}
