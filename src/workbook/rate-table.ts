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
  type PublishedStatus,
  type RatingReason,
  type ResolvedRule,
  type RuleField,
  type RuleFields,
  type Status,
  type TableSummary,
  type Trend,
  type TrendResult,
  type TrendSource,
} from "../engine";
import {
  columnarResults,
  indicatorResultAt,
  rateColumnar,
  setRowLatest,
  setRowRule,
  spcReader,
  type ColumnarResults,
} from "../engine/columnar";
import type { AssuranceIcon, IconVerdict, SpcResult, VariationIcon } from "../engine/stats";
import { benchmarkCells, rowVerdicts, spcVerdicts, type BenchmarkCell } from "./mdc-columns";
import { cellAddress } from "./address";
import type { CommentRange } from "./comment-ranges";
import { isPeriodLabelCell, type DetectedTable, type PeriodColumn, type TableRow } from "./detect";
import { PeriodGroup } from "./period-group";
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
  /**
   * The values the trends and the SPC read, oldest first. A wide table's are
   * kept as its period group's numbers and made when read: where only the last
   * points matter, {@link historyLength} and {@link recentPoint} make no array.
   */
  readonly history: readonly HistoryPoint[];
  /** `history.length`. */
  readonly historyLength: number;
  /** `history[history.length - 1 - back]`: the latest point (`back` 0), or one `back` periods before it. */
  recentPoint(back: number): HistoryPoint | undefined;
  readonly rule: RuleFields;
  readonly result: IndicatorResult;
  readonly numerator: CellValue | null;
  readonly denominator: CellValue | null;
  /** The XmR analysis the Variation column and the SPC sentences share; null without a latest value. */
  readonly spc: SpcResult | null;
}

/**
 * A row's detail, its history either a list (a long table's, or a row rated on
 * its own) or its period group's row, made into points when read.
 */
class RatedRowDetail implements RowDetail {
  // Private (#), so the kept history is no part of the detail's own properties: a deep comparison
  // of two results would otherwise compare the whole group once for every row that shares it.
  readonly #points: readonly HistoryPoint[] | undefined;
  readonly #group: PeriodGroup | undefined;
  readonly #k: number;

  constructor(
    readonly row: number,
    readonly cellValue: CellValue,
    points: readonly HistoryPoint[] | undefined,
    group: PeriodGroup | undefined,
    k: number,
    readonly rule: RuleFields,
    readonly result: IndicatorResult,
    readonly numerator: CellValue | null,
    readonly denominator: CellValue | null,
    readonly spc: SpcResult | null
  ) {
    this.#points = points;
    this.#group = group;
    this.#k = k;
  }

  get history(): readonly HistoryPoint[] {
    return this.#points ?? this.#group!.history(this.#k, this.cellValue);
  }

  get historyLength(): number {
    return this.#points ? this.#points.length : this.#group!.width;
  }

  recentPoint(back: number): HistoryPoint | undefined {
    const i = this.historyLength - 1 - back;
    if (i < 0) return undefined;
    return this.#points ? this.#points[i] : this.#group!.pointAt(this.#k, i, this.cellValue);
  }

