import { qualified } from "./address";
import type { RunResult } from "./run";

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

/**
 * Where the Findings go: the tool's own Findings sheet when there is one (it is
 * replaced), otherwise the first free name of "Findings", "Findings 2" … so a
 * user's own sheet called Findings is never touched.
 */
export function findingsTarget(
  sheets: readonly { readonly name: string; readonly firstRow: readonly unknown[] }[]
): { readonly name: string; readonly exists: boolean } {
  const own = sheets.find((s) => /^Findings( \d+)?$/.test(s.name) && isFindingsHeader(s.firstRow));
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
