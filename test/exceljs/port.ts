import ExcelJS from "exceljs";
import type { CellRun, HostPort, SheetPrint, SheetWrite } from "../../src/session/port";
import { findingsLinkText, SHEET_HEAD_WIDTH } from "../../src/workbook/findings";
import type { CellScalar, WorkbookSnapshot } from "../../src/workbook/snapshot";
import { readState, scalarOf, snapshotSheet, snapshotWorkbook } from "./read";
import { applyPlan, applyState, conditionalFormat } from "./write";

export interface XlsxPortOptions {
  /** Told as each sheet is read and as each planned sheet is updated (the CLI's progress bar). */
  readonly onSheet?: (name: string, phase: "read" | "updated") => void;
}

/** Writes `runs` into `sheet`: text as strings formatted "@", formulas with the text they show as the cached result. */
function writeRuns(sheet: ExcelJS.Worksheet, runs: readonly CellRun[]): void {
  for (const run of runs)
    run.values.forEach((text, i) => {
      const cell = sheet.getCell(run.row + 1, run.column + i + 1);
      if (run.kind === "formula") {
        // The cached result, so viewers that do not recalculate still show the link's text.
        const result = findingsLinkText(text);
        cell.value = {
          formula: text.replace(/^=/, ""),
          ...(result === undefined ? {} : { result }),
        };
        return;
      }
      cell.numFmt = "@";
      cell.value = text === "" ? null : text;
    });
}

/** ExcelJS's paper size numbers (ECMA-376 ST_PaperSize): 9 is A4. */
const PAPER_SIZE: Readonly<Record<SheetPrint["paper"], ExcelJS.PaperSize>> = { A4: 9 };

/**
 * The page setup as ExcelJS writes it: orientation and paper, fit to so many
 * pages (`<pageSetUpPr fitToPage="1"/>`), and row 1 as the print titles
 * (the sheet's `_xlnm.Print_Titles` name).
 */
function setPrint(sheet: ExcelJS.Worksheet, print: SheetPrint): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    orientation: print.orientation,
    paperSize: PAPER_SIZE[print.paper],
    fitToPage: true,
    fitToWidth: print.fitToPagesWide,
    fitToHeight: print.fitToPagesTall,
    ...(print.repeatHeaderRow ? { printTitlesRow: "1:1" } : {}),
  };
}

/**
 * The host port over a workbook opened with ExcelJS (the CLI's .xlsx files).
 * The workbook is changed in memory; the caller saves it.
 */
export function createXlsxPort(
  workbook: ExcelJS.Workbook,
  options: XlsxPortOptions = {}
): HostPort {
  const read = (): WorkbookSnapshot =>
    snapshotWorkbook(workbook, (name) => options.onSheet?.(name, "read"));
  const removeSheet = (name: string): void => {
    const sheet = workbook.getWorksheet(name);
    if (sheet) workbook.removeWorksheet(sheet.id);
  };

  return {
    async transaction(work) {
      return work({
        read: async () => read(),
        apply: async (plan, deleteSheets) => {
          applyPlan(workbook, plan, (name) => options.onSheet?.(name, "updated"));
          for (const name of deleteSheets) removeSheet(name);
        },
      });
    },
    readState: async () => readState(workbook),
    async updateState(next) {
      applyState(workbook, next(readState(workbook)));
    },
    async sheetHeads(firstRowOf) {
      return workbook.worksheets.map((sheet) => {
        if (!firstRowOf.test(sheet.name)) return { name: sheet.name, firstRow: [] };
        const firstRow: CellScalar[] = [];
        for (let c = 1; c <= SHEET_HEAD_WIDTH; c++)
          firstRow.push(scalarOf(sheet.getCell(1, c).value));
        return { name: sheet.name, firstRow };
      });
    },
    async editSheet(name, edit) {
      const existing = workbook.getWorksheet(name);
      const snapshot = existing ? snapshotSheet(existing) : undefined;
      const { write, result } = edit(
        snapshot && { origin: snapshot.origin, values: snapshot.values }
      );
      if (!write) return result;
      const sheet = existing ?? workbook.addWorksheet(name);
      writeRuns(sheet, write.runs);
      const bold = write.bold;
      if (bold)
        for (let c = bold.left; c <= bold.right; c++)
          for (let r = bold.top; r <= bold.bottom; r++)
            sheet.getCell(r + 1, c + 1).font = { bold: true };
      return result;
    },
    async putSheet(write: SheetWrite) {
      // Replaced where it stood: a new sheet given the old one's place in the tabs.
      const old = write.replace ? workbook.getWorksheet(write.name) : undefined;
      if (old) workbook.removeWorksheet(old.id);
      const sheet = workbook.addWorksheet(write.name);
      // ExcelJS orders its tabs by this (untyped) field.
      if (old)
        (sheet as unknown as { orderNo: number }).orderNo = (
          old as unknown as { orderNo: number }
        ).orderNo;
      writeRuns(sheet, write.runs);
      for (let c = 1; c <= write.headerWidth; c++) sheet.getCell(1, c).font = { bold: true };
      sheet.views = [{ state: "frozen", ySplit: 1 }];
      write.widths.forEach((width, i) => {
        sheet.getColumn(i + 1).width = width;
      });
      // A new sheet: its rules are the only ones, numbered from 1.
      (write.conditionalFormats ?? []).forEach((format, i) =>
        sheet.addConditionalFormatting(conditionalFormat(format, i + 1))
      );
      if (write.print) setPrint(sheet, write.print);
    },
    async selectCell(sheet, cell) {
      if (!workbook.getWorksheet(sheet))
        throw new Error(`There is no sheet named "${sheet}" to select ${cell} on.`);
    },
  };
}
