import { join } from "node:path";
import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExample } from "../../examples/make-example";
import { STATE_SHEET } from "../../src/workbook/state";
import {
  cellAt,
  columnWidths,
  conditionalFormats,
  load,
  merges,
  ownedOf,
  positionsOf,
  runCli,
  tempDir,
} from "./helpers";

/*
 * The example's tables end in column AI; the tool's six columns (the four, then
 * Variation and Assurance) go in AJ:AO.
 * Here the officer has used AJ:AO on "Ashford" (a sign-off cell with a note and a
 * fill, a merged heading, a data validation, a conditional format, a wide
 * column) and refers to those cells from formulas on the same sheet and on
 * another sheet. Rating must insert six columns instead of overwriting, move
 * all of that right intact, and clearing must delete exactly those columns.
 */
const AJ = 35; // 0-based column of AJ
/** The four columns, Variation and Assurance (the example's 25 months allow both). */
const WIDTH = 6;

describe("owned columns that would overwrite the user's cells", () => {
  const { dir, cleanup } = tempDir();
  const input = join(dir, "signed-off.xlsx");
  const rated = join(dir, "rated.xlsx");
  const rerated = join(dir, "rerated.xlsx");
  const cleared = join(dir, "cleared.xlsx");
  let original: ExcelJS.Workbook;
  let first: ExcelJS.Workbook;

  beforeAll(async () => {
    const workbook = buildExample();
    const sheet = workbook.getWorksheet("Ashford")!;
    const signOff = sheet.getCell("AJ7");
    signOff.value = "Checked by LB";
    signOff.note = "Sign-off for the January report";
    signOff.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
    sheet.getCell("AK2").value = "Sign-off";
    sheet.mergeCells("AK2:AM2");
    sheet.getCell("AK8").value = 3;
    sheet.getCell("AL8").value = { formula: "AK8*2", result: 6 };
    sheet.getCell("A20").value = { formula: 'AJ7&" ("&COUNTA(AJ6:AO16)&")"', result: "x" };
    sheet.getCell("AK9").dataValidation = {
      type: "list",
      allowBlank: true,
      formulae: ['"Yes,No"'],
    };
    sheet.addConditionalFormatting({
      ref: "AK6:AK16",
      rules: [
        {
          type: "expression",
          priority: 1,
          formulae: ["AK6>2"],
          style: { font: { bold: true } },
        },
      ],
    });
    sheet.getColumn(AJ + 1).width = 22;
    workbook.getWorksheet("About")!.getCell("A12").value = {
      formula: "Ashford!AJ7",
      result: "Checked by LB",
    };
    await workbook.xlsx.writeFile(input);
    expect((await runCli(["rate", input, "-o", rated])).code).toBe(0);
    expect((await runCli(["rate", rated, "-o", rerated])).code).toBe(0);
    expect((await runCli(["rate", rated, "--clear", "-o", cleared])).code).toBe(0);
    original = await load(input);
    first = await load(rated);
  });
  afterAll(cleanup);

  it("inserts six columns at AJ and writes the ratings there", () => {
    const block = ownedOf(first)!["Ashford"]!.blocks[0]!;
    expect(block).toMatchObject({ left: AJ, width: WIDTH, inserted: true });
    const sheet = first.getWorksheet("Ashford")!;
    expect(sheet.getCell("AJ5").value).toBe("RAG (Scorecard RAG)");
    // Other sheets had room: nothing inserted there.
    expect(ownedOf(first)!["Kent"]!.blocks[0]!.inserted).toBe(false);
  });

  it("moves the user's cells six columns right, intact", () => {
    const before = original.getWorksheet("Ashford")!;
    const after = first.getWorksheet("Ashford")!;
    const differences: string[] = [];
    for (const [r, c] of positionsOf(before)) {
      const target = c >= AJ ? c + WIDTH : c;
      const x = cellAt(before, r, c);
      const y = cellAt(after, r, target);
      // Value cells may gain the tool's note; the formulas that moved are compared below.
      const comparable = (v: typeof x) => ({ ...v, note: c >= AJ ? v.note : null, formula: null });
      if (JSON.stringify(comparable(x)) !== JSON.stringify(comparable(y)))
        differences.push(`R${r + 1}C${c + 1}`);
    }
    expect(differences).toEqual([]);
    expect(after.getCell("AP7").value).toBe("Checked by LB");
    expect(after.getCell("AP7").note).toBe("Sign-off for the January report");
    expect(after.getCell("AP7").fill).toEqual(before.getCell("AJ7").fill);
  });

  it("moves merges, widths, validations, conditional formats and formula references with them", () => {
    const after = first.getWorksheet("Ashford")!;
    expect(merges(after)).toEqual(["AQ2:AS2", "I4:AF4"].sort());
    expect(columnWidths(after)[AJ + WIDTH]).toBe(22);
    expect(after.getCell("AQ9").dataValidation).toMatchObject({ type: "list" });
    expect(after.getCell("AK9").dataValidation).toBeUndefined();
    const mine = conditionalFormats(after).filter((cf) => cf.ref === "AQ6:AQ16");
    expect((mine[0]!.rules[0] as { formulae: string[] }).formulae).toEqual(["AQ6>2"]);
    expect(after.getCell("AR8").formula).toBe("AQ8*2");
    expect(after.getCell("A20").formula).toBe('AP7&" ("&COUNTA(AP6:AU16)&")"');
    expect(first.getWorksheet("About")!.getCell("A12").formula).toBe("Ashford!AP7");
  });

  it("does not insert again when re-rating", async () => {
    const again = await load(rerated);
    const sheet = again.getWorksheet("Ashford")!;
    expect(sheet.getCell("AP7").value).toBe("Checked by LB");
    expect(sheet.getCell("AT7").value).toBeNull();
    const differences: string[] = [];
    const before = first.getWorksheet("Ashford")!;
    for (const [r, c] of positionsOf(before, sheet))
      if (JSON.stringify(cellAt(before, r, c)) !== JSON.stringify(cellAt(sheet, r, c)))
        differences.push(`R${r + 1}C${c + 1}`);
    expect(differences).toEqual([]);
  });

  it("deletes the inserted columns on clear, putting everything back where it was", async () => {
    const back = await load(cleared);
    expect(back.getWorksheet(STATE_SHEET)).toBeUndefined();
    for (const sheet of original.worksheets) {
      const restored = back.getWorksheet(sheet.name)!;
      const differences: string[] = [];
      for (const [r, c] of positionsOf(sheet, restored))
        if (JSON.stringify(cellAt(sheet, r, c)) !== JSON.stringify(cellAt(restored, r, c)))
          differences.push(`${sheet.name}!R${r + 1}C${c + 1}`);
      expect(differences).toEqual([]);
      expect(merges(restored)).toEqual(merges(sheet));
      expect(columnWidths(restored).slice(0, columnWidths(sheet).length)).toEqual(
        columnWidths(sheet)
      );
    }
    const sheet = back.getWorksheet("Ashford")!;
    expect(sheet.getCell("A20").formula).toBe('AJ7&" ("&COUNTA(AJ6:AO16)&")"');
    expect(back.getWorksheet("About")!.getCell("A12").formula).toBe("Ashford!AJ7");
    expect(sheet.getCell("AK9").dataValidation).toMatchObject({ type: "list" });
    const user = conditionalFormats(sheet).filter((cf) => cf.ref === "AK6:AK16");
    expect((user[0]!.rules[0] as { formulae: string[] }).formulae).toEqual(["AK6>2"]);
  });
});
