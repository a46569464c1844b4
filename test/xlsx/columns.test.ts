import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { spliceSheetColumns } from "../exceljs/columns";
import { merges } from "./helpers";

async function reopen(workbook: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load(await workbook.xlsx.writeBuffer());
  return copy;
}

function tableRef(sheet: ExcelJS.Worksheet, name: string): string | undefined {
  const entry = (sheet as unknown as { tables: Record<string, { table: { tableRef?: string } }> })
    .tables[name];
  return entry?.table.tableRef;
}

describe("spliceSheetColumns", () => {
  it("moves an Excel table right of an insertion, and it survives a save", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    sheet.addTable({
      name: "Indicators",
      ref: "D1",
      headerRow: true,
      columns: [{ name: "Code" }, { name: "Value" }],
      rows: [
        ["A1", 1],
        ["A2", 2],
      ],
    });
    const loaded = await reopen(workbook);
    const s = loaded.getWorksheet("S")!;
    expect(tableRef(s, "Indicators")).toBe("D1:E3");
    spliceSheetColumns(loaded, s, { kind: "insert", at: 1, count: 4 });
    expect(s.getCell("H1").value).toBe("Code");
    const saved = await reopen(loaded);
    expect(tableRef(saved.getWorksheet("S")!, "Indicators")).toBe("H1:I3");
    expect(saved.getWorksheet("S")!.getCell("I3").value).toBe(2);
  });

  it("grows a table when columns are inserted inside it, naming the new columns", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    sheet.addTable({
      name: "T",
      ref: "A1",
      columns: [{ name: "Code" }, { name: "Value" }],
      rows: [["x", 1]],
    });
    const loaded = await reopen(workbook);
    spliceSheetColumns(loaded, loaded.getWorksheet("S")!, { kind: "insert", at: 1, count: 1 });
    const saved = await reopen(loaded);
    const s = saved.getWorksheet("S")!;
    expect(tableRef(s, "T")).toBe("A1:C2");
    expect([s.getCell("A1").value, s.getCell("B1").value, s.getCell("C1").value]).toEqual([
      "Code",
      "Column1",
      "Value",
    ]);
  });

  it("turns shared formulas into ordinary ones so their cells can move", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    for (let r = 1; r <= 3; r++) sheet.getCell(r, 1).value = r;
    // ExcelJS reads and writes shareType/ref but its typings omit them.
    sheet.getCell("B1").value = {
      formula: "A1*2",
      result: 2,
      shareType: "shared",
      ref: "B1:B3",
    } as unknown as ExcelJS.CellFormulaValue;
    sheet.getCell("B2").value = { sharedFormula: "B1", result: 4 };
    sheet.getCell("B3").value = { sharedFormula: "B1", result: 6 };
    const loaded = await reopen(workbook);
    spliceSheetColumns(loaded, loaded.getWorksheet("S")!, { kind: "insert", at: 0, count: 2 });
    const s = (await reopen(loaded)).getWorksheet("S")!;
    expect([1, 2, 3].map((r) => s.getCell(r, 4).formula)).toEqual(["C1*2", "C2*2", "C3*2"]);
    expect([1, 2, 3].map((r) => s.getCell(r, 4).result)).toEqual([2, 4, 6]);
  });

  it("moves merges and keeps each merged cell's own style", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    sheet.getCell("C1").value = "Banner";
    sheet.getCell("D1").border = { bottom: { style: "thin" } };
    sheet.mergeCellsWithoutStyle("C1:E1");
    sheet.getCell("A1").value = "Left";
    sheet.mergeCells("A2:B2");
    const loaded = await reopen(workbook);
    const s = loaded.getWorksheet("S")!;
    spliceSheetColumns(loaded, s, { kind: "insert", at: 2, count: 2 });
    expect(merges(s)).toEqual(["A2:B2", "E1:G1"]);
    expect(s.getCell("E1").value).toBe("Banner");
    expect(s.getCell("F1").border).toEqual({ bottom: { style: "thin" } });
    expect(s.getCell("C1").value).toBeNull();
    spliceSheetColumns(loaded, s, { kind: "delete", at: 2, count: 2 });
    const back = (await reopen(loaded)).getWorksheet("S")!;
    expect(merges(back)).toEqual(["A2:B2", "C1:E1"]);
    expect(back.getCell("C1").value).toBe("Banner");
  });

  it("moves frozen panes, the auto-filter and the print area", () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S", {
      views: [{ state: "frozen", xSplit: 3, ySplit: 1, topLeftCell: "D2" }],
    });
    sheet.autoFilter = "A1:F10";
    sheet.pageSetup.printArea = "A1:F10";
    spliceSheetColumns(workbook, sheet, { kind: "insert", at: 1, count: 2 });
    expect(sheet.views[0]).toMatchObject({ xSplit: 5, topLeftCell: "F2" });
    expect(sheet.autoFilter).toBe("A1:H10");
    expect(sheet.pageSetup.printArea).toBe("A1:H10");
  });

  it("turns references into deleted columns into #REF!, as Excel does", () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("S");
    const other = workbook.addWorksheet("Other");
    sheet.getCell("A1").value = { formula: "C1+E1", result: 0 };
    other.getCell("A1").value = { formula: "S!C1+S!E1", result: 0 };
    spliceSheetColumns(workbook, sheet, { kind: "delete", at: 2, count: 1 });
    expect(sheet.getCell("A1").formula).toBe("#REF!+D1");
    expect(other.getCell("A1").formula).toBe("S!#REF!+S!D1");
  });
});
