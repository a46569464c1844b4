import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { SheetPlan } from "../../src/workbook/plan";
import type { WritePlan } from "../../src/workbook/run";
import { EMPTY_STATE, STATE_SHEET } from "../../src/workbook/state";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { applyPlan, beginsWithFormula, isOwnConditionalFormat } from "../exceljs/write";
import { sheetPlan } from "../workbook/build";
import { conditionalFormats } from "./helpers";

function plan(sheets: SheetPlan[], stateCells: string[] | null = null): WritePlan {
  return { sheets, names: [], state: EMPTY_STATE, stateCells };
}

// Notes on empty cells survive reading only with this fix (see src/xlsx/exceljs-fixes.ts).
installExcelJsFixes();

async function reopen(workbook: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load(await workbook.xlsx.writeBuffer());
  return copy;
}

describe("applyPlan", () => {
  it("writes values, and null as an empty cell (not an empty string)", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    sheet.getCell("C2").value = "old";
    applyPlan(
      workbook,
      plan([
        sheetPlan({
          writes: [
            {
              range: { top: 0, left: 2, bottom: 1, right: 3 },
              values: [
                ["RAG", "Trend"],
                [null, "IMP"],
              ],
            },
          ],
        }),
      ])
    );
    const s = (await reopen(workbook)).getWorksheet("S")!;
    expect([s.getCell("C1").value, s.getCell("D1").value, s.getCell("D2").value]).toEqual([
      "RAG",
      "Trend",
      "IMP",
    ]);
    expect(s.getCell("C2").value).toBeNull();
  });

  it("clears contents without touching styles", () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    sheet.getCell("B2").value = "Green";
    sheet.getCell("B2").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF00FF00" } };
    applyPlan(
      workbook,
      plan([sheetPlan({ clearRanges: [{ top: 1, left: 1, bottom: 1, right: 1 }] })])
    );
    expect(sheet.getCell("B2").value).toBeNull();
    expect(sheet.getCell("B2").fill).toMatchObject({ fgColor: { argb: "FF00FF00" } });
  });

  it("adds one expression rule per format over the whole range, anchored at its top-left", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("S");
    applyPlan(
      workbook,
      plan([
        sheetPlan({
          conditionalFormats: [
            {
              range: { top: 8, left: 8, bottom: 13, right: 8 },
              beginsWith: "Green",
              fill: "#C6EFCE",
              font: "#006100",
            },
          ],
        }),
      ])
    );
    const cfs = conditionalFormats((await reopen(workbook)).getWorksheet("S")!);
    expect(cfs).toHaveLength(1);
    expect(cfs[0]!.ref).toBe("I9:I14");
    expect(cfs[0]!.rules[0]).toMatchObject({
      type: "expression",
      formulae: ['LEFT(I9,LEN("Green"))="Green"'],
      style: { fill: { bgColor: { argb: "FFC6EFCE" } }, font: { color: { argb: "FF006100" } } },
    });
  });

  it("quotes the text of a rule", () => {
    expect(beginsWithFormula({ top: 0, left: 0, bottom: 3, right: 0 }, 'a "b"')).toBe(
      'LEFT(A1,LEN("a ""b"""))="a ""b"""'
    );
  });

  it("removes only its own formats on the blocks it is told to, whatever their order", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    const users = { font: { bold: true } };
    const green = {
      fill: {
        type: "pattern",
        pattern: "solid",
        fgColor: { argb: "FFC6EFCE" },
        bgColor: { argb: "FFC6EFCE" },
      },
      font: { color: { argb: "FF006100" } },
    } as ExcelJS.Style;
    const add = (ref: string, formula: string, priority: number, style: object) =>
      sheet.addConditionalFormatting({
        ref,
        rules: [{ type: "expression", priority, formulae: [formula], style }],
      });
    add("B2:B5", 'LEFT(B2,LEN("Green"))="Green"', 1, green); // our look, but off the block
    add("I9:I14", 'LEFT(I9,LEN("Green"))="Green"', 2, green); // ours
    add("I9:I14", 'I9<>""', 3, users); // the user's, over our column
    add("J9:J14", 'LEFT(J9,LEN("IMP"))="IMP"', 4, green); // ours
    add("I9:I15", 'LEFT(I9,LEN("Green"))="Green"', 5, green); // ours, grown by a row the user inserted
    add("K9:K14", 'LEFT(K9,LEN("DET"))="DET"', 6, users); // a begins-with test in the user's look
    add("I9:I14 B2:B3", 'LEFT(I9,LEN("Green"))="Green"', 7, green); // partly off the block
    // Through a file, as a re-run reads it.
    const loaded = await reopen(workbook);
    applyPlan(
      loaded,
      plan([sheetPlan({ removeConditionalFormats: [{ top: 8, left: 8, bottom: 13, right: 11 }] })])
    );
    const kept = (await reopen(loaded)).getWorksheet("S")!;
    expect(conditionalFormats(kept).map((cf) => cf.ref)).toEqual([
      "B2:B5",
      "I9:I14",
      "K9:K14",
      "I9:I14 B2:B3",
    ]);
    expect(
      conditionalFormats(kept).map((cf) => (cf.rules[0] as { formulae: string[] }).formulae[0])
    ).toContain('I9<>""');
  });

  it("recognises the add-in's rules as Excel saves them (beginsWith)", () => {
    const own = {
      ref: "AJ6:AJ16",
      rules: [
        {
          type: "containsText",
          operator: "beginsWith",
          text: "Amber",
          priority: 1,
          formulae: ['LEFT(AJ6,LEN("Amber"))="Amber"'],
          style: {
            fill: { type: "pattern", pattern: "solid", bgColor: { argb: "FFFFEB9C" } },
            font: { color: { argb: "FF9C5700" } },
          },
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    };
    const block = { top: 5, left: 35, bottom: 15, right: 38 };
    expect(isOwnConditionalFormat(own, [block])).toBe(true);
    expect(isOwnConditionalFormat(own, [{ ...block, left: 36 }])).toBe(false);
    expect(isOwnConditionalFormat({ ...own, rules: [] }, [block])).toBe(false);
    // The same test in a look of the user's own is theirs.
    const users = { ...own.rules[0]!, style: { font: { color: { argb: "FF0000FF" } } } };
    expect(isOwnConditionalFormat({ ...own, rules: [users] }, [block])).toBe(false);
  });

  it("numbers its rules after the user's, so no two rules share a priority", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    sheet.addConditionalFormatting({
      ref: "A1:A3",
      rules: [{ type: "expression", priority: 4, formulae: ["A1>1"], style: {} }],
    });
    const format = {
      range: { top: 8, left: 8, bottom: 13, right: 8 },
      fill: "#C6EFCE",
      font: "#006100",
    };
    applyPlan(
      workbook,
      plan([
        sheetPlan({
          conditionalFormats: [
            { ...format, beginsWith: "Green" },
            { ...format, beginsWith: "Red" },
          ],
        }),
      ])
    );
    const priorities = conditionalFormats((await reopen(workbook)).getWorksheet("S")!).flatMap(
      (cf) => cf.rules.map((r) => (r as { priority: number }).priority)
    );
    expect(priorities).toEqual([4, 5, 6]);
  });

  it("adds notes and removes them, also from a workbook read from a file", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    sheet.getCell("B2").value = 5;
    sheet.getCell("C3").note = "The officer's own note";
    applyPlan(workbook, plan([sheetPlan({ notes: [{ cell: "B2", text: "Check this" }] })]));
    const loaded = await reopen(workbook);
    expect(loaded.getWorksheet("S")!.getCell("B2").note).toBe("Check this");
    applyPlan(loaded, plan([sheetPlan({ removeNotes: ["B2"] })]));
    const s = (await reopen(loaded)).getWorksheet("S")!;
    expect(s.getCell("B2").note).toBeUndefined();
    expect(s.getCell("B2").value).toBe(5);
    expect(s.getCell("C3").note).toBe("The officer's own note");
  });

  it("keeps the state in a very hidden sheet, rewriting it, and removes it when told", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("S");
    applyPlan(workbook, plan([], ["part one", "part two", "part three"]));
    let loaded = await reopen(workbook);
    const state = loaded.getWorksheet(STATE_SHEET)!;
    expect(state.state).toBe("veryHidden");
    applyPlan(loaded, plan([], ["only part"]));
    loaded = await reopen(loaded);
    const again = loaded.getWorksheet(STATE_SHEET)!;
    expect([again.getCell("A1").value, again.getCell("A2").value]).toEqual(["only part", null]);
    applyPlan(loaded, plan([], null));
    expect((await reopen(loaded)).worksheets.map((s) => s.name)).toEqual(["S"]);
  });

  it("says which sheet a plan names that the workbook lacks", () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("S");
    expect(() => applyPlan(workbook, plan([sheetPlan({ sheet: "Kent" })]))).toThrow(/"Kent"/);
  });
});

describe("reading notes", () => {
  it("keeps a note on an empty cell (ExcelJS alone drops it)", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("S").getCell("F7").note = "Waiting for the health data";
    const s = (await reopen(workbook)).getWorksheet("S")!;
    expect(s.getCell("F7").note).toBe("Waiting for the health data");
  });
});
