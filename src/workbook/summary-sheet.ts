import { parsePeriod } from "../engine/periods";
import { formatNumber, numberValue } from "../engine/values";
import { qualified, type CellRange } from "./address";
import { formulaString, ownSheetTarget, type OwnSheetTarget, type SheetHead } from "./findings";
import { neutraliseFormulaText } from "./formula-text";
import {
  columnFormats,
  outputCellText,
  type ColumnFormat,
  type OutputColumn,
  type OutputColumnKind,
} from "./output-columns";
import type { RowResult } from "./rate-table";
import type { RunResult, TableResult } from "./result";

/**
 * The Summary sheet (issue #10): one row per indicator per tab, the icons as
 * words in the add-in's colours, for a manager to print on one page. Every
 * cell is a link back to the indicator's value cell. Pure: the session writes
 * it through a port, as it writes the Findings sheet.
 */

/** The Summary sheet's header row: how the add-in and the CLI know a Summary sheet is theirs. */
export const SUMMARY_HEADER: readonly string[] = [
  "Sheet",
  "Code",
  "Indicator",
  "Period",
  "Value",
  "Target",
  "RAG",
  "Short trend",
  "Long trend",
  "Variation",
  "Assurance",
  "Benchmark",
];

/** The name of the sheet the summary goes on (`Summary 2`… when a user's sheet has it). */
export const SUMMARY_SHEET = "Summary";

/** Only a sheet called "Summary" or "Summary 2"… can be the tool's. */
export const SUMMARY_SHEET_NAME = new RegExp(`^${SUMMARY_SHEET}( \\d+)?$`);

/**
 * Column widths in characters, from column A: room for the longest words
 * (`Consistently passing`, `NA (no latest value)`, `Amber (manual)`,
 * `Better (England 2021-22)`) and most of an indicator's name. Fitted to an A4
 * landscape page, 193 characters across print at about the scale 45 rows of
 * Excel's 15 points need anyway (70%: 11-point text prints at about 8
 * points), so a page is about as full across as down.
 */
export const SUMMARY_WIDTHS: readonly number[] = [11, 9, 50, 8, 8, 8, 13, 11, 11, 20, 20, 24];

/**
 * Indicators one printed page holds and stays readable (about 8-point text);
 * a longer summary prints one page wide on as many pages down as it needs.
 */
export const SUMMARY_ROWS_PER_PAGE = 50;

/** Excel refuses (#VALUE!) a text in a formula longer than this. */
const MAX_FORMULA_TEXT = 255;

/** Whether a sheet's first row is the Summary header this tool writes, so the sheet is its own. */
export function isSummaryHeader(firstRow: readonly unknown[]): boolean {
  return (
    SUMMARY_HEADER.every((text, i) => firstRow[i] === text) &&
    firstRow.slice(SUMMARY_HEADER.length).every((v) => v === null || v === undefined || v === "")
  );
}

/** Whether the tool wrote this sheet: a Summary name and the tool's header row. */
export function isOwnSummarySheet(sheet: SheetHead): boolean {
  return SUMMARY_SHEET_NAME.test(sheet.name) && isSummaryHeader(sheet.firstRow);
}

/**
 * Where the summary goes: the tool's own Summary sheet when there is one (it
 * is replaced), otherwise the first free name of "Summary", "Summary 2" …
 */
export function summaryTarget(sheets: readonly SheetHead[]): OwnSheetTarget {
  return ownSheetTarget(sheets, SUMMARY_SHEET, isOwnSummarySheet);
}

/** `text`, cut to what a formula can hold, with an ellipsis when cut. */
function fitted(text: string): string {
  return text.length <= MAX_FORMULA_TEXT ? text : `${text.slice(0, MAX_FORMULA_TEXT - 1)}…`;
}

/**
 * A Summary cell: a link to the indicator's value cell that shows `text`, or
 * "" for an empty cell. Like the Findings links, the target (with the sheet
 * name, user text) and the shown text are formula strings with every `"`
 * doubled, and the shown text is neutralised first, so `=1` reads `'=1`.
 *
 * @example summaryLink("Kent", "AE7", "EH43") // =HYPERLINK("#Kent!AE7","EH43")
 */
export function summaryLink(sheet: string, cell: string, text: string): string {
  if (text === "") return "";
  const target = formulaString(`#${qualified(sheet, cell)}`);
  return `=HYPERLINK(${target},${formulaString(fitted(neutraliseFormulaText(text)))})`;
}

/** The index of a row's latest period (its history's last point), for choosing a long table's latest row. */
function latestIndex(row: RowResult): number {
  return row.detail.recentPoint(0)?.period?.index ?? 0;
}

/**
 * The rows a table contributes: every row of a wide table; a long table's
 * latest row per code (the latest period, the lower row on a tie), where the
 * code first appears.
 */
export function summaryTableRows(table: Pick<TableResult, "layout" | "rows">): RowResult[] {
  if (table.layout !== "long") return [...table.rows];
  // A Map keeps the order codes were first set in: where each code first appears.
  const latest = new Map<string, RowResult>();
  for (const row of table.rows) {
    const previous = latest.get(row.code);
    if (!previous || latestIndex(row) >= latestIndex(previous)) latest.set(row.code, row);
  }
  return [...latest.values()];
}

/**
 * The latest period's label: the label of the row's last history point
 * (`Dec-22`; on a long table, the row's own period cell read as a period,
 * so a date shows as `Mar-23`, not its serial number); else a long table's
 * period cell as it is, or the value column's header when that is a period.
 */
