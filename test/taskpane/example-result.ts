// The example workbook run through the whole pipeline, once per test file, for the pane's views.
import ExcelJS from "exceljs";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { RowResult } from "../../src/workbook/rate-table";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";

let cached: Promise<RunResult> | undefined;

/** The example's RunResult (examples/district-scorecard.xlsx, default settings). */
export function exampleResult(): Promise<RunResult> {
  cached ??= (async () => {
    installExcelJsFixes();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(EXAMPLE_PATH);
    return runWorkbook(snapshotWorkbook(workbook));
  })();
  return cached;
}

/** The row of `code` on `sheet`. */
export function rowOf(result: RunResult, sheet: string, code: string): RowResult {
  const row = result.sheets
    .find((s) => s.name === sheet)
    ?.tables.flatMap((t) => t.rows)
    .find((r) => r.code === code);
  if (!row) throw new Error(`${code} not found on ${sheet}`);
  return row;
}
