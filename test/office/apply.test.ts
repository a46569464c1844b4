/** applyPlan through the strict fake: round trips, Excel on the web's request limit, formats and notes. */
import { fingerprint } from "../../src/workbook/fingerprint";
import { describe, expect, it } from "vitest";
import { applyPlan, SheetWriteError, type ApplyOptions } from "../../src/office/apply";
import type { WritePlan } from "../../src/workbook/run";
import { parseState, STATE_SHEET } from "../../src/workbook/state";
import {
  cellKey,
  cellValue,
  findSheet,
  snapshotModel,
  type FakeOffice,
  type FakeOfficeOptions,
} from "../fake-excel";
import { DESKTOP, fakeOffice, installExcelGlobals, touchedMembers, WEB } from "./harness";
import { narrowRatingPlan } from "./plans";
import { DISTRICTS, narrowWorkbook } from "./scorecard";

installExcelGlobals();

const NEW_WORKBOOK: ApplyOptions = {
  notes: true,
  stateSheetExists: false,
  notedCells: new Map(),
  ownFormats: new Map(),
};

async function apply(
  fake: FakeOffice,
  plan: WritePlan,
  options: ApplyOptions = NEW_WORKBOOK
): Promise<number> {
  const counter = { syncs: 0 };
  await fake.Excel.run((context) => applyPlan(context, plan, options, counter));
  return counter.syncs;
}

function rated(rows: number, sheets: number, fakeOptions: FakeOfficeOptions = DESKTOP) {
  const fake = fakeOffice(narrowWorkbook(rows, sheets), fakeOptions);
  const plan = narrowRatingPlan(DISTRICTS.slice(0, sheets), rows);
  return { fake, plan };
}

/** The plan's values, as the cells must read after applying it (blanks as empty cells). */
function expectWritten(fake: FakeOffice, plan: WritePlan): void {
  for (const sheetPlan of plan.sheets) {
    const sheet = findSheet(fake.model, sheetPlan.sheet)!;
    for (const { range, values } of sheetPlan.writes)
      values.forEach((row, i) =>
        row.forEach((value, j) => {
          const found = sheet.cells.get(cellKey(range.top + i, range.left + j))?.value ?? null;
          if (found !== value)
            throw new Error(
              `${sheetPlan.sheet} row ${range.top + i + 1} column ${range.left + j + 1}: ${JSON.stringify(found)} is not ${JSON.stringify(value)}`
            );
        })
      );
  }
}

describe("round trips", () => {
  it("writes 13 tabs in one sync (at most 2) for 10, 1,000 and 50,000 rows a tab", async () => {
    const syncs: number[] = [];
    for (const rows of [10, 1_000, 50_000]) {
      const { fake, plan } = rated(rows, DISTRICTS.length);
      const counted = await apply(fake, plan);
      expect(counted).toBe(fake.stats.syncCount);
      syncs.push(counted);
      expectWritten(fake, plan);
      expect(findSheet(fake.model, STATE_SHEET)?.visibility).toBe("VeryHidden");
    }
    expect(Math.max(...syncs)).toBeLessThanOrEqual(2);
    expect(new Set(syncs).size).toBe(1);
  }, 60_000);
});

describe("Excel on the web's 5 MB request limit", () => {
  const LIMIT = 40_000;
  const limited: FakeOfficeOptions = { ...WEB, limits: { maxPayloadBytes: LIMIT } };

  it("the fake refuses a request over the limit, so the split below is needed", async () => {
    const { fake, plan } = rated(600, 2, limited);
    const before = snapshotModel(fake.model);
    const failure = await apply(fake, plan).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SheetWriteError);
    expect((failure as SheetWriteError).code).toBe("RequestPayloadSizeLimitExceeded");
    expect((failure as SheetWriteError).message).toMatch(/"Kent" and "Ashford"/);
    expect(snapshotModel(fake.model)).toEqual(before);
  });

  it("split by maxRequestBytes, no request passes the limit and the workbook ends as on desktop", async () => {
    const { fake, plan } = rated(600, 2, limited);
    const syncs = await apply(fake, plan, { ...NEW_WORKBOOK, maxRequestBytes: LIMIT });
    expect(Math.max(...fake.stats.requestBytes)).toBeLessThanOrEqual(LIMIT);
    expect(fake.stats.syncs.every((s) => s.error === undefined)).toBe(true);
    expect(syncs).toBeGreaterThan(2);

    const desktop = rated(600, 2);
    await apply(desktop.fake, desktop.plan);
    expect(snapshotModel(fake.model)).toEqual(snapshotModel(desktop.fake.model));
  });

  it("a single write too big for one request goes in row blocks", async () => {
    const { fake, plan } = rated(600, 1, limited);
    await apply(fake, plan, { ...NEW_WORKBOOK, maxRequestBytes: LIMIT });
    const valueWrites = fake.stats.operations.filter(
      (op) => op.op === "setValues" && op.target.startsWith("Kent!")
    );
    expect(valueWrites.length).toBeGreaterThan(1);
    // The blocks tile the planned range: consecutive rows, nothing twice.
    const rows = valueWrites.map((op) => op.target.replace(/^Kent!/, ""));
    expect(rows[0]).toMatch(/^F1:I\d+$/);
    expect(rows.at(-1)).toMatch(/:I601$/);
    expectWritten(fake, plan);
  });

  it("counts bytes, not characters: text past ASCII (en dashes, arrows) is budgeted in UTF-8", async () => {
    // The plan's commentary holds an en dash (3 bytes in UTF-8) on every row.
    const { fake, plan } = rated(600, 1, limited);
    await apply(fake, plan, { ...NEW_WORKBOOK, maxRequestBytes: LIMIT });
    expect(Math.max(...fake.stats.requestBytes)).toBeLessThanOrEqual(LIMIT);
  });
});

