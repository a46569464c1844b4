import type { Status } from "../../engine/status";
import { qualified } from "../../workbook/address";
import type { Flag, RowResult } from "../../workbook/rate-table";
import type { RunResult, SheetResult, TableResult } from "../../workbook/run";

/** Statuses in the order the pane shows them. */
export const STATUS_ORDER: readonly Status[] = ["Green", "Amber", "Red", "NA", "Not rated"];

/** `1 sheet`, `3 sheets`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The table's name for people: its title, else sheet and address. */
export function tableName(table: Pick<TableResult, "title" | "sheet" | "address">): string {
  return table.title?.trim() || `${table.sheet}!${table.address}`;
}

/** `Kent!F9`, `'Ashford CSWT'!F9`: quoted as Excel would. */
export const cellRef = qualified;

export function emptyCounts(): Record<Status, number> {
  return { Green: 0, Amber: 0, Red: 0, NA: 0, "Not rated": 0 };
}

export function addCounts(
  into: Record<Status, number>,
  counts: Readonly<Record<Status, number>>
): Record<Status, number> {
  for (const s of STATUS_ORDER) into[s] += counts[s] ?? 0;
  return into;
}

export function sheetCounts(sheet: SheetResult): Record<Status, number> {
  return sheet.tables.reduce((acc, t) => addCounts(acc, t.counts), emptyCounts());
}

export interface FlaggedItem {
  readonly key: string;
  readonly sheet: string;
  readonly tableId: string;
  readonly row: RowResult;
  readonly flag: Flag;
}

const SEVERITY_RANK: Readonly<Record<Flag["severity"], number>> = {
  error: 0,
  warning: 1,
  info: 2,
};

/** Every flag of every row, errors first, then in sheet order. */
export function flaggedItems(result: RunResult): FlaggedItem[] {
  const items: FlaggedItem[] = [];
  for (const sheet of result.sheets)
    for (const table of sheet.tables)
      for (const row of table.rows)
        row.flags.forEach((flag, i) =>
          items.push({
            key: `${table.id}|${row.sheetRow}|${i}`,
            sheet: sheet.name,
            tableId: table.id,
            row,
            flag,
          })
        );
  return items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.item.flag.severity] - SEVERITY_RANK[b.item.flag.severity] ||
        a.index - b.index
    )
    .map(({ item }) => item);
}

export const SEVERITY_LABEL: Readonly<Record<Flag["severity"], string>> = {
  error: "Error",
  warning: "Warning",
  info: "Info",
};

/** "Rated 11 indicators on 2 sheets: 4 Green, 5 Amber, 2 Red. 3 flags to check." */
export function ratingSummary(result: RunResult): string {
  const rated = result.sheets.filter((s) => s.tables.length > 0);
  const counts = rated.reduce((acc, s) => addCounts(acc, sheetCounts(s)), emptyCounts());
  const rows = rated.reduce((n, s) => n + s.tables.reduce((m, t) => m + t.rows.length, 0), 0);
  const parts = STATUS_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const flags = flaggedItems(result).length;
  return (
    `Rated ${plural(rows, "indicator")} on ${plural(rated.length, "sheet")}` +
    (parts.length ? `: ${parts.join(", ")}.` : ".") +
    (flags ? ` ${plural(flags, "flag")} to check.` : " No flags.")
  );
}

/** A table's narrative as plain text for a report. */
export function narrativeText(table: TableResult): string {
  return [`${tableName(table)} (${cellRef(table.sheet, table.address)})`, ...table.narrative].join(
    "\n"
  );
}

/** Distinct indicator codes on every rated table, in sheet order. */
export function allCodes(result: RunResult): string[] {
  const seen = new Set<string>();
  const codes: string[] = [];
  for (const sheet of result.sheets)
    for (const table of sheet.tables)
      for (const row of table.rows) {
        const code = row.code.trim();
        const key = code.toUpperCase();
        if (code && !seen.has(key)) {
          seen.add(key);
          codes.push(code);
        }
      }
  return codes;
}
