import {
  explainRating,
  formatNumber,
  parseCellValue,
  parsePeriod,
  parsePublishedStatus,
  parsePublishedTrend,
  rateIndicator,
  resolveRule,
  summarise,
  type CellValue,
  type HistoryPoint,
  type IndicatorResult,
  type RatingReason,
  type RuleField,
  type RuleFields,
  type Status,
  type TableSummary,
  type Trend,
  type TrendResult,
  type TrendSource,
  type IndicatorInput,
  type TrendOptions,
} from "../engine";
import {
  columnarFromIndicators,
  columnarResults,
  indicatorResultAt,
  rateColumnar,
} from "../engine/columnar";
import type { AssuranceIcon, IconVerdict, SpcResult, VariationIcon } from "../engine/stats";
import { rowVerdicts, type BenchmarkCell } from "./mdc-columns";
import { cellAddress } from "./address";
import type { CommentRange } from "./comment-ranges";
import { isPeriodLabelCell, type DetectedTable, type PeriodColumn } from "./detect";
import { codeKey, parseRuleField, type RulesTable } from "./rules-table";
import { checkEnabled, type Settings } from "./settings";
import type { SheetGrid } from "./snapshot";

export type Severity = "info" | "warning" | "error";

/** One finding on a row: a plain-English sentence, and the cell it is about. */
export interface Flag {
  readonly kind: string;
  readonly severity: Severity;
  readonly message: string;
  readonly cell: string;
}

export interface RowResult {
  /** 1-based sheet row, as Excel numbers it. */
  readonly sheetRow: number;
  readonly code: string;
  readonly name: string;
  readonly section: string | null;
  readonly period: string | null;
  readonly valueCell: string;
  readonly value: number | null;
  readonly valueText: string;
  readonly percent: boolean;
  readonly target: number | null;
  readonly status: Status;
  readonly statusSource: "rule" | "manual";
  readonly statusReason: RatingReason;
  readonly explanation: string;
  readonly publishedStatus: Status | null;
  readonly shortTrend: Trend;
  readonly longTrend: Trend;
  readonly shortTrendSource: TrendSource;
  readonly longTrendSource: TrendSource;
  readonly publishedShortTrend: Trend | null;
  readonly publishedLongTrend: Trend | null;
  /** The period label a computed trend compared with (`2018-19`); null when published, or no comparison was made. */
  readonly shortTrendAgainst: string | null;
  readonly longTrendAgainst: string | null;
  /** Periods a computed trend passed over because they had no value (gaps skipped), oldest first. */
  readonly shortTrendSkipped: readonly string[];
  readonly longTrendSkipped: readonly string[];
  /** Making Data Count's variation icon of the latest point, as words (`Concern ↑`), or NA with the reason. */
  readonly variation: IconVerdict<VariationIcon>;
  /** Making Data Count's assurance icon against the target, as words, or NA with the reason. */
  readonly assurance: IconVerdict<AssuranceIcon>;
  /** Better / Similar / Worse … against each benchmark column of the table, in its order. */
  readonly benchmarks: readonly BenchmarkCell[];
  readonly flags: Flag[];
  /** Filled in once every check has run. */
  commentary: string;
  /** What the checks need that is not output: the history of values, the rule. */
  readonly detail: RowDetail;
}

export interface RowDetail {
  readonly row: number;
  readonly cellValue: CellValue;
  readonly history: readonly HistoryPoint[];
  readonly rule: RuleFields;
  readonly result: IndicatorResult;
  readonly numerator: CellValue | null;
  readonly denominator: CellValue | null;
  /** The XmR analysis the Variation column and the SPC sentences share; null without a latest value. */
  readonly spc: SpcResult | null;
}

export interface TableRating {
  readonly rows: RowResult[];
  readonly summary: TableSummary;
}

function cellValueAt(grid: SheetGrid, row: number, column: number | undefined): CellValue | null {
  return column === undefined
    ? null
    : parseCellValue(grid.value(row, column), grid.format(row, column));
}

