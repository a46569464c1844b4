import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { cellAddress, parseRange } from "../../src/workbook/address";
import { nameReference, parseNameReference, resolveOwnership } from "../../src/workbook/ownership";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import {
  SheetGrid,
  type CellScalar,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from "../../src/workbook/snapshot";
import { parseState, STATE_SHEET } from "../../src/workbook/state";
import { applyPlanInMemory } from "../../src/session/memory-workbook";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";
import { readSharedFixture } from "../fixtures";

/*
 * The ownership rules on in-memory workbooks: the user's edits are made here
 * as Excel makes them (cells move, and so do the names over them); the same
 * matrix runs on real files edited by LibreOffice in test/xlsx/ownership-matrix.test.ts.
 */

const SHEET = "People Q2 22-23";

async function medway(): Promise<WorkbookSnapshot> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    readSharedFixture("medway-q2-2022-23.xlsx") as unknown as ExcelJS.Buffer
  );
  return snapshotWorkbook(workbook);
}

function rate(
  snapshot: WorkbookSnapshot,
  mode: "rate" | "clear" = "rate"
): { result: RunResult; after: WorkbookSnapshot } {
  const result = runWorkbook(snapshot, { mode });
  return { result, after: applyPlanInMemory(snapshot, result.plan) };
}

function cells(snapshot: WorkbookSnapshot): Map<string, CellScalar> {
  const out = new Map<string, CellScalar>();
  for (const sheet of snapshot.sheets) {
    if (sheet.name === STATE_SHEET) continue;
    sheet.values.forEach((row, i) =>
      row.forEach((value, j) => {
        if (value !== null && value !== "")
          out.set(
            `${sheet.name}!${cellAddress(sheet.origin.row + i, sheet.origin.column + j)}`,
            value
          );
      })
    );
  }
  return out;
}

/** Cells the add-in's names cover, as `Sheet!A1`. */
function ownedCells(snapshot: WorkbookSnapshot): Set<string> {
  const out = new Set<string>();
  for (const { formula } of snapshot.names ?? []) {
    const at = parseNameReference(formula);
    if (!at) continue;
    for (let r = at.range.top; r <= at.range.bottom; r++)
      for (let c = at.range.left; c <= at.range.right; c++)
        out.add(`${at.sheet}!${cellAddress(r, c)}`);
  }
  return out;
}

/** The cells that differ between two workbooks, leaving out those the add-in owns in either. */
function userChanges(before: WorkbookSnapshot, after: WorkbookSnapshot): string[] {
  const a = cells(before);
  const b = cells(after);
  const owned = new Set([...ownedCells(before), ...ownedCells(after)]);
  return [...new Set([...a.keys(), ...b.keys()])].filter(
    (k) => !owned.has(k) && a.get(k) !== b.get(k)
  );
}

