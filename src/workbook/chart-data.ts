/**
 * A native Excel chart of one indicator (Issue #11): its values, the XmR mean
 * and process limits, and its target, as a line chart beside the table. Excel
 * charts plot ranges, not arrays, so the numbers go in a block of columns on the
 * tool's own chart data sheet ("Scorecard RAG charts", hidden), one block per
 * charted indicator; the chart, on the indicator's sheet, is the tool's by its
 * name (`ScorecardRAG_chart_…`). Everything here is pure: the session reads the
 * data sheet, decides the block and hands the host the cells and the chart.
 */
import type { CellRange } from "./address";
import { parseRange, qualified, rangeAddress } from "./address";
import { ownSheetTarget, type OwnSheetTarget, type SheetHead } from "./findings";
import type { RowResult } from "./rate-table";
import type { RunResult } from "./result";

/** Every chart the tool adds is named with this prefix; a chart without it is the user's. */
export const CHART_PREFIX = "ScorecardRAG_chart_";

/** The sheet the charts' numbers live on (`Scorecard RAG charts 2`… beside a user's sheet of that name). */
export const CHART_DATA_SHEET = "Scorecard RAG charts";

/** Only a sheet called "Scorecard RAG charts" or "Scorecard RAG charts 2"… can be the tool's chart data sheet. */
export const CHART_DATA_SHEET_NAME = new RegExp(`^${CHART_DATA_SHEET}( \\d+)?$`);

/** The chart data sheet's first row: how the tool knows the sheet is its own. */
export const CHART_DATA_HEADER: readonly string[] = [
  "Scorecard RAG chart data",
  "The numbers behind the add-in's charts, one block of columns per chart. Clear ratings removes them.",
];

/** Columns each block takes on the chart data sheet: period, value, mean, two limits, two targets, one spare. */
export const CHART_SLOT_WIDTH = 8;

/** The first block row (0-based): the chart's name; then the column headers; then one row per period. */
const NAME_ROW = 1;
const HEADER_ROW = 2;
const FIRST_DATA_ROW = 3;

/** How big a chart is, in cells: 8 columns by 16 rows, about 450 by 240 points at Excel's default sizes. */
const CHART_COLUMNS = 8;
const CHART_ROWS = 16;

export function isChartDataHeader(firstRow: readonly unknown[]): boolean {
  return (
    CHART_DATA_HEADER.every((text, i) => firstRow[i] === text) &&
    firstRow.slice(CHART_DATA_HEADER.length).every((v) => v === null || v === undefined || v === "")
  );
}

/** Whether the tool wrote this sheet: a chart data name and the tool's header row. */
export function isOwnChartDataSheet(sheet: SheetHead): boolean {
  return CHART_DATA_SHEET_NAME.test(sheet.name) && isChartDataHeader(sheet.firstRow);
}

/** Where the chart data goes: the tool's own sheet when there is one, otherwise the first free name. */
export function chartDataTarget(sheets: readonly SheetHead[]): OwnSheetTarget {
  return ownSheetTarget(sheets, CHART_DATA_SHEET, isOwnChartDataSheet);
}

/** Whether a chart is the tool's: by its name. */
export function isOwnChart(name: string): boolean {
  return name.startsWith(CHART_PREFIX);
}

/**
 * The chart's name: the prefix, the sheet and the code with every character
 * but letters, digits and `_` made `_`.
 *
 * @example chartName("Tunbridge Wells", "SCS-19") // "ScorecardRAG_chart_Tunbridge_Wells_SCS_19"
 */
export function chartName(sheet: string, code: string): string {
  const clean = (text: string): string => text.replace(/[^A-Za-z0-9_]/g, "_");
  return `${CHART_PREFIX}${clean(sheet)}_${clean(code)}`;
}

/** What a series shows; the host styles it by this. */
export type ChartSeriesRole =
  "value" | "mean" | "upperLimit" | "lowerLimit" | "target" | "targetLower" | "targetUpper";

export interface ChartSeriesSpec {
  readonly role: ChartSeriesRole;
  /** The legend's text. */
  readonly name: string;
  /** The series' numbers, a sheet-qualified address on the chart data sheet (`'Scorecard RAG charts'!B4:B15`). */
  readonly values: string;
}