/** A row's own rule: each field from its column, read as a rules table reads it (`parseRuleField`). */
function rowRuleFields(
  grid: SheetGrid,
  table: DetectedTable,
  row: number,
  commentRange: CommentRange | undefined
): RuleFields {
  const field = <F extends Exclude<RuleField, "gaps">>(role: F): RuleFields[F] | undefined => {
    const c = table.mapping.roles[role]?.column;
    return c === undefined
      ? undefined
      : (parseRuleField(role, grid.value(row, c), grid.format(row, c)) ?? undefined);
  };
  const fields: RuleFields = {
    polarity: field("polarity"),
    target: field("target"),
    floor: field("floor"),
    lower: field("lower") ?? commentRange?.lower,
    upper: field("upper") ?? commentRange?.upper,
    tolerance: field("tolerance"),
    amber: field("amber"),
    rated: field("rated"),
  };
  return fields;
}

/**
 * A table's history points by period column, then by value, for one set of
 * period columns: the rows share their periods and most of their figures (each
 * figure is one shared value, parseCellValue's), so a point is made once, not
 * once a row. `count`: the columns a history reads (through the value's column
 * when it is one of them: the later cells are not read); `latest`: whether the
 * value, in no period column, is added as the latest point.
 */
interface SharedPoints {
  readonly count: number;
  readonly latest: boolean;
  readonly byColumn: readonly Map<CellValue, HistoryPoint>[];
}

function sharedPointsOf(
  periods: readonly PeriodColumn[],
  valueColumn: number | undefined
): SharedPoints {
  const at = valueColumn === undefined ? -1 : periods.findIndex((p) => p.column === valueColumn);
  const count = at >= 0 ? at + 1 : periods.length;
  return {
    count,
    latest: valueColumn !== undefined && at < 0,
    byColumn: Array.from({ length: count }, () => new Map<CellValue, HistoryPoint>()),
  };
}

function historyOf(
  grid: SheetGrid,
  table: DetectedTable,
  row: number,
  value: CellValue,
  shared: Map<readonly PeriodColumn[], SharedPoints>,
  // A row in a team block reads its history against the block's own labels.
  periods: readonly PeriodColumn[] = table.mapping.periods
): HistoryPoint[] {
  if (periods.length === 0) return [{ value }];
  let points = shared.get(periods);
  if (points === undefined) {
    points = sharedPointsOf(periods, table.mapping.roles.value?.column);
    shared.set(periods, points);
  }
  const { count, byColumn } = points;
  const history = new Array<HistoryPoint>(count);
  for (let i = 0; i < count; i++) {
    const p = periods[i]!;
    const cell = parseCellValue(grid.value(row, p.column), grid.format(row, p.column));
    // A missing value is a new object each time: nothing to share.
    if (cell.kind === "missing") {
      history[i] = { period: p.period, value: cell };
      continue;
    }
    const known = byColumn[i]!;
    let point = known.get(cell);
    if (point === undefined) {
      point = Object.freeze<HistoryPoint>({ period: p.period, value: cell });
      known.set(cell, point);
    }
    history[i] = point;
  }
  if (points.latest) {
    const last = periods[periods.length - 1]!.period;
    history.push({
      period: { granularity: last.granularity, index: last.index + 1, label: "latest" },
      value,
    });
  }
  return history;
}

/**
 * Rates every indicator row of a detected table: the rule from the row's own
 * cells, then the rules table, then the settings' defaults; trends from the
 * period columns (wide tables) or from the code's earlier rows (long tables);
 * the published status and trends read for comparison.
 *
 * Cost: O(rows × periods).
 */