describe("conditional formats", () => {
  it("one rule per status per output column range, RAG fill with the status text itself in the cell", async () => {
    const { fake, plan } = rated(30, 1);
    await apply(fake, plan);
    const formats = snapshotModel(fake.model).sheets.Kent!.conditionalFormats;
    const rules = formats.map((cf) => `${cf.ranges.join(",")} ${cf.rule.operator} ${cf.rule.text}`);
    expect(rules.sort()).toEqual(
      [
        "F2:F31 BeginsWith Green",
        "F2:F31 BeginsWith Amber",
        "F2:F31 BeginsWith Red",
        "G2:G31 BeginsWith IMP",
        "G2:G31 BeginsWith DET",
        "H2:H31 BeginsWith IMP",
        "H2:H31 BeginsWith DET",
      ].sort()
    );
    for (const cf of formats) {
      expect(cf.type).toBe("ContainsText");
      expect(cf.format.fillColor).toMatch(/^#[0-9A-F]{6}$/);
      expect(cf.format.fontColor).toMatch(/^#[0-9A-F]{6}$/);
    }
    // Colour is never the only cue: each formatted cell says its status in words.
    for (let row = 2; row <= 31; row++)
      expect(String(cellValue(fake.model, "Kent", `F${row}`))).toMatch(/^(Green|Amber|Red)/);
  });
});

describe("notes", () => {
  it("with ExcelApi 1.18: a note on each flagged value cell, never over the user's own", async () => {
    const plan = narrowRatingPlan(["Kent"], 30);
    const userNote = plan.sheets[0]!.notes[0]!.cell;
    const sheet = narrowWorkbook(30, 1).sheets[0]!;
    const withUserNote = fakeOffice({ sheets: [{ ...sheet, notes: { [userNote]: "Mine." } }] });
    const report = await withUserNote.Excel.run((context) =>
      applyPlan(context, plan, {
        ...NEW_WORKBOOK,
        notedCells: new Map([["Kent", new Set([userNote])]]),
      })
    );
    const notes = snapshotModel(withUserNote.model).sheets.Kent!.notes;
    expect(notes[userNote]?.content).toBe("Mine.");
    expect(report.skippedNotes).toEqual([userNote]);
    for (const note of plan.sheets[0]!.notes.slice(1))
      expect(notes[note.cell]?.content).toBe(note.text);
    expect(Object.keys(notes)).toHaveLength(plan.sheets[0]!.notes.length);
    // The saved state owns only the notes the add-in wrote, so "clear" never deletes the user's.
    const state = parseState(String(cellValue(withUserNote.model, STATE_SHEET, "A1"))).state;
    const recorded = Object.values(state.blocks).flatMap((b) => b.notes);
    expect(recorded).not.toContain(fingerprint(plan.sheets[0]!.notes[0]!.text));
    expect(recorded).toHaveLength(plan.sheets[0]!.notes.length - 1);
  });

  it("without ExcelApi 1.18: no notes API is touched and the commentary column still has the text", async () => {
    const { fake, plan } = rated(30, 1, { ...DESKTOP, requirementSets: { ExcelApi: "1.17" } });
    await apply(fake, plan, { ...NEW_WORKBOOK, notes: false });
    const touched = touchedMembers(fake);
    expect(
      touched.filter((m) => /^(Note|NoteCollection)\./.test(m) || m === "Workbook.notes")
    ).toEqual([]);
    expect(snapshotModel(fake.model).sheets.Kent!.notes).toEqual({});
    for (const note of plan.sheets[0]!.notes) {
      const row = Number(note.cell.slice(1));
      expect(cellValue(fake.model, "Kent", `I${row}`)).toBe(note.text);
    }
    const state = parseState(String(cellValue(fake.model, STATE_SHEET, "A1"))).state;
    expect(Object.values(state.blocks).flatMap((b) => b.notes)).toEqual([]);
  });
});
