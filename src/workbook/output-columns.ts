import type { Status, TrendDisplay } from "../engine";
import { displayTrend } from "../engine/trends";
import type { DetectedTable } from "./detect";
import type { RowResult } from "./rate-table";
import type { OutputHeaders, Settings } from "./settings";

/** What one owned column of a table's block holds. */
export type OutputColumnKind =
  | "rag"
  | "shortTrend"
  | "longTrend"
  | "commentary"
  | "variation"
  | "assurance"
  | "benchmark"
  /** A column the block keeps, blank, so that columns the add-in inserted are never left behind. */
  | "spare";

export interface OutputColumn {
  readonly kind: OutputColumnKind;
  readonly header: string;
  /** For a benchmark column: which of the table's benchmark columns (0-based). */
  readonly benchmark?: number;
}

/** A fill and font pair of the add-in's conditional formats. */
export interface CellStyle {
  readonly fill: string;
  readonly font: string;
}

/** RAG fills: Excel's own Good / Neutral / Bad cell styles, familiar to every analyst. */
export const STATUS_STYLE: Readonly<Record<"Green" | "Amber" | "Red", CellStyle>> = {
  Green: { fill: "#C6EFCE", font: "#006100" },
  Amber: { fill: "#FFEB9C", font: "#9C5700" },
  Red: { fill: "#FFC7CE", font: "#9C0006" },
};

/**
 * Making Data Count's icon colours (blue improvement, orange concern, grey
 * common cause, purple neither), as light fills with dark text of the same hue
 * so the words stay readable in print; the words carry the meaning too.
 */
export const MDC_STYLE: Readonly<
  Record<"improvement" | "concern" | "common" | "neither", CellStyle>
> = {
  improvement: { fill: "#BDD7EE", font: "#1F4E79" },
  concern: { fill: "#FCD5B4", font: "#974706" },
  common: { fill: "#D9D9D9", font: "#3A3A3A" },
  neither: { fill: "#E4DFEC", font: "#5B2C83" },
};

/** Fingertips' comparison colours: Better green, Similar amber, Worse red; Higher and Lower (no polarity) in blues. */
export const BENCHMARK_STYLE: Readonly<Record<"higher" | "lower", CellStyle>> = {
  higher: { fill: "#DDEBF7", font: "#1F3864" },
  lower: { fill: "#D0CECE", font: "#1F3864" },
};

/** Every fill and font pair the add-in formats with: how its own conditional formats are known (own-format.ts). */
export const OWN_STYLES: readonly CellStyle[] = [
  ...Object.values(STATUS_STYLE),
  ...Object.values(MDC_STYLE),
  ...Object.values(BENCHMARK_STYLE),
];

/** One "text begins with" format of a column. */
export interface ColumnFormat extends CellStyle {
  readonly beginsWith: string;
}

/** The four columns every block has, in order. */
export const CORE_COLUMNS = 4;

/**
 * The owned columns of one table's block: RAG, short trend, long trend and
 * commentary, then (where the settings leave them on and the data allows)
 * Variation where some row has enough points for an XmR verdict, Assurance
 * where some such row also has a target to judge, and one column per
 * benchmark column that some row can be compared with.
 *
 * Cost: O(rows × benchmarks).
 */
export function tableOutputColumns(
  table: DetectedTable,
  rows: readonly RowResult[],
  settings: Pick<Settings, "headers" | "columns">
): OutputColumn[] {
  const h: OutputHeaders = settings.headers;
  const columns: OutputColumn[] = [
    { kind: "rag", header: h.rag },
    { kind: "shortTrend", header: h.shortTrend },
    { kind: "longTrend", header: h.longTrend },
    { kind: "commentary", header: h.commentary },
  ];
  const variation =
    settings.columns.variation && rows.some((row) => row.detail.spc?.kind === "analysed");
  if (variation) columns.push({ kind: "variation", header: h.variation });
  if (variation && settings.columns.assurance && rows.some((row) => row.assurance.kind === "icon"))
    columns.push({ kind: "assurance", header: h.assurance });
  if (settings.columns.benchmark)
    table.mapping.benchmarks.forEach((b, i) => {
      if (rows.some((row) => row.benchmarks[i]?.comparison.kind === "compared"))
        columns.push({
          kind: "benchmark",
          header: `${h.benchmark} ${b.header}`.trim(),
          benchmark: i,
        });
    });
  return columns;
}

/** The words of an NA verdict with its reason, short enough for a cell: `NA (8 points, needs 12)`. */
const naText = (reason: string): string => (reason ? `NA (${reason})` : "NA");

/** What a row's cell in an owned column says. */
export function outputCellText(
  column: OutputColumn,
  row: RowResult,
  trendDisplay: TrendDisplay
): string | null {
  switch (column.kind) {
    case "rag":
      return row.statusSource === "manual" ? `${row.status} (manual)` : (row.status as Status);
    case "shortTrend":
      return displayTrend(row.shortTrend, trendDisplay);
    case "longTrend":
      return displayTrend(row.longTrend, trendDisplay);
    case "commentary":
      return row.commentary || null;
    case "variation":
      return row.variation.kind === "icon" ? row.variation.text : naText(row.variation.reason);
    case "assurance":
      return row.assurance.kind === "icon" ? row.assurance.text : naText(row.assurance.reason);
    case "benchmark": {
      const comparison = row.benchmarks[column.benchmark ?? 0]?.comparison;
      if (!comparison) return null;
      return comparison.kind === "compared"
        ? comparison.text
        : `${comparison.text} (${comparison.reason})`;
    }
    case "spare":
      return null;
  }
}

/** The conditional formats of an owned column: one rule a word, over the column's body. */
export function columnFormats(column: OutputColumn, trendDisplay: TrendDisplay): ColumnFormat[] {
  switch (column.kind) {
    case "rag":
      return (["Green", "Amber", "Red"] as const).map((status) => ({
        beginsWith: status,
        ...STATUS_STYLE[status],
      }));
    case "shortTrend":
    case "longTrend":
      return [
        { beginsWith: displayTrend("IMP", trendDisplay), ...STATUS_STYLE.Green },
        { beginsWith: displayTrend("DET", trendDisplay), ...STATUS_STYLE.Red },
      ];
    case "variation":
      return [
        { beginsWith: "Improvement", ...MDC_STYLE.improvement },
        { beginsWith: "Concern", ...MDC_STYLE.concern },
        { beginsWith: "Common cause", ...MDC_STYLE.common },
        { beginsWith: "Neither", ...MDC_STYLE.neither },
      ];
    case "assurance":
      return [
        { beginsWith: "Consistently passing", ...MDC_STYLE.improvement },
        { beginsWith: "Consistently failing", ...MDC_STYLE.concern },
        { beginsWith: "Hit and miss", ...MDC_STYLE.common },
      ];
    case "benchmark":
      return [
        { beginsWith: "Better", ...STATUS_STYLE.Green },
        { beginsWith: "Similar", ...STATUS_STYLE.Amber },
        { beginsWith: "Worse", ...STATUS_STYLE.Red },
        { beginsWith: "Higher", ...BENCHMARK_STYLE.higher },
        { beginsWith: "Lower", ...BENCHMARK_STYLE.lower },
      ];
    case "commentary":
    case "spare":
      return [];
  }
}