export function rateTable(
  grid: SheetGrid,
  table: DetectedTable,
  rules: RulesTable | undefined,
  settings: Settings,
  commentRanges: ReadonlyMap<string, CommentRange>
): TableRating {
  const roles = table.mapping.roles;
  const valueColumn = roles.value?.column;
  // A row whose value is a period label (`Dec-22`) heads a block: it is never rated.
  const indicatorRows = table.rows.filter(
    (r) =>
      r.kind === "indicator" &&
      (valueColumn === undefined || !isPeriodLabelCell(grid, r.row, valueColumn))
  );
  const longHistory = table.layout === "long" ? longHistories(grid, table) : undefined;
  const sharedPoints = new Map<readonly PeriodColumn[], SharedPoints>();
  // First each row's inputs, then the ratings (by the columnar engine where rows share
  // their period columns), then the rows' results.
  const prepared = indicatorRows.map((tableRow) => {
    const r = tableRow.row;
    const code = roles.code ? grid.text(r, roles.code.column) : "";
    const name = roles.name ? grid.text(r, roles.name.column) : "";
    const key = codeKey(code || name);
    const value = cellValueAt(grid, r, valueColumn) ?? parseCellValue(null);
    const fields = rowRuleFields(grid, table, r, commentRanges.get(key));
    const rule = resolveRule(fields, rules?.byCode.get(key), settings.defaults);
    const history =
      longHistory?.get(r) ?? historyOf(grid, table, r, value, sharedPoints, tableRow.periods);
    const published = roles.status
      ? parsePublishedStatus(grid.value(r, roles.status.column))
      : undefined;
    const publishedShort = roles.shortTrend
      ? parsePublishedTrend(grid.value(r, roles.shortTrend.column))
      : undefined;
    const publishedLong = roles.longTrend
      ? parsePublishedTrend(grid.value(r, roles.longTrend.column))
      : undefined;
    const input: IndicatorInput = {
      value,
      rule,
      history,
      publishedStatus: published,
      publishedShortTrend: publishedShort,
      publishedLongTrend: publishedLong,
    };
    return {
      tableRow,
      code,
      name,
      value,
      rule,
      history,
      published,
      publishedShort,
      publishedLong,
      input,
    };
  });
  const results = rateRows(
    prepared.map((row) => row.input),
    // A wide table's rows read the table's period columns, or their team block's.
    table.layout === "wide"
      ? prepared.map((row) => row.tableRow.periods ?? table.mapping.periods)
      : undefined,
    settings.trends
  );
  const rows: RowResult[] = [];
  prepared.forEach((row, index) => {
    const { tableRow, code, name, value, rule, history, published, publishedShort, publishedLong } =
      row;
    const r = tableRow.row;
    const result = results[index]!;
    const periodText =
      table.layout === "long" && roles.period ? grid.text(r, roles.period.column) : null;
    const valueCell = cellAddress(r, valueColumn ?? table.range.left);
    const numerator = cellValueAt(grid, r, roles.numerator?.column);
    const denominator = cellValueAt(grid, r, roles.denominator?.column);
    const verdicts = rowVerdicts(
      grid,
      r,
      value,
      history,
      rule,
      numerator,
      denominator,
      table.mapping.benchmarks,
      settings.checks.spcMinimumPoints,
      cellAddress
    );
    rows.push({
      sheetRow: r + 1,
      code: code || name,
      name,
      section: tableRow.section ?? null,
      period: periodText,
      valueCell,
      value: value.kind === "number" ? value.value : null,
      valueText: value.kind === "number" ? formatNumber(value) : value.text,
      percent: value.kind === "number" && value.percent,
      target: rule.target ?? null,
      status: result.status,
      statusSource: result.statusSource,
      statusReason: result.rating.reason,
      explanation: explainRating(result.rating, value, rule),
      publishedStatus: published?.status ?? null,
      shortTrend: result.shortTrend,
      longTrend: result.longTrend,
      shortTrendSource: result.shortTrendSource,
      longTrendSource: result.longTrendSource,
      publishedShortTrend: publishedShort ?? null,
      publishedLongTrend: publishedLong ?? null,
      shortTrendAgainst: againstLabel(result.short, result.shortTrendSource),
      longTrendAgainst: againstLabel(result.long, result.longTrendSource),
      shortTrendSkipped: skippedLabels(result.short, result.shortTrendSource),
      longTrendSkipped: skippedLabels(result.long, result.longTrendSource),
      variation: verdicts.variation,
      assurance: verdicts.assurance,
      benchmarks: verdicts.benchmarks,
      flags: trendGapFlags(result, valueCell, settings),
      commentary: "",
      detail: {
        row: r,
        cellValue: value,
        history,
        rule,
        result,
        numerator,
        denominator,
        spc: verdicts.spc,
      },
    });
  });
  const summary = summarise(
    table.layout === "long"
      ? latestPerCode(rows)
      : rows.map((row) => ({ code: row.code, status: row.status, longTrend: row.longTrend })),
    { periodWord: settings.periodWord ?? periodWordOf(table) }
  );
  return { rows, summary };
}