/** Every cell that differs. */
function allChanges(before: WorkbookSnapshot, after: WorkbookSnapshot): string[] {
  const a = cells(before);
  const b = cells(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
}

function mapSheet(
  snapshot: WorkbookSnapshot,
  name: string,
  edit: (sheet: SheetSnapshot) => SheetSnapshot
): WorkbookSnapshot {
  return { ...snapshot, sheets: snapshot.sheets.map((s) => (s.name === name ? edit(s) : s)) };
}

function grid(sheet: SheetSnapshot): { values: CellScalar[][]; formats: string[][] } {
  const values: CellScalar[][] = [];
  const formats: string[][] = [];
  for (let r = 0; r < sheet.origin.row; r++) {
    values.push([]);
    formats.push([]);
  }
  const pad = Array.from({ length: sheet.origin.column }, () => null);
  sheet.values.forEach((row, i) => {
    values.push([...pad, ...row]);
    formats.push([...pad.map(() => "General"), ...(sheet.numberFormats[i] ?? [])]);
  });
  return { values, formats };
}

function withCells(
  sheet: SheetSnapshot,
  values: CellScalar[][],
  formats: string[][]
): SheetSnapshot {
  return {
    ...sheet,
    origin: { row: 0, column: 0 },
    values,
    numberFormats: formats,
    formulas: undefined,
  };
}

/** Inserts (count > 0) or deletes (count < 0) whole columns at `at`, moving the names as Excel does. */
function spliceColumns(
  snapshot: WorkbookSnapshot,
  name: string,
  at: number,
  count: number
): WorkbookSnapshot {
  const splice = <T>(row: T[], filler: T): T[] => {
    const copy = [...row];
    if (copy.length > at) {
      if (count > 0) copy.splice(at, 0, ...Array.from({ length: count }, () => filler));
      else copy.splice(at, -count);
    }
    return copy;
  };
  const edited = mapSheet(snapshot, name, (sheet) => {
    const { values, formats } = grid(sheet);
    return withCells(
      sheet,
      values.map((row) => splice<CellScalar>(row, null)),
      formats.map((row) => splice(row, "General"))
    );
  });
  const names = (snapshot.names ?? []).map((n) => {
    const ref = parseNameReference(n.formula);
    if (!ref || ref.sheet !== name) return n;
    const move = (c: number): number => (c >= at ? c + count : c);
    let { left, right } = ref.range;
    if (count < 0) {
      const gone = (c: number): boolean => c >= at && c < at - count;
      if (gone(left) && gone(right)) return { ...n, formula: "=#REF!" };
      left = gone(left) ? at : move(left);
      right = gone(right) ? at - 1 : move(right);
    } else {
      left = move(left);
      right = move(right);
    }
    return { ...n, formula: `=${nameReference(name, { ...ref.range, left, right })}` };
  });
  return { ...edited, names };
}

function setCell(
  snapshot: WorkbookSnapshot,
  name: string,
  address: string,
  value: CellScalar
): WorkbookSnapshot {
  const at = parseRange(address)!;
  return mapSheet(snapshot, name, (sheet) => {
    const { values, formats } = grid(sheet);
    while (values.length <= at.top) values.push([]);
    const row = values[at.top]!;
    while (row.length <= at.left) row.push(null);
    row[at.left] = value;
    return withCells(sheet, values, formats);
  });
}

function blockOf(
  snapshot: WorkbookSnapshot,
  index = 0
): { sheet: string; top: number; left: number; bottom: number; right: number } {
  const refs = (snapshot.names ?? [])
    .map((n) => parseNameReference(n.formula)!)
    .sort((a, b) => a.range.top - b.range.top);
  const ref = refs[index]!;
  return { sheet: ref.sheet, ...ref.range };
}

describe("ownership that follows the cells (in memory, Medway Q2)", () => {
  let original: WorkbookSnapshot;
  let rated: WorkbookSnapshot;

  beforeAll(async () => {
    original = await medway();
    rated = rate(original).after;
  });

  it("names each owned block, and a re-run changes nothing", () => {
    expect(rated.names!.length).toBeGreaterThan(0);
    const again = rate(rated).after;
    expect(allChanges(rated, again)).toEqual([]);
    expect(again.names).toEqual(rated.names);
  });

  it("inserting a column left of the tables: re-rate keeps every user cell, clear restores the sheet", () => {
    const edited = spliceColumns(rated, SHEET, 0, 1);
    const rerated = rate(edited);
    expect(userChanges(edited, rerated.after)).toEqual([]);
    expect(rerated.result.warnings.filter((w) => w.severity === "warning")).toEqual([]);
    const cleared = rate(edited, "clear").after;
    expect(allChanges(spliceColumns(original, SHEET, 0, 1), cleared)).toEqual([]);
  });

  it("inserting a column between a table and its block: the block is rewritten where it is now", () => {
    const block = blockOf(rated);
    const edited = spliceColumns(rated, SHEET, block.left, 1);
    const rerated = rate(edited);
    expect(userChanges(edited, rerated.after)).toEqual([]);
    expect(blockOf(rerated.after).left).toBe(block.left + 1);
    expect(allChanges(edited, rerated.after)).toEqual([]);
  });

  it("a cell the user typed into is kept, and said so; clear keeps it too", () => {
    const block = blockOf(rated);
    const address = cellAddress(block.top + 2, block.left + 3);
    const edited = setCell(rated, SHEET, address, "Checked with the service: figure is right");
    const rerated = rate(edited);
    expect(cells(rerated.after).get(`${SHEET}!${address}`)).toBe(
      "Checked with the service: figure is right"
    );
    expect(rerated.result.warnings.map((w) => w.message)).toContain(
      `Commentary in '${SHEET}'!${address} was edited: kept.`
    );
    const cleared = rate(rerated.after, "clear").after;
    expect(cells(cleared).get(`${SHEET}!${address}`)).toBe(
      "Checked with the service: figure is right"
    );
  });

  it("an overwritten header leaves the sheet alone, with a message naming the sheet and range", () => {
    const block = blockOf(rated);
    const edited = setCell(rated, SHEET, cellAddress(block.top, block.left), "My RAG");
    for (const mode of ["rate", "clear"] as const) {
      const run = rate(edited, mode);
      expect(allChanges(edited, run.after)).toEqual([]);
      const warning = run.result.warnings.find((w) => w.severity === "warning");
      expect(warning?.sheet).toBe(SHEET);
      expect(warning?.message).toContain(`'${SHEET}'!`);
      expect(warning?.message).toContain(`reads "My RAG"`);
    }
  });

  it("a state pasted from another workbook, or garbled, never costs a user cell", async () => {
    const other = rate(
      mapSheet(await medway(), SHEET, (sheet) => ({
        ...sheet,
        values: sheet.values.map((row) => row.map((v) => (typeof v === "number" ? v + 1 : v))),
      }))
    ).after;
    const pasted = { ...rated, state: other.state };
    for (const mode of ["rate", "clear"] as const)
      expect(userChanges(pasted, rate(pasted, mode).after)).toEqual([]);
    for (const state of [
      '{"version":2,"blocks":{"ScorecardRAG_1":{"sheet":1}}}',
      "garbage{",
      '{"version":1,"owned":{"Kent":{}}}',
    ]) {
      const edited = { ...rated, state };
      for (const mode of ["rate", "clear"] as const) {
        const run = rate(edited, mode);
        expect(userChanges(edited, run.after)).toEqual([]);
        // The add-in's own cells are left too: without a record that matches, they cannot be told from the user's.
        expect(allChanges(edited, run.after)).toEqual([]);
      }
    }
  });

  it("deleting a whole block's columns drops its name; the rest is rated again", () => {
    const block = blockOf(rated);
    const edited = spliceColumns(rated, SHEET, block.left, -4);
    const rerated = rate(edited);
    expect(userChanges(edited, rerated.after)).toEqual([]);
  });

  it("a state that claims cells by position (version 1) is taken over only where its cells are recognisably the tool's", () => {
    const v1 = (blocks: object) =>
      JSON.stringify({
        version: 1,
        settings: {},
        overrides: {},
        owned: { [SHEET]: { blocks, notes: [] } },
      });
    // A hand-typed state claiming the published RAG and DOT columns: left alone.
    const claims = [{ tableId: "x", top: 6, bottom: 13, left: 6, width: 4, inserted: false }];
    const forged = { ...original, state: v1(claims) };
    for (const mode of ["rate", "clear"] as const) {
      const run = rate(forged, mode);
      expect(allChanges(forged, run.after)).toEqual([]);
      expect(run.result.warnings.some((w) => w.severity === "warning" && w.sheet === SHEET)).toBe(
        true
      );
    }
    // A workbook rated by version 1: its blocks are the tool's own output, so they are taken over.
    const block = blockOf(rated);
    const legacy = {
      ...rated,
      names: [],
      state: v1([
        {
          tableId: "t",
          top: block.top,
          bottom: block.bottom,
          left: block.left,
          width: 4,
          inserted: false,
        },
      ]),
    };
    const run = rate(legacy);
    expect(userChanges(legacy, run.after)).toEqual([]);
  });
});

describe("a copied sheet (Excel does not copy workbook names)", () => {
  it("the copy's output, which has no record, is left alone with a message; the original is rated as before", async () => {
    const rated = rate(await medway()).after;
    const source = rated.sheets.find((s) => s.name === SHEET)!;
    const copied = { ...rated, sheets: [...rated.sheets, { ...source, name: "Copy" }] };
    const run = rate(copied);
    expect(userChanges(copied, run.after)).toEqual([]);
    expect(allChanges(copied, run.after)).toEqual([]);
    const warning = run.result.warnings.find((w) => w.sheet === "Copy" && w.severity === "warning");
    expect(warning?.message).toMatch(
      /holds Scorecard RAG's column headers, but the workbook has no record/
    );
  });
});

describe("parseState", () => {
  it("reports and ignores every shape that is not the documented one, never throws", () => {
    for (const text of [
      "null",
      "[]",
      '{"version":2,"blocks":[]}',
      '{"version":2,"blocks":{"a":{"sheet":"S","tableId":"t","headers":["x"],"cells":"abc","inserted":false,"notes":[]}}}',
      '{"version":1,"owned":{"Kent":{"blocks":[{"top":-1,"bottom":2,"left":0,"width":4,"tableId":"t","inserted":false}]}}}',
      '{"version":2,"settings":{"headers":5,"jumpFactor":"x"},"overrides":{"t":{"code":-3}}}',
    ]) {
      const { state } = parseState(text);
      expect(Object.keys(state.blocks)).toEqual([]);
      expect(state.legacy).toBeUndefined();
    }
  });
});

describe("resolveOwnership", () => {
  it("a name with no record over cells that are not empty refuses its sheet", () => {
    const sheet: SheetSnapshot = {
      name: "S",
      origin: { row: 0, column: 0 },
      values: [["a", "b"]],
      numberFormats: [],
    };
    const owned = resolveOwnership({
      grids: new Map([["S", new SheetGrid(sheet)]]),
      names: [{ name: "ScorecardRAG_1", formula: "=S!$A$1:$B$1" }],
      state: parseState(undefined).state,
      notes: new Map(),
      headers: ["RAG", "Short trend", "Long trend", "Commentary"],
    });
    expect(owned.sheets.get("S")?.refusal?.message).toContain("S!A1:B1");
    expect(owned.nextNumber).toBe(2);
  });
});

describe("a table at the sheet's right edge", () => {
  it("ends at column XFD: no stack trace, a message naming the table, nothing written", () => {
    const header = ["PI code", "Indicator", "Value", "Target"];
    const sheet: SheetSnapshot = {
      name: "Edge",
      origin: { row: 0, column: 16380 },
      values: [header, ["A1", "Visits", 90, 80], ["A2", "Calls", 70, 80]],
      numberFormats: [],
    };
    const result = runWorkbook({ sheets: [sheet] });
    expect(result.plan.sheets.flatMap((s) => s.writes)).toEqual([]);
    const warning = result.warnings.find((w) => w.sheet === "Edge" && w.severity === "warning");
    expect(warning?.message).toMatch(/Edge!XFA1:XFD3.*last column \(XFD\)/);
  });
});
