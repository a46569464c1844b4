import { copyFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExample, EXAMPLE_PATH } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { STATE_SHEET } from "../../src/workbook/state";
import { zipPartData, zipParts } from "../../src/xlsx/zip";
import { sharedFixturePath } from "../fixtures";
import {
  noteText,
  cellAt,
  columnWidths,
  conditionalFormatKeys,
  conditionalFormats,
  isOwned,
  load,
  merges,
  ownedOf,
  positionsOf,
  runCli,
  tempDir,
} from "./helpers";

const workbooks = [
  ["Medway Q2 2022/23", sharedFixturePath("medway-q2-2022-23.xlsx")],
  ["the district scorecard example", EXAMPLE_PATH],
] as const;

function userSheets(workbook: ExcelJS.Workbook): ExcelJS.Worksheet[] {
  return workbook.worksheets.filter((s) => s.name !== STATE_SHEET);
}

/** Every cell of `b` equals the cell at the same place in `a`, except where `skip` says. */
function expectSameCells(
  a: ExcelJS.Worksheet,
  b: ExcelJS.Worksheet,
  skip: (row: number, column: number) => "all" | "note" | false = () => false
): void {
  const differences: string[] = [];
  for (const [r, c] of positionsOf(a, b)) {
    const mode = skip(r, c);
    if (mode === "all") continue;
    const x = cellAt(a, r, c);
    const y = cellAt(b, r, c);
    const same =
      JSON.stringify({ ...x, note: mode === "note" ? null : x.note }) ===
      JSON.stringify({ ...y, note: mode === "note" ? null : y.note });
    if (!same)
      differences.push(`${a.name}!R${r + 1}C${c + 1}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`);
  }
  expect(differences.slice(0, 5)).toEqual([]);
}

