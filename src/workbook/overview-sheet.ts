import type { CellRange } from "./address";
import {
  districtOverview,
  OUTLIER_SYMBOL,
  totalsSentence,
  type OverviewCell,
  type OverviewGrid,
} from "./district-overview";
import { ownSheetTarget, type OwnSheetTarget, type SheetHead } from "./findings";
import { neutraliseFormulaText } from "./formula-text";
import { columnFormats } from "./output-columns";
import type { RunResult } from "./result";
import { summaryLink, type SummaryFormat } from "./summary-sheet";

/**
 * The Overview sheet (issue #11): the district overview on a sheet of the
 * add-in's own, indicators down and tabs across, each cell the RAG in the
 * add-in's colours with ▲ or ▼ where that district is an outlier against the
 * others, and a link to the indicator's value cell. Pure: the session writes
 * it through a port, as it writes the Summary sheet.
 */

/** The name of the sheet the overview goes on (`Overview 2`… when a user's sheet has it). */
export const OVERVIEW_SHEET = "Overview";

/** Only a sheet called "Overview" or "Overview 2"… can be the tool's. */
export const OVERVIEW_SHEET_NAME = new RegExp(`^${OVERVIEW_SHEET}( \\d+)?$`);

/** The Overview header's first cells; the tab names follow. */
export const OVERVIEW_HEADER_START: readonly string[] = ["Indicator code", "Indicator"];

/** Width in characters of the code and name columns. */
export const OVERVIEW_LABEL_WIDTHS: readonly number[] = [14, 40];

/** A tab's column is as wide as its longest text, within these bounds (characters). */
const TAB_WIDTH = { min: 9, max: 24 } as const;

/** Indicators one printed page holds, as on the Summary sheet. */
export const OVERVIEW_ROWS_PER_PAGE = 50;

/**
 * Whether a first row is an Overview header this tool writes: `Indicator
 * code`, `Indicator`, then one or more names of the workbook's sheets (as
 * the tool writes them), then nothing. The sheet names are what make the
 * header the tool's: a user's table that starts `Indicator code | Indicator |
 * Value` is never taken for it.
 */
export function isOverviewHeader(
  firstRow: readonly unknown[],
  sheetNames: readonly string[]
): boolean {
  if (!OVERVIEW_HEADER_START.every((text, i) => firstRow[i] === text)) return false;
  const shown = new Set(sheetNames.map(neutraliseFormulaText));
  const rest = firstRow.slice(OVERVIEW_HEADER_START.length);
  const empty = (v: unknown): boolean => v === null || v === undefined || v === "";
  const tabs = rest.findIndex(empty);
  const names = tabs < 0 ? rest : rest.slice(0, tabs);
  return (
    names.length > 0 &&
    names.every((v) => typeof v === "string" && shown.has(v)) &&
    rest.slice(names.length).every(empty)
  );
}

/**
 * Whether the tool wrote this sheet: an Overview name and the tool's header
 * row, its tabs among `sheetNames` (the workbook's sheets).
 */
export function isOwnOverviewSheet(sheet: SheetHead, sheetNames: readonly string[]): boolean {
  return OVERVIEW_SHEET_NAME.test(sheet.name) && isOverviewHeader(sheet.firstRow, sheetNames);
}

/**
 * Where the overview goes: the tool's own Overview sheet when there is one (it
 * is replaced), otherwise the first free name of "Overview", "Overview 2" …
 */
export function overviewTarget(sheets: readonly SheetHead[]): OwnSheetTarget {
  const names = sheets.map((s) => s.name);
  return ownSheetTarget(sheets, OVERVIEW_SHEET, (s) => isOwnOverviewSheet(s, names));
}

/** A cell's words on the sheet: the RAG, then the marker when an outlier (`Red ▲`). */
export function overviewCellText(cell: OverviewCell): string {
  return cell.outlier === null ? cell.text : `${cell.text} ${OUTLIER_SYMBOL[cell.outlier]}`;
}

/** The legend under the overview: what the marker means, and which tabs are not compared. */
export function overviewLegend(grid: Pick<OverviewGrid, "columns">): string {
  const totals = totalsSentence(grid.columns);
  return neutraliseFormulaText(
    `${OUTLIER_SYMBOL.high} high, ${OUTLIER_SYMBOL.low} low: that district is an outlier against the other districts (a district-outlier or funnel-limit flag; see the Findings).${totals ? ` ${totals}` : ""} Each cell links to the indicator's value.`
  );
}

