import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";

let directory: string | undefined;

/**
 * Builds a workbook with ExcelJS, saves it as a real .xlsx file (in a temporary
 * folder) and returns its path: for layouts whose point is what survives a save
 * and reload (Excel tables, merges, date headers), read back through src/xlsx.
 */
export async function writeXlsx(
  name: string,
  build: (workbook: ExcelJS.Workbook) => void
): Promise<string> {
  directory ??= mkdtempSync(join(tmpdir(), "scorecard-corpus-"));
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const path = join(directory, name);
  await workbook.xlsx.writeFile(path);
  return path;
}
