import type { Status } from "../engine/status";
import type { Flag, RowResult } from "./rate-table";
import type { Message, RunResult } from "./result";
import { codeKey } from "./rules-table";
import { summaryTableRows } from "./summary-sheet";

/**
 * The district overview (issue #11): indicators down, tabs across, each cell
 * the indicator's RAG on that tab, marked where the district stands out
 * against the other districts. Pure: the pane shows it as a table and the
 * session writes it as the Overview sheet (overview-sheet.ts).
 */

/** Which way a district stands out against the others: its value is high, or low. */
export type OutlierDirection = "high" | "low";

/**
 * The flag kinds that mark a district as an outlier against the other
 * districts (districtChecks), strongest first: a modified z-score beyond the
 * threshold, outside the 99.8% funnel limit, outside the 95% funnel limit
 * (a note, not a flag, but still a district apart from the others).
 */
export const OUTLIER_KINDS: readonly string[] = ["district-outlier", "funnel-99.8", "funnel-95"];

/** One indicator on one tab: its RAG, and whether the district is an outlier. */
export interface OverviewCell {
  readonly status: Status;
  /** The RAG as the owned column says it: `Red`, `Green (manual)`, `NA`. */
  readonly text: string;
  /** High or low against the other districts (from the row's outlier flags); null when not an outlier. */
  readonly outlier: OutlierDirection | null;
  /** The outlier flags' sentences, strongest first (empty when not an outlier). */
  readonly outlierMessages: readonly string[];
  readonly sheet: string;
  /** The indicator's value cell (`H14`). */
  readonly cell: string;
  /** 1-based sheet row, as Excel numbers it. */
  readonly sheetRow: number;
  /** The code as that tab writes it. */
  readonly code: string;
}

/** One tab of the overview. */
export interface OverviewColumn {
  readonly sheet: string;
  /**
   * The tab adds up the others (a county total: its name or title says so, or
   * its figures are the sums of the other tabs'), so districtChecks does not
   * compare it with them: it is shown, but its cells are never outliers.
   */
  readonly total: boolean;
}

/** One indicator code across the tabs. */
export interface OverviewRow {
  /** The code as the first tab that has it writes it. */
  readonly code: string;
  /** The indicator's name, from the first tab that has the code. */
  readonly name: string;
  /** One cell per column, in column order; null where that tab lacks the code. */
  readonly cells: readonly (OverviewCell | null)[];
}

/** The overview: tabs across, codes down. */
export interface OverviewGrid {
  readonly columns: readonly OverviewColumn[];
  readonly rows: readonly OverviewRow[];
}

/** The words for a marker, for screen readers and the legend: `outlier, high against other districts`. */
export function outlierWords(direction: OutlierDirection): string {
  return `outlier, ${direction} against other districts`;
}

/**
 * The sentence about the tabs that total the others, for a legend: `Kent adds
 * up the other tabs, so it is shown but not compared.`; "" when there are none.
 */
export function totalsSentence(columns: readonly OverviewColumn[]): string {
  const totals = columns.filter((c) => c.total).map((c) => c.sheet);
  if (totals.length === 0) return "";
  const names =
    totals.length === 1
      ? totals[0]!
      : `${totals.slice(0, -1).join(", ")} and ${totals[totals.length - 1]!}`;
  return totals.length === 1
    ? `${names} adds up the other tabs, so it is shown but not compared.`
    : `${names} add up the other tabs, so they are shown but not compared.`;
}

/** The marker shown after the RAG: ▲ high, ▼ low. */
export const OUTLIER_SYMBOL: Readonly<Record<OutlierDirection, string>> = {
  high: "▲",
  low: "▼",
};

/** The RAG words of a row, as its RAG column shows them. */
function statusText(row: RowResult): string {
  return row.statusSource === "manual" ? `${row.status} (manual)` : row.status;
}

/** Whether the run's notes say districtChecks treated `sheet` as a total of the other tabs. */
function isTotal(sheet: string, warnings: readonly Message[]): boolean {
  // districtChecks' note: `"Kent" is treated as a total of the other tabs (…), so it is not compared…`.
  const words = `"${sheet}" is treated as a total of the other tabs`;
  return warnings.some((w) => w.sheet === sheet && w.message.startsWith(words));
}