/**
 * Every row's `IndicatorResult`, as `rateIndicator` gives it. Rows that read the
 * same period columns (`columns`: one entry a row, the same array for rows that
 * share them; absent for a long table, whose histories differ row by row) are
 * rated together by the columnar engine, which gives the same results (see
 * test/golden/columnar-engine.test.ts); a group it cannot take (a value that is
 * not its history's latest point, as in a table with no value column) is rated
 * row by row.
 *
 * Cost: O(rows × periods).
 */
function rateRows(
  inputs: readonly IndicatorInput[],
  columns: readonly (readonly PeriodColumn[])[] | undefined,
  trends: TrendOptions
): IndicatorResult[] {
  const results = new Array<IndicatorResult>(inputs.length);
  const groups = new Map<readonly PeriodColumn[], number[]>();
  inputs.forEach((input, i) => {
    const group = columns?.[i];
    if (group === undefined || !fitsColumnar(input)) {
      results[i] = rateIndicator(input, trends);
      return;
    }
    const members = groups.get(group);
    if (members) members.push(i);
    else groups.set(group, [i]);
  });
  for (const members of groups.values()) {
    const groupInputs = members.map((i) => inputs[i]!);
    const table = columnarFromIndicators(groupInputs);
    const rated = columnarResults(
      table,
      rateColumnar(table, { trends, spc: false }),
      trends,
      (groupInputs[0]!.history ?? []).map((point) => point.period)
    );
    members.forEach((i, k) => (results[i] = indicatorResultAt(rated, k)));
  }
  return results;
}

/**
 * Whether the columnar engine takes the row: its rated value is its history's
 * latest point (the point the columnar engine reads; a missing value's reason is
 * the value's own), shown with at most 255 decimals.
 */
function fitsColumnar(input: IndicatorInput): boolean {
  const latest = input.history?.[input.history.length - 1]?.value;
  const value = input.value;
  if (latest === undefined) return value.kind === "missing" || value.decimals <= 255;
  return value.kind === "number"
    ? latest.kind === "number" && Object.is(latest.value, value.value) && latest.decimals <= 255
    : latest.kind === "missing";
}

const TREND_WORDS: Readonly<Record<Trend, string>> = {
  IMP: "improving",
  STATIC: "static",
  DET: "deteriorating",
  NA: "not available",
};

const NO_LABELS: readonly string[] = Object.freeze([]);

/** The period a computed trend compared with; null for a published trend or when no comparison was made. */
function againstLabel(trend: TrendResult, source: TrendSource): string | null {
  return source === "computed" ? (trend.comparedWith?.label ?? null) : null;
}

function skippedLabels(trend: TrendResult, source: TrendSource): readonly string[] {
  return source === "computed" && trend.skipped.length > 0
    ? trend.skipped.map((p) => p.label)
    : NO_LABELS;
}