/** The chart itself: where, what it is called, and which ranges it plots. */
export interface ChartSpec {
  readonly name: string;
  readonly title: string;
  /** The sheet the chart goes on: the indicator's. */
  readonly sheet: string;
  /** The cells it covers (0-based): right of the table's owned block, level with the indicator's row. */
  readonly position: CellRange;
  /** The period labels, a sheet-qualified address on the chart data sheet. */
  readonly categories: string;
  /** Value first, then mean, limits and target: the order the host adds them in. */
  readonly series: readonly ChartSeriesSpec[];
}

/** The block's cells on the chart data sheet (0-based): its text cells and, separately, its numbers. */
export interface ChartBlock {
  /** The block's columns, from the name row down to its last row. */
  readonly range: CellRange;
  /** Text cells, one row each: the name, the headers, the period labels. */
  readonly texts: readonly {
    readonly row: number;
    readonly column: number;
    readonly values: readonly string[];
  }[];
  /** The numbers from (`row`, `column`), a rectangle; null is an empty cell (a gap in the line). */
  readonly numbers: {
    readonly row: number;
    readonly column: number;
    readonly values: readonly (readonly (number | null)[])[];
  };
  /** The numbers' format: `0.0%` for a percentage indicator, `General` otherwise. */
  readonly numberFormat: string;
}

export interface IndicatorChart {
  readonly chart: ChartSpec;
  readonly block: ChartBlock;
}

/** One indicator row on one sheet, as the pane names it. */
export interface ChartIndicator {
  readonly sheet: string;
  readonly code: string;
  /** 1-based sheet row, as Excel numbers it. */
  readonly sheetRow: number;
}

/** The row and the table address of an indicator in a run, or undefined when the run does not have it. */
export function findIndicator(
  result: RunResult,
  indicator: ChartIndicator
): { readonly row: RowResult; readonly tableAddress: string } | undefined {
  for (const sheet of result.sheets) {
    if (sheet.name !== indicator.sheet) continue;
    for (const table of sheet.tables) {
      const row = table.rows.find(
        (r) => r.sheetRow === indicator.sheetRow && r.code === indicator.code
      );
      if (row) return { row, tableAddress: table.address };
    }
  }
  return undefined;
}

/**
 * The slot (block index) for chart `name` on the chart data sheet, given its
 * cells (0-based from `origin`): the block already named so (re-charting
 * replaces it), otherwise the first block with an empty name cell.
 */
export function chartSlot(
  name: string,
  cells:
    | {
        readonly origin: { readonly row: number; readonly column: number };
        readonly values: readonly (readonly unknown[])[];
      }
    | undefined
): number {
  const at = (row: number, column: number): unknown =>
    cells?.values[row - cells.origin.row]?.[column - cells.origin.column];
  const width = cells ? cells.origin.column + Math.max(0, ...cells.values.map((r) => r.length)) : 0;
  const slots = Math.ceil(width / CHART_SLOT_WIDTH);
  for (let slot = 0; slot < slots; slot++)
    if (at(NAME_ROW, slot * CHART_SLOT_WIDTH) === name) return slot;
  for (let slot = 0; slot < slots; slot++) {
    const cell = at(NAME_ROW, slot * CHART_SLOT_WIDTH);
    if (cell === null || cell === undefined || cell === "") return slot;
  }
  return slots;
}

/** The names of the charts whose blocks are on the chart data sheet, by slot. */
export function chartBlockNames(
  cells:
    | {
        readonly origin: { readonly row: number; readonly column: number };
        readonly values: readonly (readonly unknown[])[];
      }
    | undefined
): { readonly name: string; readonly range: CellRange }[] {
  if (!cells) return [];
  const out: { name: string; range: CellRange }[] = [];
  const bottom = cells.origin.row + cells.values.length - 1;
  const width = cells.origin.column + Math.max(0, ...cells.values.map((r) => r.length));
  for (let left = 0; left < width; left += CHART_SLOT_WIDTH) {
    const name = cells.values[NAME_ROW - cells.origin.row]?.[left - cells.origin.column];
    if (typeof name === "string" && isOwnChart(name))
      out.push({
        name,
        range: {
          top: NAME_ROW,
          left,
          bottom: Math.max(NAME_ROW, bottom),
          right: left + CHART_SLOT_WIDTH - 1,
        },
      });
  }
  return out;
}

