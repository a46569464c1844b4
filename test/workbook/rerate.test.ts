import { describe, expect, it } from "vitest";
import { cellAddress, parseRange, type CellRange } from "../../src/workbook/address";
import { cellKey, type VerifiedBlock } from "../../src/workbook/ownership";
import { ownedCells, type SheetPlan } from "../../src/workbook/plan";
import { runWorkbook, type RunResult, type WritePlan } from "../../src/workbook/run";
import type { CellScalar, SheetSnapshot, WorkbookSnapshot } from "../../src/workbook/snapshot";
import type { BlockRecord } from "../../src/workbook/state";
import { applyPlanInMemory } from "../../src/session/memory-workbook";
import { months, sheetPlan } from "./build";

/*
 * Re-rating reads the add-in's own blocks and notes back: every note and
 * owned cell is looked up by key (sets, maps), not searched for row by row.
 * These tests pin that the look-ups answer as the searches did: the same plan,
 * the same workbook, on sheets with many notes and many stacked blocks.
 */

let seed = 5;
function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
}
const randomInt = (below: number): number => Math.floor(random() * below);

const LABELS = months(12).reverse(); // latest first, as scorecards print them
const PUBLISHED = ["Red", "Green", "Amber"];

/** `count` indicator rows: some published RAGs disagree with the rating, so those rows get a note. */
function indicatorRows(prefix: string, count: number, offset = 0): CellScalar[][] {
  return Array.from({ length: count }, (_, r): CellScalar[] => {
    const i = r + offset;
    const level = 0.5 + (i % 7) / 20;
    return [
      `${prefix}${String(r + 1).padStart(4, "0")}`,
      `Indicator ${prefix}${r + 1}`,
      r % 2 ? "Lower is better" : "Higher is better",
      0.7,
      ...LABELS.map((_, p) => Math.round((level + ((p * 7 + i) % 5) / 50) * 1000) / 1000),
      PUBLISHED[i % 3]!,
    ];
  });
}

const HEADER: CellScalar[] = ["PI code", "Indicator", "Polarity", "Target", ...LABELS, "RAG"];

function sheetOf(name: string, rows: CellScalar[][]): SheetSnapshot {
  return {
    name,
    origin: { row: 0, column: 0 },
    values: rows,
    numberFormats: rows.map((row) => row.map((_, c) => (c >= 3 && c < 3 + 13 ? "0%" : "General"))),
  };
}

/** One long table: thousands of flagged rows, so thousands of notes. */
function longSheet(rows: number): WorkbookSnapshot {
  return {
    sheets: [sheetOf("Long", [["Directorate scorecard"], HEADER, ...indicatorRows("L", rows)])],
  };
}

/** `tables` programmes stacked in the same columns, as Medway prints them: one owned block each. */
function stackedSheet(tables: number): WorkbookSnapshot {
  const rows: CellScalar[][] = [];
  for (let t = 0; t < tables; t++)
    rows.push([`Programme ${t + 1}`], HEADER, ...indicatorRows(`P${t + 1}-`, 8, t * 8), []);
  return { sheets: [sheetOf("Stacked", rows)] };
}

function rate(snapshot: WorkbookSnapshot): { result: RunResult; after: WorkbookSnapshot } {
  const result = runWorkbook(snapshot);
  return { result, after: applyPlanInMemory(snapshot, result.plan) };
}

/** What a sheet plan writes, leaving out what it removes first (a re-rate removes the previous output). */
function written(plan: SheetPlan): unknown {
  const { writes, conditionalFormats, notes, blocks, insertColumns, deleteColumns } = plan;
  return { writes, conditionalFormats, notes, blocks, insertColumns, deleteColumns };
}