/** `2019-20`; `2019-20 and 2020-21`; `2017-18, 2018-19 and 2019-20`. */
function listed(labels: readonly string[]): string {
  return labels.length < 2
    ? (labels[0] ?? "")
    : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}

/**
 * A trend that skipped periods with no value says what it compared with, as one
 * info flag (so in the Commentary): "Short and long trends improving against
 * 2018-19 (2019-20 and 2020-21 not available)." Off with the `trend-gap` check.
 */
function trendGapFlags(result: IndicatorResult, cell: string, settings: Settings): Flag[] {
  if (result.short.skipped.length === 0 && result.long.skipped.length === 0) return [];
  const told = (
    [
      ["Short", result.short, result.shortTrendSource],
      ["Long", result.long, result.longTrendSource],
    ] as const
  ).filter(
    ([, trend, source]) =>
      source === "computed" &&
      trend.trend !== "NA" &&
      trend.comparedWith !== null &&
      trend.skipped.length > 0
  );
  if (told.length === 0 || !checkEnabled(settings, "trend-gap")) return [];
  const clause = (trend: TrendResult): string =>
    `${TREND_WORDS[trend.trend]} against ${trend.comparedWith!.label} (${listed(trend.skipped.map((p) => p.label))} not available)`;
  const [first, second] = told;
  const message =
    second && clause(first![1]) === clause(second[1])
      ? `Short and long trends ${clause(first![1])}.`
      : told.map(([which, trend]) => `${which} trend ${clause(trend)}.`).join(" ");
  return [{ kind: "trend-gap", severity: "info", message, cell }];
}

function periodWordOf(table: DetectedTable): string {
  const granularity = table.mapping.periods[0]?.period.granularity;
  return granularity ?? "quarter";
}

/** For a long table, each code's rows in period order; a row's history runs up to its own period. */
function longHistories(grid: SheetGrid, table: DetectedTable): Map<number, HistoryPoint[]> {
  const { code, period, value } = table.mapping.roles;
  const byCode = new Map<string, { row: number; point: HistoryPoint }[]>();
  for (const tableRow of table.rows) {
    if (tableRow.kind !== "indicator" || !code || !value) continue;
    const r = tableRow.row;
    const key = codeKey(grid.text(r, code.column));
    const periodValue = period ? grid.value(r, period.column) : null;
    const parsed =
      typeof periodValue === "string" || typeof periodValue === "number"
        ? parsePeriod(periodValue, grid.format(r, period!.column))
        : undefined;
    const point: HistoryPoint = parsed
      ? {
          period: parsed,
          value: parseCellValue(grid.value(r, value.column), grid.format(r, value.column)),
        }
      : { value: parseCellValue(grid.value(r, value.column), grid.format(r, value.column)) };
    const list = byCode.get(key) ?? [];
    list.push({ row: r, point });
    byCode.set(key, list);
  }
  const histories = new Map<number, HistoryPoint[]>();
  for (const list of byCode.values()) {
    const ordered = [...list].sort(
      (a, b) => (a.point.period?.index ?? 0) - (b.point.period?.index ?? 0) || a.row - b.row
    );
    ordered.forEach((entry, i) =>
      histories.set(
        entry.row,
        ordered.slice(0, i + 1).map((e) => e.point)
      )
    );
  }
  return histories;
}

/** A long table's summary counts each code once, at its latest period. */
function latestPerCode(
  rows: readonly RowResult[]
): { code: string; status: Status; longTrend: Trend }[] {
  const latest = new Map<string, RowResult>();
  for (const row of rows) {
    const previous = latest.get(row.code);
    const index = row.detail.history[row.detail.history.length - 1]?.period?.index ?? 0;
    const previousIndex =
      previous?.detail.history[previous.detail.history.length - 1]?.period?.index ?? -Infinity;
    if (!previous || index >= previousIndex) latest.set(row.code, row);
  }
  return [...latest.values()].map((row) => ({
    code: row.code,
    status: row.status,
    longTrend: row.longTrend,
  }));
}
