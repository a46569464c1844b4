import { qualified } from "./address";
import type { RunResult } from "./run";
import type { SheetSnapshot } from "./snapshot";

/** The Findings sheet's header row: how the add-in and the CLI know a Findings sheet is theirs. */
export const FINDINGS_HEADER: readonly string[] = [
  "Sheet",
  "Cell",
  "Code",
  "Kind",
  "Severity",
  "Finding",
];

/** Whether a sheet's first row is the header this tool writes, so the sheet is its own. */
export function isFindingsHeader(firstRow: readonly unknown[]): boolean {
  return (
    FINDINGS_HEADER.every((text, i) => firstRow[i] === text) &&
    firstRow.slice(FINDINGS_HEADER.length).every((v) => v === null || v === undefined || v === "")
  );
}

/** A sheet's name and first row: all it takes to tell whether it is the tool's Findings sheet. */
export interface SheetHead {
  readonly name: string;
  readonly firstRow: readonly unknown[];
}

/** Only a sheet called "Findings" or "Findings 2"… can be the tool's. */
export const FINDINGS_SHEET_NAME = /^Findings( \d+)?$/;

/** Whether the tool wrote this sheet: a Findings name and the tool's header row. */
export function isOwnFindingsSheet(sheet: SheetHead): boolean {
  return FINDINGS_SHEET_NAME.test(sheet.name) && isFindingsHeader(sheet.firstRow);
}

/** A snapshot sheet's first row (row 1 of the sheet), or none when its used range starts lower. */
export function snapshotHead(sheet: SheetSnapshot): SheetHead {
  const firstRow =
    sheet.origin.row === 0 && sheet.origin.column === 0 ? (sheet.values[0] ?? []) : [];
  return { name: sheet.name, firstRow };
}

/**
 * Where the Findings go: the tool's own Findings sheet when there is one (it is
 * replaced), otherwise the first free name of "Findings", "Findings 2" … so a
 * user's own sheet called Findings is never touched.
 */
export function findingsTarget(sheets: readonly SheetHead[]): {
  readonly name: string;
  readonly exists: boolean;
} {
  const own = sheets.find(isOwnFindingsSheet);
  if (own) return { name: own.name, exists: true };
  const taken = new Set(sheets.map((s) => s.name.toLowerCase()));
  let name = "Findings";
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `Findings ${n}`;
  return { name, exists: false };
}

/** The Findings sheet: one row per flag, with a link to its cell, for the analyst's sign-off. */
export function findingsRows(result: RunResult): (string | number)[][] {
  const rows: (string | number)[][] = [[...FINDINGS_HEADER]];
  for (const sheet of result.sheets) {
    for (const table of sheet.tables) {
      for (const row of table.rows) {
        for (const flag of row.flags) {
          const target = qualified(sheet.name, flag.cell).replace(/"/g, '""');
          rows.push([
            sheet.name,
            `=HYPERLINK("#${target}","${flag.cell}")`,
            row.code,
            flag.kind,
            flag.severity,
            flag.message,
          ]);
        }
      }
    }
  }
  return rows;
}