/** Cells written in one row from (`row`, `column`), 0-based: as the session's CellRun. */
export interface OverviewRun {
  readonly row: number;
  readonly column: number;
  readonly kind: "text" | "formula";
  readonly values: readonly string[];
}

/** The Overview sheet: its runs (header, rows, legend), widths, conditional formats and page setup. */
export interface OverviewSheet {
  /** The header texts, then one row per code: code and name as text, each tab's cell a link or "". */
  readonly rows: readonly (readonly string[])[];
  readonly runs: readonly OverviewRun[];
  readonly widths: readonly number[];
  /** How many columns the header spans (the code, the name and every tab). */
  readonly headerWidth: number;
  readonly conditionalFormats: readonly SummaryFormat[];
  readonly print: {
    readonly orientation: "landscape";
    readonly paper: "A4";
    readonly fitToPagesWide: 1;
    readonly fitToPagesTall: number;
    readonly repeatHeaderRow: true;
  };
}

/** The runs of one row: a stretch of text cells, then of links, … (links are the formulas). */
function rowRuns(row: readonly string[], r: number, textColumns: number): OverviewRun[] {
  const out: { row: number; column: number; kind: "text" | "formula"; values: string[] }[] = [];
  row.forEach((value, column) => {
    const kind = column < textColumns || value === "" ? "text" : "formula";
    const last = out[out.length - 1];
    if (last?.kind === kind) last.values.push(value);
    else out.push({ row: r, column, kind, values: [value] });
  });
  return out;
}

/**
 * The Overview sheet of a run (districtOverview): the header `Indicator code |
 * Indicator | <tabs>`, one row per code, each tab's cell a link to the
 * indicator's value cell that shows its RAG and ▲ / ▼ where the district is
 * an outlier (so colour is not the only cue), empty where the tab lacks the
 * code; a blank row, then the legend. The tabs' cells take the RAG colours
 * (text begins with Green, Amber, Red). Every text from the user's sheets is
 * neutralised, so a code `=1` reads `'=1`. It prints A4 landscape, one page
 * wide and one page tall per OVERVIEW_ROWS_PER_PAGE (50) codes, the header
 * repeated.
 *
 * Cost: O(codes × tabs).
 */
export function overviewSheet(result: RunResult): OverviewSheet {
  const grid = districtOverview(result);
  const labels = OVERVIEW_HEADER_START.length;
  const header = [
    ...OVERVIEW_HEADER_START,
    ...grid.columns.map((c) => neutraliseFormulaText(c.sheet)),
  ];
  const texts = grid.rows.map((row) =>
    row.cells.map((cell) => (cell ? overviewCellText(cell) : ""))
  );
  const rows: string[][] = [
    header,
    ...grid.rows.map((row, r) => [
      neutraliseFormulaText(row.code),
      neutraliseFormulaText(row.name),
      ...row.cells.map((cell, c) =>
        cell ? summaryLink(cell.sheet, cell.cell, texts[r]![c]!) : ""
      ),
    ]),
  ];
  const body = grid.rows.length;
  const legend = body === 0 ? [] : [[overviewLegend(grid)]];
  const runs: OverviewRun[] = [
    { row: 0, column: 0, kind: "text", values: header },
    ...rows.slice(1).flatMap((row, r) => rowRuns(row, r + 1, labels)),
    ...legend.map((values): OverviewRun => ({ row: body + 2, column: 0, kind: "text", values })),
  ];
  const widths = [
    ...OVERVIEW_LABEL_WIDTHS,
    ...grid.columns.map((column, c) => {
      const longest = Math.max(column.sheet.length, ...texts.map((row) => row[c]!.length));
      return Math.min(TAB_WIDTH.max, Math.max(TAB_WIDTH.min, longest + 2));
    }),
  ];
  const range: CellRange = {
    top: 1,
    left: labels,
    bottom: body,
    right: labels + grid.columns.length - 1,
  };
  const conditionalFormats: SummaryFormat[] =
    body === 0 || grid.columns.length === 0
      ? []
      : columnFormats({ kind: "rag", header: "" }, result.settings.trendDisplay).map((format) => ({
          range,
          ...format,
        }));
  return {
    rows,
    runs,
    widths,
    headerWidth: header.length,
    conditionalFormats,
    print: {
      orientation: "landscape",
      paper: "A4",
      fitToPagesWide: 1,
      fitToPagesTall: Math.max(1, Math.ceil((body + legend.length * 2) / OVERVIEW_ROWS_PER_PAGE)),
      repeatHeaderRow: true,
    },
  };
}
