import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { main, type CliIO } from "../../src/cli/main";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { STATE_SHEET } from "../../src/workbook/state";
import { snapshotWorkbook } from "../exceljs/read";
import { isOwnedIn, ownedView, type OwnedSheetView } from "../owned-view";

/** What a cell holds, as the comparisons see it: value (formulas by text and cached result), format, style, note. */
export interface CellView {
  readonly value: unknown;
  readonly formula: string | null;
  readonly numFmt: string;
  readonly style: string;
  readonly note: string | null;
}

function plainValue(value: ExcelJS.CellValue): unknown {
  if (value instanceof Date) return `date:${value.toISOString()}`;
  if (value && typeof value === "object" && ("formula" in value || "sharedFormula" in value))
    return { result: plainValue((value as { result?: ExcelJS.CellValue }).result ?? null) };
  return value ?? null;
}

export function noteText(cell: ExcelJS.Cell): string | null {
  const note = cell.note as unknown;
  if (note === undefined || note === null) return null;
  if (typeof note === "string") return note;
  const texts = (note as { texts?: { text: string }[] }).texts;
  return texts ? texts.map((t) => t.text).join("") : JSON.stringify(note);
}

export function viewCell(cell: ExcelJS.Cell): CellView {
  const isMergeSlave = cell.type === ExcelJS.ValueType.Merge;
  return {
    value: isMergeSlave ? "(merged)" : plainValue(cell.value),
    formula: cell.formula ? cell.formula : null,
    numFmt: cell.numFmt ?? "",
    style: JSON.stringify(cell.style ?? {}),
    note: noteText(cell),
  };
}

const EMPTY_STYLE = JSON.stringify({});

/** A cell that shows nothing and has no formatting of its own. */
export function isBlank(view: CellView): boolean {
  return view.value === null && view.note === null && view.style === EMPTY_STYLE;
}

/** Every cell of a sheet that exists in the ExcelJS model, by address (`B7`). */
export function sheetCells(sheet: ExcelJS.Worksheet): Map<string, CellView> {
  const cells = new Map<string, CellView>();
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const width = row.cellCount;
    for (let c = 1; c <= width; c++) {
      const cell = row.findCell(c);
      if (cell) cells.set(cell.address, viewCell(cell));
    }
  });
  return cells;
}

/** A cell by 0-based position; a missing cell reads as ExcelJS would create it (row and column style). */
export function cellAt(sheet: ExcelJS.Worksheet, row: number, column: number): CellView {
  return viewCell(sheet.getCell(row + 1, column + 1));
}

/** 0-based (row, column) of every cell that exists on either sheet. */
export function positionsOf(...sheets: ExcelJS.Worksheet[]): [number, number][] {
  const seen = new Map<string, [number, number]>();
  for (const sheet of sheets)
    sheet.eachRow({ includeEmpty: true }, (row, r) => {
      for (let c = 1; c <= row.cellCount; c++)
        if (row.findCell(c)) seen.set(`${r - 1},${c - 1}`, [r - 1, c - 1]);
    });
  return [...seen.values()];
}

/** Opens a workbook as the command line does (with its ExcelJS reading fixes). */
export async function load(path: string): Promise<ExcelJS.Workbook> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

export function conditionalFormats(
  sheet: ExcelJS.Worksheet
): ExcelJS.ConditionalFormattingOptions[] {
  return (
    (sheet as unknown as { conditionalFormattings?: ExcelJS.ConditionalFormattingOptions[] })
      .conditionalFormattings ?? []
  );
}

/** The conditional formats as comparable text: ref and each rule's type and formulae. */
export function conditionalFormatKeys(sheet: ExcelJS.Worksheet): string[] {
  return conditionalFormats(sheet).map(
    (cf) =>
      `${cf.ref} ${cf.rules
        .map(
          (rule) => `${rule.type}:${((rule as { formulae?: unknown[] }).formulae ?? []).join(";")}`
        )
        .join(",")}`
  );
}

export function merges(sheet: ExcelJS.Worksheet): string[] {
  const index = (sheet as unknown as { _merges: Record<string, { range: string }> })._merges;
  return Object.values(index)
    .map((m) => m.range)
    .sort();
}

export function columnWidths(sheet: ExcelJS.Worksheet): (number | undefined)[] {
  return (sheet.columns ?? []).map((c) => c.width);
}

/** What the add-in owns in a workbook (by its names and saved records), if it has a saved state. */
export function ownedOf(workbook: ExcelJS.Workbook): Record<string, OwnedSheetView> | undefined {
  const sheet = workbook.getWorksheet(STATE_SHEET);
  if (!sheet) return undefined;
  const parts: string[] = [];
  sheet.eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === "string") parts.push(v);
  });
  const snapshot = snapshotWorkbook(workbook);
  const notes = new Map(
    snapshot.sheets.map((s) => [s.name, new Map((s.notes ?? []).map((n) => [n.cell, n.text]))])
  );
  return ownedView(snapshot.names ?? [], parts.join(""), notes);
}

export const isOwned = isOwnedIn;

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, capturing its output. */
export async function runCli(
  argv: string[],
  cwd = process.cwd(),
  isTTY = false,
  progressDelayMs?: number
): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY },
    cwd,
    ...(progressDelayMs === undefined ? {} : { progressDelayMs }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A fresh temporary folder, and a way to remove it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "scorecard-cli-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