  /** As JSON, the detail's fields with its history made, not the group it is kept in. */
  toJSON(): Omit<RowDetail, "historyLength" | "recentPoint"> {
    const { row, cellValue, history, rule, result, numerator, denominator, spc } = this;
    return { row, cellValue, history, rule, result, numerator, denominator, spc };
  }
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

/** A row's own rule fields' columns, found once per table. */
interface RuleColumns {
  readonly polarity: number | undefined;
  readonly target: number | undefined;
  readonly floor: number | undefined;
  readonly lower: number | undefined;
  readonly upper: number | undefined;
  readonly tolerance: number | undefined;
  readonly amber: number | undefined;
  readonly rated: number | undefined;
}

function ruleColumnsOf(table: DetectedTable): RuleColumns {
  const roles = table.mapping.roles;
  return {
    polarity: roles.polarity?.column,
    target: roles.target?.column,
    floor: roles.floor?.column,
    lower: roles.lower?.column,
    upper: roles.upper?.column,
    tolerance: roles.tolerance?.column,
    amber: roles.amber?.column,
    rated: roles.rated?.column,
  };
}

/** A row's own rule: each field from its column, read as a rules table reads it (`parseRuleField`). */
function rowRuleFields(
  grid: SheetGrid,
  columns: RuleColumns,
  row: number,
  commentRange: CommentRange | undefined
): RuleFields {
  const field = <F extends Exclude<RuleField, "gaps">>(
    role: F,
    c: number | undefined
  ): RuleFields[F] | undefined =>
    c === undefined
      ? undefined
      : (parseRuleField(role, grid.value(row, c), grid.format(row, c)) ?? undefined);
  return {
    polarity: field("polarity", columns.polarity),
    target: field("target", columns.target),
    floor: field("floor", columns.floor),
    lower: field("lower", columns.lower) ?? commentRange?.lower,
    upper: field("upper", columns.upper) ?? commentRange?.upper,
    tolerance: field("tolerance", columns.tolerance),
    amber: field("amber", columns.amber),
    rated: field("rated", columns.rated),
  };
}

/** A row's inputs, read before any row is rated. */
interface PreparedRow {
  readonly tableRow: TableRow;
  readonly code: string;
  readonly name: string;
  readonly value: CellValue;
  readonly rule: ResolvedRule;
  /** The history as a list: a long table's, or a row the columnar engine does not take. */
  readonly history: readonly HistoryPoint[] | undefined;
  readonly published: PublishedStatus | undefined;
  readonly publishedShort: Trend | undefined;
  readonly publishedLong: Trend | undefined;
  /** Its period group and index in the group's columnar table; absent for a long table's row. */
  readonly group: PeriodGroup | undefined;
  readonly k: number;
}

/** A rated wide group: its columnar results, and its rows' XmR analyses. */
interface RatedGroup {
  readonly results: ColumnarResults;
  readonly spcAt: (k: number) => SpcResult | null;
}

/**
 * Rates every indicator row of a detected table: the rule from the row's own
 * cells, then the rules table, then the settings' defaults; trends from the
 * period columns (wide tables) or from the code's earlier rows (long tables);
 * the published status and trends read for comparison.
 *
 * A wide table's rows are read straight into one columnar table per set of
 * period columns (`PeriodGroup`) and rated, their latest point's XmR analysis
 * included, by the columnar engine in one pass, which gives the row engine's
 * results (test/golden/columnar-engine.test.ts); a long table's rows, and a
 * row the columnar engine does not take (see `fitsColumnar`), are rated row
 * by row by `rateIndicator` and `analyseSpc`.
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
  const wide = table.layout === "wide";
  const longHistory = wide ? undefined : longHistories(grid, table);
  // Rows read the table's period columns, or their team block's: one group for each (a
  // long table's row reads its code's earlier rows instead, where it has a code and a value).
  const groups = new Map<readonly PeriodColumn[], PeriodGroup>();
  const sizes = new Map<readonly PeriodColumn[], number>();
  for (const tableRow of indicatorRows) {
    if (longHistory?.has(tableRow.row)) continue;
    const periods = tableRow.periods ?? table.mapping.periods;
    sizes.set(periods, (sizes.get(periods) ?? 0) + 1);
  }
  for (const [periods, size] of sizes)
    groups.set(periods, new PeriodGroup(periods, valueColumn, size));
  const used = new Set<PeriodGroup>();
  const ruleColumns = ruleColumnsOf(table);
  const prepared = indicatorRows.map((tableRow): PreparedRow => {
    const r = tableRow.row;
    const code = roles.code ? grid.text(r, roles.code.column) : "";
    const name = roles.name ? grid.text(r, roles.name.column) : "";
    const key = codeKey(code || name);
    const earlier = longHistory?.get(r);
    const group = earlier ? undefined : groups.get(tableRow.periods ?? table.mapping.periods)!;
    let k = -1;
    let value: CellValue;
    if (group) {
      k = group.rows;
      group.read(grid, r);
      value = group.value;
    } else {
      value = cellValueAt(grid, r, valueColumn) ?? parseCellValue(null);
    }
    const fields = rowRuleFields(grid, ruleColumns, r, commentRanges.get(key));
    const rule = resolveRule(fields, rules?.byCode.get(key), settings.defaults);
    const published = roles.status
      ? parsePublishedStatus(grid.value(r, roles.status.column))
      : undefined;
    const publishedShort = roles.shortTrend
      ? parsePublishedTrend(grid.value(r, roles.shortTrend.column))
      : undefined;
    const publishedLong = roles.longTrend
      ? parsePublishedTrend(grid.value(r, roles.longTrend.column))
      : undefined;
    // A long table's histories differ row by row: its rows are rated one by one.
    const columnar =
      wide &&
      group !== undefined &&
      group.finite &&
      fitsColumnar(value, group.pointAt(k, group.width - 1, value));
    const history = earlier ?? (columnar ? undefined : group!.history(k, value));
    if (columnar) {
      used.add(group);
      setRowLatest(group.table, k, value);
      setRowRule(group.table, k, rule, published, publishedShort, publishedLong);
    }
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
      group: columnar ? group : undefined,
      k,
    };
  });
  const spcOptions = { minimumPoints: settings.checks.spcMinimumPoints };
  const rated = new Map<PeriodGroup, RatedGroup>();
  for (const group of used) {
    const results = columnarResults(
      group.table,
      rateColumnar(group.table, { trends: settings.trends, spc: spcOptions }),
      settings.trends,
      group.labels
    );
    rated.set(group, { results, spcAt: spcReader(results, spcOptions) });
  }
  const rows: RowResult[] = [];
  for (const row of prepared) {
    const { tableRow, code, name, value, rule, history, published, publishedShort, publishedLong } =
      row;
    const r = tableRow.row;
    const columnar = row.group ? rated.get(row.group) : undefined;
    const result = columnar
      ? indicatorResultAt(columnar.results, row.k)
      : rateIndicator(
          {
            value,
            rule,
            history: history!,
            publishedStatus: published,
            publishedShortTrend: publishedShort,
            publishedLongTrend: publishedLong,
          },
          settings.trends
        );
    const periodText =
      table.layout === "long" && roles.period ? grid.text(r, roles.period.column) : null;
    const valueCell = cellAddress(r, valueColumn ?? table.range.left);
    const numerator = cellValueAt(grid, r, roles.numerator?.column);
    const denominator = cellValueAt(grid, r, roles.denominator?.column);
    const verdicts = columnar
      ? spcVerdicts(
          columnar.spcAt(row.k),
          rule,
          benchmarkCells(
            grid,
            r,
            value,
            rule,
            numerator,
            denominator,
            table.mapping.benchmarks,
            cellAddress
          )
        )
      : rowVerdicts(
          grid,
          r,
          value,
          history!,
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
      detail: new RatedRowDetail(
        r,
        value,
        history,
        row.group,
        row.k,
        rule,
        result,
        numerator,
        denominator,
        verdicts.spc
      ),
    });
  }
  const summary = summarise(
    table.layout === "long"
      ? latestPerCode(rows)
      : rows.map((row) => ({ code: row.code, status: row.status, longTrend: row.longTrend })),
    { periodWord: settings.periodWord ?? periodWordOf(table) }
  );
  return { rows, summary };
}

/**
 * Whether the columnar engine takes the row: its rated value is its history's
 * latest point (the point the columnar engine reads; a missing value's reason is
 * the value's own), shown with at most 255 decimals.
 */
function fitsColumnar(value: CellValue, latestPoint: HistoryPoint): boolean {
  const latest = latestPoint.value;
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
    const index = row.detail.recentPoint(0)?.period?.index ?? 0;
    const previousIndex = previous?.detail.recentPoint(0)?.period?.index ?? -Infinity;
    if (!previous || index >= previousIndex) latest.set(row.code, row);
  }
  return [...latest.values()].map((row) => ({
    code: row.code,
    status: row.status,
    longTrend: row.longTrend,
  }));
}
