import { qualified } from "./address";
import type { RunResult } from "./run";

/** The Findings sheet: one row per flag, with a link to its cell, for the analyst's sign-off. */
export function findingsRows(result: RunResult): (string | number)[][] {
  const rows: (string | number)[][] = [["Sheet", "Cell", "Code", "Kind", "Severity", "Finding"]];
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