const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

/**
 * Where the chart goes on the indicator's sheet: two columns right of the
 * table's owned block (or of the table, before it is rated), from the
 * indicator's row down, so charts of different rows start level with their rows.
 */
function chartPosition(
  result: RunResult,
  indicator: ChartIndicator,
  tableAddress: string
): CellRange {
  const row = indicator.sheetRow - 1;
  const block = result.plan.names.find(
    (n) => n.sheet === indicator.sheet && n.range.top <= row && row <= n.range.bottom
  );
  const table = parseRange(tableAddress);
  const right = Math.max(block?.range.right ?? -1, table?.right ?? -1);
  const left = right + 2;
  return { top: row, left, bottom: row + CHART_ROWS - 1, right: left + CHART_COLUMNS - 1 };
}

/**
 * The chart of one indicator row and its block in slot `slot` of the chart data
 * sheet `dataSheet`: a row per point of the row's history (label, value, the
 * XmR mean and process limits of `detail.spc`, the target or the target range
 * of `detail.rule`). Without an XmR analysis (too few points) the chart has the
 * values and the target only. Undefined when the run does not have the row.
 */
export function indicatorChart(
  result: RunResult,
  indicator: ChartIndicator,
  dataSheet: string,
  slot: number
): IndicatorChart | undefined {
  const found = findIndicator(result, indicator);
  if (!found) return undefined;
  const { row } = found;
  const name = chartName(indicator.sheet, indicator.code);
  const spc = row.detail.spc?.kind === "analysed" ? row.detail.spc.limits : undefined;
  const rule = row.detail.rule;
  const range = finite(rule.lower) && finite(rule.upper);
  const columns: {
    role: ChartSeriesRole;
    name: string;
    value: (n: number | null) => number | null;
  }[] = [{ role: "value", name: "Value", value: (n) => n }];
  if (spc)
    columns.push(
      { role: "mean", name: "Mean", value: () => spc.mean },
      { role: "upperLimit", name: "Upper process limit", value: () => spc.upperProcessLimit },
      { role: "lowerLimit", name: "Lower process limit", value: () => spc.lowerProcessLimit }
    );
  if (range)
    columns.push(
      { role: "targetLower", name: "Target (lower)", value: () => rule.lower! },
      { role: "targetUpper", name: "Target (upper)", value: () => rule.upper! }
    );
  else if (finite(rule.target))
    columns.push({ role: "target", name: "Target", value: () => rule.target! });

  const history = row.detail.history;
  const left = slot * CHART_SLOT_WIDTH;
  const bottom = FIRST_DATA_ROW + Math.max(history.length, 1) - 1;
  const labels = history.map((point, i) => {
    const label = point.period?.label;
    if (label && label !== "latest") return label;
    return i === history.length - 1 && row.period ? row.period : (label ?? `${i + 1}`);
  });
  const numbers = history.map((point) => {
    const n = point.value.kind === "number" ? point.value.value : null;
    return columns.map((c) => c.value(n));
  });
  const at = (column: number): string =>
    qualified(
      dataSheet,
      rangeAddress({ top: FIRST_DATA_ROW, left: left + column, bottom, right: left + column })
    );
  const title = `${row.code || indicator.code}: ${row.name}${spc ? " (XmR)" : ""}`;
  return {
    chart: {
      name,
      title,
      sheet: indicator.sheet,
      position: chartPosition(result, indicator, found.tableAddress),
      categories: at(0),
      series: columns.map((c, i) => ({ role: c.role, name: c.name, values: at(i + 1) })),
    },
    block: {
      range: { top: NAME_ROW, left, bottom, right: left + CHART_SLOT_WIDTH - 1 },
      texts: [
        { row: NAME_ROW, column: left, values: [name, title] },
        { row: HEADER_ROW, column: left, values: ["Period", ...columns.map((c) => c.name)] },
        ...labels.map((label, i) => ({ row: FIRST_DATA_ROW + i, column: left, values: [label] })),
      ],
      numbers: { row: FIRST_DATA_ROW, column: left + 1, values: numbers },
      numberFormat: row.percent ? "0.0%" : "General",
    },
  };
}