function periodText(row: RowResult, table: Pick<TableResult, "mapping">): string {
  const last = row.detail.recentPoint(0)?.period;
  // `latest` is the label rate-table gives a value column that is not one of the period columns.
  if (last && last.label !== "latest") return last.label;
  if (row.period !== null) return row.period;
  const header = table.mapping.value?.header ?? "";
  return header === "" ? "" : (parsePeriod(header)?.label ?? "");
}

/** The target as the value is shown (`85%`, `22.0`), or a target range `60%–75%`; "" when none. */
function targetText(row: RowResult): string {
  const shown = (n: number): string => formatNumber(numberValue(n, row.percent));
  if (row.target !== null) return shown(row.target);
  const { lower, upper } = row.detail.rule;
  return lower !== undefined && upper !== undefined ? `${shown(lower)}–${shown(upper)}` : "";
}

/** The row's benchmark verdicts, first first: `Better (England 2021-22); Similar (Region)`. */
function benchmarkText(row: RowResult): string {
  return row.benchmarks
    .filter((b) => b.comparison.kind === "compared")
    .map((b) => (b.header ? `${b.comparison.text} (${b.header})` : b.comparison.text))
    .join("; ");
}

/** The owned-column words the Summary repeats, so its cells read as the block's do. */
const OWN: readonly OutputColumnKind[] = [
  "rag",
  "shortTrend",
  "longTrend",
  "variation",
  "assurance",
  "benchmark",
];

/** The Summary column of each owned-column kind (its conditional formats go there). */
const COLUMN_OF: Readonly<Partial<Record<OutputColumnKind, number>>> = {
  rag: SUMMARY_HEADER.indexOf("RAG"),
  shortTrend: SUMMARY_HEADER.indexOf("Short trend"),
  longTrend: SUMMARY_HEADER.indexOf("Long trend"),
  variation: SUMMARY_HEADER.indexOf("Variation"),
  assurance: SUMMARY_HEADER.indexOf("Assurance"),
  benchmark: SUMMARY_HEADER.indexOf("Benchmark"),
};

const column = (kind: OutputColumnKind): OutputColumn => ({ kind, header: "" });

/** One indicator's Summary texts (before they become links), in SUMMARY_HEADER's order. */
export function summaryTexts(
  sheet: string,
  table: Pick<TableResult, "mapping">,
  row: RowResult,
  result: Pick<RunResult, "settings">
): string[] {
  const display = result.settings.trendDisplay;
  const own = (kind: OutputColumnKind): string => outputCellText(column(kind), row, display) ?? "";
  return [
    sheet,
    row.code,
    row.name,
    periodText(row, table),
    row.valueText,
    targetText(row),
    own("rag"),
    own("shortTrend"),
    own("longTrend"),
    own("variation"),
    own("assurance"),
    benchmarkText(row),
  ];
}

/** One "text begins with" format over a range of the Summary sheet. */
export interface SummaryFormat extends ColumnFormat {
  readonly range: CellRange;
}

/** The Summary sheet: its rows (the header, then links), widths, conditional formats and page setup. */
export interface SummarySheet {
  /** The header texts, then one row per indicator: each cell a link formula, or "" when empty. */
  readonly rows: readonly (readonly string[])[];
  readonly widths: readonly number[];
  readonly conditionalFormats: readonly SummaryFormat[];
  readonly print: {
    readonly orientation: "landscape";
    readonly paper: "A4";
    readonly fitToPagesWide: 1;
    readonly fitToPagesTall: number;
    readonly repeatHeaderRow: true;
  };
}

/**
 * The Summary sheet of a run: one row per indicator of every rated table, in
 * the order of the sheets and tables (a long table's latest row per code),
 * with its latest period, value, target, RAG, trends, Making Data Count
 * verdicts and benchmark verdicts. Each cell links to the indicator's value
 * cell; the RAG, trend, Variation, Assurance and Benchmark columns take the
 * add-in's conditional formats (trends in the run's trend display). It prints
 * A4 landscape, one page wide and, up to SUMMARY_ROWS_PER_PAGE (50)
 * indicators, one page tall (more go on further pages, the header repeated).
 *
 * Cost: O(rows × benchmarks).
 */
export function summarySheet(result: RunResult): SummarySheet {
  const rows: string[][] = [[...SUMMARY_HEADER]];
  for (const sheet of result.sheets)
    for (const table of sheet.tables)
      for (const row of summaryTableRows(table))
        rows.push(
          summaryTexts(sheet.name, table, row, result).map((text) =>
            summaryLink(sheet.name, row.valueCell, text)
          )
        );
  const body = rows.length - 1;
  const conditionalFormats: SummaryFormat[] =
    body === 0
      ? []
      : OWN.flatMap((kind) => {
          const c = COLUMN_OF[kind]!;
          const range: CellRange = { top: 1, left: c, bottom: body, right: c };
          return columnFormats(column(kind), result.settings.trendDisplay).map((format) => ({
            range,
            ...format,
          }));
        });
  return {
    rows,
    widths: SUMMARY_WIDTHS,
    conditionalFormats,
    print: {
      orientation: "landscape",
      paper: "A4",
      fitToPagesWide: 1,
      fitToPagesTall: Math.max(1, Math.ceil(body / SUMMARY_ROWS_PER_PAGE)),
      repeatHeaderRow: true,
    },
  };
}