/** Rates, rates the rated workbook again, and checks the second rating is the first one over again. */
function expectRerateUnchanged(fresh: WorkbookSnapshot): {
  first: { result: RunResult; after: WorkbookSnapshot };
  again: { result: RunResult; after: WorkbookSnapshot };
} {
  const first = rate(fresh);
  const again = rate(first.after);
  expect(again.result.sheets).toEqual(first.result.sheets);
  expect(again.result.warnings).toEqual(first.result.warnings);
  const plans = (plan: WritePlan) => plan.sheets.map(written);
  expect(plans(again.result.plan)).toEqual(plans(first.result.plan));
  expect(again.result.plan.state).toEqual(first.result.plan.state);
  // The re-rate removes exactly the notes the first rating added, and adds them back.
  for (const [i, sheet] of again.result.plan.sheets.entries()) {
    const added = first.result.plan.sheets[i]!.notes.map((n) => n.cell);
    expect([...sheet.removeNotes].sort()).toEqual([...added].sort());
  }
  expect(again.after).toEqual(first.after);
  return { first, again };
}

function blockNotes(snapshot: WorkbookSnapshot): readonly { cell: string; text: string }[] {
  return snapshot.sheets[0]!.notes ?? [];
}

describe("ownedCells: owned-cell look-ups by column and row", () => {
  const inside = (r: CellRange, row: number, column: number): boolean =>
    row >= r.top && row <= r.bottom && column >= r.left && column <= r.right;
  const record: BlockRecord = {
    sheet: "S",
    tableId: "t",
    headers: [],
    cells: "",
    inserted: false,
    notes: [],
  };

  it("answers as testing every block would: stacked, side by side, overlapping, with kept cells", () => {
    for (let trial = 0; trial < 300; trial++) {
      const blocks: VerifiedBlock[] = Array.from({ length: randomInt(14) }, (_, b) => {
        const top = randomInt(40);
        const left = randomInt(20);
        const range = { top, left, bottom: top + randomInt(12), right: left + randomInt(5) };
        const kept = new Set<number>();
        for (let k = randomInt(6); k > 0; k--)
          kept.add(
            cellKey(
              range.top + randomInt(range.bottom - range.top + 1),
              range.left + randomInt(range.right - range.left + 1)
            )
          );
        return { name: `ScorecardRAG_${b + 1}`, record, range, kept };
      });
      const owns = ownedCells(blocks);
      for (let row = 0; row < 56; row++)
        for (let column = 0; column < 28; column++) {
          const expected = blocks.some(
            (b) => inside(b.range, row, column) && !b.kept.has(cellKey(row, column))
          );
          if (owns(row, column) !== expected)
            throw new Error(
              `trial ${trial}: ${cellAddress(row, column)} owned ${!expected}, expected ${expected}`
            );
        }
    }
  });

  it("owns nothing without blocks", () => {
    expect(ownedCells([])(0, 0)).toBe(false);
  });
});