describe.each(workbooks)("rate, re-rate and clear %s", (_label, source) => {
  const { dir, cleanup } = tempDir();
  const input = join(dir, "input.xlsx");
  const rated = join(dir, "rated.xlsx");
  const rerated = join(dir, "rerated.xlsx");
  const cleared = join(dir, "cleared.xlsx");
  let json: JsonDocument;
  let original: ExcelJS.Workbook;
  let first: ExcelJS.Workbook;

  beforeAll(async () => {
    copyFileSync(source, input);
    const run = await runCli(["rate", input, "-o", rated, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    json = JSON.parse(run.stdout) as JsonDocument;
    expect((await runCli(["rate", rated, "-o", rerated])).code).toBe(0);
    expect((await runCli(["rate", rated, "--clear", "-o", cleared])).code).toBe(0);
    original = await load(input);
    first = await load(rated);
  });
  afterAll(cleanup);

  it("rates some rows and owns a block beside each table, without inserting columns", () => {
    const rows = json.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows));
    expect(rows.length).toBeGreaterThan(20);
    const owned = ownedOf(first)!;
    expect(Object.keys(owned).length).toBeGreaterThan(0);
    for (const sheet of Object.values(owned))
      for (const block of sheet.blocks) expect(block.inserted).toBe(false);
  });

  it("keeps every cell it does not own: value, formula, number format, style, notes", () => {
    const owned = ownedOf(first)!;
    expect(userSheets(first).map((s) => s.name)).toEqual(original.worksheets.map((s) => s.name));
    for (const sheet of original.worksheets) {
      const out = first.getWorksheet(sheet.name)!;
      const mine = owned[sheet.name];
      // The owned cells were empty before: nothing of the user's was overwritten.
      for (const block of mine?.blocks ?? [])
        for (let r = block.top; r <= block.bottom; r++)
          for (let c = block.left; c < block.left + block.width; c++)
            expect(cellAt(sheet, r, c).value).toBeNull();
      const notes = new Set(mine?.notes ?? []);
      expectSameCells(sheet, out, (r, c) =>
        isOwned(mine, r, c) ? "all" : notes.has(`${colLetter(c)}${r + 1}`) ? "note" : false
      );
      expect(merges(out)).toEqual(merges(sheet));
      expect(columnWidths(out).slice(0, columnWidths(sheet).length)).toEqual(columnWidths(sheet));
      // The user's own conditional formats are still there.
      for (const key of conditionalFormatKeys(sheet))
        expect(conditionalFormatKeys(out)).toContain(key);
    }
  });

  it("colours the RAG and trend columns with one rule per status over each owned column", () => {
    const owned = ownedOf(first)!;
    for (const [name, sheet] of Object.entries(owned)) {
      const cfs = conditionalFormats(first.getWorksheet(name)!);
      for (const block of sheet.blocks) {
        if (block.bottom <= block.top) continue;
        const rag = `${colLetter(block.left)}${block.top + 2}:${colLetter(block.left)}${block.bottom + 1}`;
        const onRag = cfs.filter((cf) => cf.ref === rag);
        expect(onRag.map((cf) => (cf.rules[0] as { formulae: string[] }).formulae[0])).toEqual(
          ["Green", "Amber", "Red"].map(
            (s) => `LEFT(${colLetter(block.left)}${block.top + 2},LEN("${s}"))="${s}"`
          )
        );
        for (const offset of [1, 2]) {
          const letter = colLetter(block.left + offset);
          expect(
            cfs.filter((cf) => cf.ref === `${letter}${block.top + 2}:${letter}${block.bottom + 1}`)
          ).toHaveLength(2);
        }
      }
    }
  });

  it("colours Variation and Assurance in the Making Data Count colours, the words leading", () => {
    const owned = ownedOf(first)!;
    for (const [name, sheet] of Object.entries(owned)) {
      const ws = first.getWorksheet(name)!;
      const cfs = conditionalFormats(ws);
      for (const block of sheet.blocks) {
        for (let offset = 4; offset < block.width; offset++) {
          const letter = colLetter(block.left + offset);
          const header = String(ws.getCell(block.top + 1, block.left + offset + 1).value);
          const words = cfs
            .filter((cf) => cf.ref === `${letter}${block.top + 2}:${letter}${block.bottom + 1}`)
            .map((cf) => /="(.*)"$/.exec((cf.rules[0] as { formulae: string[] }).formulae[0]!)![1]);
          if (header === "Variation")
            expect(words).toEqual(["Improvement", "Concern", "Common cause", "Neither"]);
          else if (header === "Assurance")
            expect(words).toEqual(["Consistently passing", "Consistently failing", "Hit and miss"]);
          else expect(words).toEqual(["Better", "Similar", "Worse", "Higher", "Lower"]);
        }
      }
    }
  });

  it("notes every flagged row on its value cell, unless the officer already left a note there", () => {
    let noted = 0;
    for (const sheet of json.sheets) {
      const out = first.getWorksheet(sheet.name)!;
      const before = original.getWorksheet(sheet.name)!;
      for (const table of sheet.tables)
        for (const row of table.rows) {
          if (!row.flags.some((f) => f.severity !== "info")) continue;
          const note = noteText(out.getCell(row.valueCell));
          const earlier = noteText(before.getCell(row.valueCell));
          if (earlier) expect(note).toEqual(earlier);
          else {
            expect(note).toBe(row.commentary);
            noted++;
          }
        }
    }
    const flagged = json.sheets.some((s) =>
      s.tables.some((t) => t.rows.some((r) => r.flags.some((f) => f.severity !== "info")))
    );
    expect(noted > 0).toBe(flagged);
  });

  it("keeps its state in a very hidden sheet", () => {
    const state = first.getWorksheet(STATE_SHEET)!;
    expect(state.state).toBe("veryHidden");
    expect(String(state.getCell("A1").value)).toMatch(/^\{"version":2/);
  });

  it("locates each owned block by a hidden workbook name over it", async () => {
    const bytes = await readFile(rated);
    const part = zipParts(bytes)!.find((p) => p.name === "xl/workbook.xml")!;
    const workbookXml = zipPartData(bytes, part)!.toString("utf8");
    const names = [
      ...workbookXml.matchAll(/<definedName name="(ScorecardRAG_\d+)" hidden="1">([^<]+)</g),
    ];
    const owned = ownedOf(first)!;
    const blocks = Object.values(owned).flatMap((sheet) => sheet.blocks);
    expect(names.map((m) => m[1]).sort()).toEqual(blocks.map((b) => b.name).sort());
  });

  it("rates a rated workbook to exactly the same cells, notes, merges and state", async () => {
    const second = await load(rerated);
    expect(second.worksheets.map((s) => s.name)).toEqual(first.worksheets.map((s) => s.name));
    for (const sheet of first.worksheets) {
      const again = second.getWorksheet(sheet.name)!;
      expectSameCells(sheet, again);
      expect(merges(again)).toEqual(merges(sheet));
    }
  });

  // The plan's `removeConditionalFormats` names each owned block (four columns, I9:L14)
  // while the formats are single columns (I9:I14, …): src/xlsx/write.ts matches them
  // by containment and formula, so re-rating replaces the set instead of adding one.
  it("re-rating leaves the same conditional formats (not a second set)", async () => {
    const second = await load(rerated);
    for (const sheet of first.worksheets)
      expect(conditionalFormatKeys(second.getWorksheet(sheet.name)!)).toEqual(
        conditionalFormatKeys(sheet)
      );
  });

  it("clears back to the original: every cell and note, merges, widths, no state sheet", async () => {
    const back = await load(cleared);
    expect(back.worksheets.map((s) => s.name)).toEqual(original.worksheets.map((s) => s.name));
    expect(back.getWorksheet(STATE_SHEET)).toBeUndefined();
    for (const sheet of original.worksheets) {
      const restored = back.getWorksheet(sheet.name)!;
      expectSameCells(sheet, restored);
      expect(merges(restored)).toEqual(merges(sheet));
      expect(columnWidths(restored).slice(0, columnWidths(sheet).length)).toEqual(
        columnWidths(sheet)
      );
    }
  });

  it("clearing removes the conditional formats it added", async () => {
    const back = await load(cleared);
    for (const sheet of original.worksheets)
      expect(conditionalFormatKeys(back.getWorksheet(sheet.name)!)).toEqual(
        conditionalFormatKeys(sheet)
      );
  });
});

function colLetter(column: number): string {
  let n = column + 1;
  let text = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    text = String.fromCharCode(65 + rem) + text;
    n = Math.floor((n - 1) / 26);
  }
  return text;
}