/** The middle of `values` (the mean of the middle two for an even count); undefined when empty. */
function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The direction a flag says: its sentence (after the sheet's name) reads
 * "is far above" / "is above the … funnel limit" or "below"; undefined if
 * it says neither.
 */
function flagDirection(flag: Flag, sheet: string): OutlierDirection | undefined {
  const prefix = `${sheet}'s `;
  const text = flag.message.startsWith(prefix) ? flag.message.slice(prefix.length) : flag.message;
  const said = /\bis (?:far )?(above|below)\b/.exec(text)?.[1];
  return said === "above" ? "high" : said === "below" ? "low" : undefined;
}

/**
 * The latest row per code of each rated tab with coded rows (tool sheets are
 * never in a run), in tab order; on one tab the first table's row of a code
 * wins, and a long table gives its latest row (summaryTableRows).
 */
function tabRows(result: RunResult): { sheet: string; rows: Map<string, RowResult> }[] {
  const tabs: { sheet: string; rows: Map<string, RowResult> }[] = [];
  for (const sheet of result.sheets) {
    const rows = new Map<string, RowResult>();
    for (const table of sheet.tables)
      for (const row of summaryTableRows(table)) {
        if (!row.code.trim()) continue;
        const key = codeKey(row.code);
        if (!rows.has(key)) rows.set(key, row);
      }
    if (rows.size > 0) tabs.push({ sheet: sheet.name, rows });
  }
  return tabs;
}

/**
 * The district overview of a run: one column per rated tab with indicator
 * rows, in tab order (the About sheet and the tool's own sheets have none);
 * one row per indicator code (matched as the rules are: case and spacing
 * aside), in the order codes are first seen, named from the first tab that
 * has it. Each cell is the tab's latest row for the code (a long table's
 * latest period), with its RAG words and an outlier marker where the row
 * carries a district-outlier or funnel flag (OUTLIER_KINDS, strongest
 * first): high or low as the flag says, else as the value lies against the
 * median of the code's values on the other district tabs.
 *
 * A tab that totals the others (a county total) is a column too, but
 * districtChecks leaves it out of the comparison, so its cells are never
 * marked; `total` says so. The checks compare districts only when the
 * run has at least three of them (a run on `--sheets Dover` marks none).
 *
 * Cost: O(rows × flags + codes × tabs log tabs).
 */
export function districtOverview(result: RunResult): OverviewGrid {
  const tabs = tabRows(result);
  const totals = new Set(tabs.filter((t) => isTotal(t.sheet, result.warnings)).map((t) => t.sheet));
  const codes = new Map<string, RowResult>();
  for (const tab of tabs)
    for (const [key, row] of tab.rows) if (!codes.has(key)) codes.set(key, row);

  const rows: OverviewRow[] = [...codes].map(([key, first]) => ({
    code: first.code,
    name: first.name,
    cells: tabs.map((tab): OverviewCell | null => {
      const row = tab.rows.get(key);
      if (!row) return null;
      const flags = OUTLIER_KINDS.flatMap((kind) => row.flags.filter((f) => f.kind === kind));
      let outlier: OutlierDirection | null = null;
      if (flags.length > 0) {
        outlier = flagDirection(flags[0]!, tab.sheet) ?? null;
        if (outlier === null && row.value !== null) {
          const others = tabs.flatMap((t) => {
            const compared = t !== tab && !totals.has(t.sheet);
            const value = compared ? (t.rows.get(key)?.value ?? null) : null;
            return value === null ? [] : [value];
          });
          const middle = median(others);
          outlier = middle === undefined ? null : row.value >= middle ? "high" : "low";
        }
      }
      return {
        status: row.status,
        text: statusText(row),
        outlier,
        outlierMessages: outlier === null ? [] : flags.map((f) => f.message),
        sheet: tab.sheet,
        cell: row.valueCell,
        sheetRow: row.sheetRow,
        code: row.code,
      };
    }),
  }));
  return {
    columns: tabs.map((tab) => ({ sheet: tab.sheet, total: totals.has(tab.sheet) })),
    rows,
  };
}
