import type { PublishedRating } from "../engine/learn-rule";
import { parsePeriod, type Period } from "../engine/periods";
import { parsePublishedStatus } from "../engine/status";
import { parseCellValue } from "../engine/values";
import { columnIndex, parseRange, qualified, cellAddress } from "./address";
import { codeKey } from "./rules-table";
import type { RunResult } from "./result";
import { SheetGrid, type WorkbookSnapshot } from "./snapshot";

/** A rating of an earlier period: its code, and the rating. */
export interface PeriodRating {
  readonly key: string;
  readonly rating: PublishedRating;
}

const RAG_OF = /^(?:rag(?: rating| status)?|status)\s*[:(–-]?\s*(.+?)\s*\)?$/i;
const TARGET_OF = /^target\s*[:(–-]?\s*(.+?)\s*\)?$/i;
const VALUE_OF = /^(?:outturn|actual|value|result)\s*[:(–-]?\s*(.+?)\s*\)?$/i;

const samePeriod = (a: Period, b: Period): boolean =>
  a.granularity === b.granularity && a.index === b.index;

/**
 * The ratings a table publishes for earlier periods, beside the latest one:
 * `RAG 2021-22` with `Target 2021-22` and the `2021-22` (or `Outturn 2021-22`)
 * column, found by their headers on the table's header row. The table's own
 * status column is left out: its ratings are the rows' published statuses.
 *
 * Cost: O(header cells + rows × pairs).
 */
export function periodRatings(run: RunResult, snapshot: WorkbookSnapshot): PeriodRating[] {
  const out: PeriodRating[] = [];
  for (const sheetResult of run.sheets) {
    const sheet = snapshot.sheets.find((s) => s.name === sheetResult.name);
    if (!sheet) continue;
    const grid = new SheetGrid(sheet);
    for (const table of sheetResult.tables) {
      const headers = parseRange(table.id);
      const body = parseRange(table.address);
      if (!headers || !body) continue;
      const headerRow = headers.bottom;
      const statusColumn = table.mapping.status
        ? columnIndex(table.mapping.status.column)
        : undefined;
      const columns: { column: number; text: string }[] = [];
      for (let c = body.left; c <= body.right; c++)
        columns.push({ column: c, text: grid.text(headerRow, c) });
      const periodOf = (pattern: RegExp | undefined, text: string): Period | undefined => {
        if (!pattern) return parsePeriod(text);
        const match = pattern.exec(text);
        return match ? parsePeriod(match[1]!) : undefined;
      };
      for (const rag of columns) {
        if (rag.column === statusColumn) continue;
        const period = periodOf(RAG_OF, rag.text);
        if (!period) continue;
        const find = (patterns: (RegExp | undefined)[]): number | undefined =>
          columns.find(({ column, text }) => {
            if (column === rag.column) return false;
            return patterns.some((p) => {
              const other = periodOf(p, text);
              return other !== undefined && samePeriod(other, period);
            });
          })?.column;
        const targetColumn = find([TARGET_OF]);
        const valueColumn = find([undefined, VALUE_OF]);
        if (targetColumn === undefined || valueColumn === undefined) continue;
        for (const row of table.rows) {
          const r = row.sheetRow - 1;
          const status = parsePublishedStatus(grid.value(r, rag.column))?.status;
          if (status !== "Green" && status !== "Amber" && status !== "Red") continue;
          const value = parseCellValue(grid.value(r, valueColumn), grid.format(r, valueColumn));
          const target = parseCellValue(grid.value(r, targetColumn), grid.format(r, targetColumn));
          if (value.kind !== "number" || target.kind !== "number") continue;
          out.push({
            key: codeKey(row.code),
            rating: {
              value: value.value,
              target: target.value,
              status,
              where: qualified(sheet.name, cellAddress(r, rag.column)),
            },
          });
        }
      }
    }
  }
  return out;
}