describe("the user's own conditional format on the columns the tool writes", () => {
  const { dir, cleanup } = tempDir();
  const input = join(dir, "user-format.xlsx");
  const rated = join(dir, "rated.xlsx");
  const rerated = join(dir, "rerated.xlsx");
  const cleared = join(dir, "cleared.xlsx");
  // On the empty cells where Kent's RAG column will go: the tool writes there (no insert).
  const USER = 'AJ7:AJ16 expression:AJ7<>""';

  beforeAll(async () => {
    const workbook = buildExample();
    workbook.getWorksheet("Kent")!.addConditionalFormatting({
      ref: "AJ7:AJ16",
      rules: [
        {
          type: "expression",
          priority: 1,
          formulae: ['AJ7<>""'],
          style: { font: { bold: true } },
        },
      ],
    });
    await workbook.xlsx.writeFile(input);
    expect((await runCli(["rate", input, "-o", rated])).code).toBe(0);
    expect((await runCli(["rate", rated, "-o", rerated])).code).toBe(0);
    expect((await runCli(["rate", rerated, "--clear", "-o", cleared])).code).toBe(0);
  });
  afterAll(cleanup);

  const kent = async (path: string): Promise<string[]> =>
    conditionalFormatKeys((await load(path)).getWorksheet("Kent")!);

  it("keeps it beside the tool's own, once, through rating and re-rating", async () => {
    const first = await kent(rated);
    expect(ownedOf(await load(rated))!["Kent"]!.blocks[0]).toMatchObject({
      left: 35,
      inserted: false,
    });
    expect(first.filter((k) => k === USER)).toHaveLength(1);
    expect(first.filter((k) => k.startsWith("AJ6:AJ16 expression:LEFT("))).toHaveLength(3);
    expect(await kent(rerated)).toEqual(first);
  });

  it("leaves only it after clearing", async () => {
    expect(await kent(cleared)).toEqual([USER]);
  });
});
