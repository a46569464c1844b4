/**
 * The command line (ExcelJS, src/xlsx) and the add-in (Office.js, src/office)
 * must see the same workbook the same way: for the same grid, the same
 * snapshot, the same tables and the same write plan (issues #3 and #4).
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readWorkbook, type OfficeSnapshot } from "../../src/office/read";
import { applyPlan as applyOfficePlan } from "../../src/office/apply";
import { cellAddress, rangeAddress } from "../../src/workbook/address";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";
import { snapshotWorkbook } from "../exceljs/read";
import { applyPlan as applyXlsxPlan } from "../exceljs/write";
import { sharedFixturePath } from "../fixtures";
import type { FakeOffice } from "../fake-excel";
import { fakeSpecFromExcelJs } from "./from-xlsx";
import { fakeOffice, installExcelGlobals, loadExample } from "./harness";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";

installExcelGlobals();

interface CellView {
  readonly value: unknown;
  readonly format: string;
  readonly formula: string;
}

/** Every cell with a value, a formula or a number format, by sheet and address: independent of origin and raggedness. */
function cellsOf(snapshot: WorkbookSnapshot): Record<string, Record<string, CellView>> {
  const out: Record<string, Record<string, CellView>> = {};
  for (const sheet of snapshot.sheets) {
    const cells: Record<string, CellView> = {};
    sheet.values.forEach((row, i) =>
      row.forEach((value, j) => {
        const format = sheet.numberFormats[i]?.[j] ?? "General";
        const formula = sheet.formulas?.[i]?.[j] ?? "";
        if (value === null && formula === "" && format === "General") return;
        cells[cellAddress(sheet.origin.row + i, sheet.origin.column + j)] = {
          value,
          format,
          formula,
        };
      })
    );
    out[sheet.name] = cells;
  }
  return out;
}

/** What else each adapter reports about a sheet, in a comparable order. */
function sheetFacts(snapshot: WorkbookSnapshot): unknown {
  return snapshot.sheets.map((sheet) => ({
    name: sheet.name,
    merged: (sheet.merged ?? []).map(rangeAddress).sort(),
    tables: (sheet.tables ?? []).map((t) => ({ ...t, range: rangeAddress(t.range) })),
    notedCells: [...(sheet.notedCells ?? [])].sort(),
  }));
}

/** The results the task pane and the JSON output show: tables, mappings, ratings, messages and the plan. */
function outcome(result: RunResult): unknown {
  return { sheets: result.sheets, warnings: result.warnings, plan: result.plan };
}

async function readOffice(fake: FakeOffice): Promise<OfficeSnapshot> {
  return fake.Excel.run((context) => readWorkbook(context, { mergedAreas: true, notes: true }));
}

function expectSameReading(cli: WorkbookSnapshot, office: WorkbookSnapshot): void {
  expect(cellsOf(office)).toEqual(cellsOf(cli));
  expect(sheetFacts(office)).toEqual(sheetFacts(cli));
  expect(office.state).toEqual(cli.state);
}

async function loadFile(path: string): Promise<ExcelJS.Workbook> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

const workbooks: [string, () => Promise<ExcelJS.Workbook>][] = [
  ["the district scorecard example", loadExample],
  [
    // A user's note on a value cell the add-in would annotate: both adapters must leave it out of the plan.
    "the example with an officer's note on a flagged value",
    async () => {
      const workbook = await loadExample();
      workbook.getWorksheet("Canterbury")!.getCell("H8").note = "Checked with the team: correct.";
      return workbook;
    },
  ],
  ["Medway Q2 2022/23", () => loadFile(sharedFixturePath("medway-q2-2022-23.xlsx"))],
];

describe.each(workbooks)("for %s", (_label, load) => {
  it("reads the same snapshot, finds the same tables and plans the same writes", async () => {
    const workbook = await load();
    const cli = snapshotWorkbook(workbook);
    const fake = fakeOffice(fakeSpecFromExcelJs(workbook));
    const office = await readOffice(fake);

    expectSameReading(cli, office);
    const cliResult = runWorkbook(cli);
    const officeResult = runWorkbook(office);
    // Not a vacuous match: the workbook has tables and the plan writes ratings.
    expect(cliResult.sheets.flatMap((s) => s.tables).length).toBeGreaterThan(0);
    expect(cliResult.plan.sheets.flatMap((s) => s.writes).length).toBeGreaterThan(0);
    expect(outcome(officeResult)).toEqual(outcome(cliResult));
  });

  it("after each adapter writes its own plan, re-rating and clearing plan the same again", async () => {
    const workbook = await load();
    const fake = fakeOffice(fakeSpecFromExcelJs(workbook));
    const first = runWorkbook(snapshotWorkbook(workbook));

    applyXlsxPlan(workbook, first.plan);
    const before = await readOffice(fake);
    await fake.Excel.run((context) =>
      applyOfficePlan(context, first.plan, {
        notes: true,
        stateSheetExists: before.state !== undefined,
        notedCells: new Map(before.sheets.map((s) => [s.name, new Set(s.notedCells)])),
        ownFormats: before.ownFormats,
      })
    );

    const cli = snapshotWorkbook(workbook);
    const office = await readOffice(fake);
    expect(office.state).toBeDefined();
    expectSameReading(cli, office);
    expect(outcome(runWorkbook(office))).toEqual(outcome(runWorkbook(cli)));
    expect(outcome(runWorkbook(office, { mode: "clear" }))).toEqual(
      outcome(runWorkbook(cli, { mode: "clear" }))
    );
  });
});