describe("re-rating a rated sheet gives the same plan and the same workbook", () => {
  it("one table of 3,000 rows with a note on every flagged row", () => {
    const { first, again } = expectRerateUnchanged(longSheet(3000));
    const notes = first.result.plan.sheets[0]!.notes;
    expect(notes.length).toBeGreaterThan(1000);
    expect(blockNotes(first.after)).toHaveLength(notes.length);
    // The re-rate found every one of them as the add-in's (by its text) and replaced it.
    expect(again.result.plan.sheets[0]!.removeNotes).toHaveLength(notes.length);
    expect(again.result.plan.sheets[0]!.notes).toEqual(notes);
    // And a third rating is the same again.
    expect(rate(again.after).after).toEqual(first.after);
  });

  it("30 tables stacked in the same columns: 30 owned blocks, each rewritten in place", () => {
    const { first } = expectRerateUnchanged(stackedSheet(30));
    const plan = first.result.plan.sheets[0]!;
    expect(first.result.sheets[0]!.tables).toHaveLength(30);
    expect(plan.blocks).toHaveLength(30);
    expect(new Set(plan.blocks.map((b) => b.range.left)).size).toBe(1);
    expect(plan.notes.length).toBeGreaterThan(100);
    expect(plan.insertColumns).toEqual([]);
  });

  it("the user's own notes on flagged cells are never written over, rating after rating", () => {
    const fresh = longSheet(600);
    const flagged = rate(fresh).result.plan.sheets[0]!.notes.map((n) => n.cell);
    expect(flagged.length).toBeGreaterThan(200);
    // The user has annotated every other flagged value cell (and one cell no rating touches).
    const theirs = [...flagged.filter((_, i) => i % 2 === 0), "A1"].map((cell) => ({
      cell,
      text: `Checked ${cell} with the service.`,
    }));
    const annotated: WorkbookSnapshot = {
      sheets: [{ ...fresh.sheets[0]!, notes: theirs, notedCells: theirs.map((n) => n.cell) }],
    };
    const { first, again } = expectRerateUnchanged(annotated);
    const planned = first.result.plan.sheets[0]!.notes.map((n) => n.cell);
    expect(planned).toEqual(flagged.filter((_, i) => i % 2 === 1));
    expect(again.result.plan.sheets[0]!.removeNotes).toEqual(expect.arrayContaining(planned));
    const after = new Map(blockNotes(again.after).map((n) => [n.cell, n.text]));
    for (const note of theirs) expect(after.get(note.cell)).toBe(note.text);
    expect(after.size).toBe(theirs.length + planned.length);
  });

  it("a cell typed into in one of many stacked blocks is kept; the other blocks are rewritten as before", () => {
    const first = rate(stackedSheet(30));
    const block = first.result.plan.sheets[0]!.blocks[17]!.range;
    const address = cellAddress(block.top + 3, block.left + 3);
    const at = parseRange(address)!;
    const sheet = first.after.sheets[0]!;
    const values = sheet.values.map((row) => [...row]);
    values[at.top]![at.left] = "Figure confirmed by the service";
    const edited: WorkbookSnapshot = { ...first.after, sheets: [{ ...sheet, values }] };
    const again = rate(edited);
    expect(again.result.warnings.map((w) => w.message)).toContain(
      `Commentary in Stacked!${address} was edited: kept.`
    );
    expect(again.after.sheets[0]!.values[at.top]![at.left]).toBe("Figure confirmed by the service");
    expect(again.result.sheets).toEqual(first.result.sheets);
    // Every other cell is as the first rating left it.
    const cellsOf = (s: WorkbookSnapshot) => s.sheets[0]!.values;
    const before = cellsOf(first.after);
    cellsOf(again.after).forEach((row, r) =>
      row.forEach((value, c) => {
        if (r !== at.top || c !== at.left) expect(value, cellAddress(r, c)).toEqual(before[r]?.[c]);
      })
    );
    expect(blockNotes(again.after)).toEqual(blockNotes(first.after));
  });
});

describe("applyPlanInMemory's notes (looked up by cell)", () => {
  it("removes the notes asked, then each planned note replaces any note on its cell and goes last", () => {
    const snapshot: WorkbookSnapshot = {
      sheets: [
        {
          ...sheetOf("S", [["x"]]),
          notes: [
            { cell: "A1", text: "the user's" },
            { cell: "B2", text: "ours" },
            { cell: "D4", text: "another of the user's" },
          ],
          notedCells: ["A1", "B2", "D4", "E5"],
        },
      ],
    };
    const plan: WritePlan = {
      sheets: [
        sheetPlan({
          removeNotes: ["B2"],
          notes: [
            { cell: "C3", text: "first" },
            { cell: "A1", text: "replaced" },
            { cell: "F6", text: "new" },
            { cell: "C3", text: "second" },
          ],
        }),
      ],
      names: [],
      state: { version: 2, settings: {}, overrides: {}, blocks: {} },
      stateCells: null,
    };
    const sheet = applyPlanInMemory(snapshot, plan).sheets[0]!;
    expect(sheet.notes).toEqual([
      { cell: "D4", text: "another of the user's" },
      { cell: "A1", text: "replaced" },
      { cell: "F6", text: "new" },
      { cell: "C3", text: "second" },
    ]);
    expect(sheet.notedCells).toEqual(["A1", "D4", "E5", "C3", "F6"]);
  });
});
