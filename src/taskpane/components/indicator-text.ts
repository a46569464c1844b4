/**
 * The words of the indicator detail view: which row a reference names now,
 * its rule, its trends, its Making Data Count verdicts. Pure, so the view and
 * its tests read the same sentences.
 */
import {
  describeTolerance,
  displayTrend,
  formatNumber,
  type CellValue,
  type RuleFields,
  type Trend,
  type TrendReason,
  type TrendResult,
  type TrendSource,
} from "../../engine";
import type { IconVerdict } from "../../engine/stats";
import type { RowResult } from "../../workbook/rate-table";
import type { RunResult, TableResult } from "../../workbook/run";
import type { IndicatorRef } from "./views";

export interface FoundRow {
  readonly row: RowResult;
  readonly table: TableResult;
  /** True when the row was found by its code, not at the sheet row the reference names. */
  readonly moved: boolean;
}

/**
 * The row a reference names in a result: on its sheet, at its sheet row with
 * the same code; else the row with that code on the sheet (the latest one, as
 * a long table lists a code once per period), since a re-rate can move rows.
 * Undefined when the sheet no longer has it.
 */
export function findIndicatorRow(result: RunResult, ref: IndicatorRef): FoundRow | undefined {
  const sheet = result.sheets.find((s) => s.name === ref.sheet);
  if (!sheet) return undefined;
  let byCode: FoundRow | undefined;
  for (const table of sheet.tables)
    for (const row of table.rows) {
      if (row.code !== ref.code) continue;
      if (row.sheetRow === ref.sheetRow) return { row, table, moved: false };
      byCode = { row, table, moved: true };
    }
  return byCode;
}

/**
 * The indicator a selection in Excel is on: the rated row at the selection's
 * top row (`A4:G4`, `4:4`; 1-based) on `sheet`. Undefined for a header, blank
 * or title row, a whole column, or a sheet the run did not rate.
 */
export function indicatorAt(
  result: RunResult,
  sheet: string,
  address: string
): IndicatorRef | undefined {
  const top = /^\$?[A-Za-z]{0,3}\$?(\d+)/.exec(address.trim());
  if (!top) return undefined;
  const sheetRow = Number(top[1]);
  const rated = result.sheets.find((s) => s.name === sheet);
  for (const table of rated?.tables ?? [])
    for (const row of table.rows)
      if (row.sheetRow === sheetRow) return { sheet, code: row.code, sheetRow };
  return undefined;
}

const POLARITY_WORDS = {
  maximise: "Higher is better (Maximise)",
  minimise: "Lower is better (Minimise)",
  range: "Within the target range is best (Goldilocks)",
} as const;

/** How the row's own numbers are shown, for its rule's bounds. */
function showLike(value: CellValue, percent: boolean): (n: number) => string {
  const decimals = value.kind === "number" ? value.decimals : 0;
  return (n) => {
    const shown = percent ? n * 100 : n;
    const needed = String(Number(shown.toPrecision(12))).split(".")[1]?.length ?? 0;
    return formatNumber({
      kind: "number",
      value: n,
      percent,
      decimals: Math.min(Math.max(decimals, needed), 4),
    });
  };
}

/** One line of the rule: what it is, and its value. */
export interface RuleLine {
  readonly term: string;
  readonly text: string;
}

/** The rule as the rating used it, a line for each part it has. */
export function ruleLines(row: RowResult): RuleLine[] {
  const rule: RuleFields = row.detail.rule;
  const show = showLike(row.detail.cellValue, row.percent);
  const lines: RuleLine[] = [];
  if (rule.rated === false) lines.push({ term: "Rated", text: "No: data only, never rated" });
  lines.push({
    term: "Polarity",
    text: rule.polarity ? POLARITY_WORDS[rule.polarity] : "Not set (no direction to judge)",
  });
  if (rule.target !== undefined) lines.push({ term: "Target", text: show(rule.target) });
  if (rule.lower !== undefined && rule.upper !== undefined)
    lines.push({ term: "Target range", text: `${show(rule.lower)} to ${show(rule.upper)}` });
  if (rule.floor !== undefined)
    lines.push({
      term: rule.polarity === "minimise" ? "Floor (a ceiling)" : "Floor",
      text: `${show(rule.floor)}: ${rule.polarity === "minimise" ? "above" : "below"} it is Red, between it and the target Amber`,
    });
  if (rule.amber === false)
    lines.push({ term: "Amber", text: "None: Green once the target is met, else Red" });
  else if (rule.floor === undefined && rule.tolerance)
    lines.push({
      term: "Tolerance",
      text: `${describeTolerance(rule.tolerance, row.percent)}: Amber when ${rule.polarity === "range" ? "outside the range" : "short of the target"} by no more than this`,
    });
  return lines;
}

const TREND_REASON: Readonly<Partial<Record<TrendReason, string>>> = {
  "no-polarity": "no polarity to judge better or worse",
  "latest-missing": "no latest value",
  "comparison-missing": "the period to compare with has no value",
  "no-comparison-period": "no period to compare with",
};

/** `Deteriorating, against Nov-22`, `Improving (published in the sheet)`, `Not available: no period to compare with`. */
export function trendText(
  trend: Trend,
  source: TrendSource,
  computed: TrendResult,
  against: string | null,
  skipped: readonly string[]
): string {
  const word = displayTrend(trend, "word");
  if (source === "published") return `${word} (as published in the sheet)`;
  if (source === "none") return `${word}: no history and none published`;
  if (trend === "NA") {
    const why = TREND_REASON[computed.reason];
    return why ? `${word}: ${why}` : word;
  }
  let text = against ? `${word}, against ${against}` : word;
  if (skipped.length > 0) text += ` (skipping ${skipped.join(", ")}, with no value)`;
  return text;
}

export function shortTrendText(row: RowResult): string {
  return trendText(
    row.shortTrend,
    row.shortTrendSource,
    row.detail.result.short,
    row.shortTrendAgainst,
    row.shortTrendSkipped
  );
}

export function longTrendText(row: RowResult): string {
  return trendText(
    row.longTrend,
    row.longTrendSource,
    row.detail.result.long,
    row.longTrendAgainst,
    row.longTrendSkipped
  );
}

/** `Improvement ↑`, or `NA (8 points, needs 12)`. */
export function verdictText(verdict: IconVerdict<string>): string {
  return verdict.kind === "na" && verdict.reason ? `NA (${verdict.reason})` : verdict.text;
}
