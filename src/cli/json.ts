import type { Status, Trend, TrendSource, RatingReason } from "../engine";
import type { IconVerdict } from "../engine/stats";
import type { BenchmarkCell } from "../workbook/mdc-columns";
import type { Flag, RowResult, Severity } from "../workbook/rate-table";
import type { MappingEntry, Message, RunResult, TableResult } from "../workbook/run";

/*
 * The `--json` document. Documented field by field in docs/json-output.md; a
 * test holds the two together. Within version 1 fields are only ever added.
 */

export const JSON_VERSION = 1;

export interface JsonRow {
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
  readonly shortTrendAgainst: string | null;
  readonly longTrendAgainst: string | null;
  readonly shortTrendSkipped: readonly string[];
  readonly longTrendSkipped: readonly string[];
  readonly variation: JsonVerdict;
  readonly assurance: JsonVerdict;
  readonly benchmarks: readonly JsonBenchmark[];
  readonly flags: readonly JsonFlag[];
  readonly commentary: string;
}

/** A Making Data Count icon as words, or NA with the reason. */
export interface JsonVerdict {
  readonly text: string;
  readonly icon: string | null;
  readonly reason: string | null;
}

/** A comparison with one benchmark column. */
export interface JsonBenchmark {
  readonly header: string;
  readonly cell: string;
  readonly text: string;
  readonly verdict: string | null;
  readonly method: string | null;
  readonly benchmark: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly reason: string | null;
}

export interface JsonFlag {
  readonly kind: string;
  readonly severity: Severity;
  readonly message: string;
  readonly cell: string;
}

export interface JsonTable {
  readonly id: string;
  readonly address: string;
  readonly title: string | null;
  readonly layout: "wide" | "long";
  readonly source: "scan" | "list-object";
  readonly confidence: "high" | "medium" | "low";
  readonly mapping: Readonly<Record<string, MappingEntry>>;
  readonly periods: readonly { readonly column: string; readonly header: string }[];
  readonly notes: readonly string[];
  readonly counts: Readonly<Record<Status, number>>;
  readonly narrative: readonly string[];
  readonly rows: readonly JsonRow[];
}

export interface JsonSheet {
  readonly name: string;
  readonly problem: string | null;
  readonly tables: readonly JsonTable[];
}

export interface JsonWarning {
  readonly severity: Severity;
  readonly sheet: string | null;
  readonly cell: string | null;
  readonly message: string;
}

export interface JsonDocument {
  readonly version: 1;
  readonly input: string;
  readonly output: string | null;
  readonly sheets: readonly JsonSheet[];
  readonly warnings: readonly JsonWarning[];
  /** What `--learn` learned and rated with (docs/json-output.md, `learned`); null without it. */
  readonly learned: object | null;
}

function verdictJson(verdict: IconVerdict<string>): JsonVerdict {
  return verdict.kind === "icon"
    ? { text: verdict.text, icon: verdict.icon, reason: null }
    : { text: verdict.text, icon: null, reason: verdict.reason };
}

function benchmarkJson(cell: BenchmarkCell): JsonBenchmark {
  const c = cell.comparison;
  return c.kind === "compared"
    ? {
        header: cell.header,
        cell: cell.cell,
        text: c.text,
        verdict: c.verdict,
        method: c.method,
        benchmark: c.benchmark,
        lower: c.interval?.lower ?? null,
        upper: c.interval?.upper ?? null,
        reason: null,
      }
    : {
        header: cell.header,
        cell: cell.cell,
        text: c.text,
        verdict: null,
        method: null,
        benchmark: null,
        lower: null,
        upper: null,
        reason: c.reason,
      };
}

function flagJson(flag: Flag): JsonFlag {
  return { kind: flag.kind, severity: flag.severity, message: flag.message, cell: flag.cell };
}

/** A row as published: everything but the engine's internal `detail`. */
export function rowJson(row: RowResult): JsonRow {
  return {
    sheetRow: row.sheetRow,
    code: row.code,
    name: row.name,
    section: row.section,
    period: row.period,
    valueCell: row.valueCell,
    value: row.value,
    valueText: row.valueText,
    percent: row.percent,
    target: row.target,
    status: row.status,
    statusSource: row.statusSource,
    statusReason: row.statusReason,
    explanation: row.explanation,
    publishedStatus: row.publishedStatus,
    shortTrend: row.shortTrend,
    longTrend: row.longTrend,
    shortTrendSource: row.shortTrendSource,
    longTrendSource: row.longTrendSource,
    publishedShortTrend: row.publishedShortTrend,
    publishedLongTrend: row.publishedLongTrend,
    shortTrendAgainst: row.shortTrendAgainst,
    longTrendAgainst: row.longTrendAgainst,
    shortTrendSkipped: [...row.shortTrendSkipped],
    longTrendSkipped: [...row.longTrendSkipped],
    variation: verdictJson(row.variation),
    assurance: verdictJson(row.assurance),
    benchmarks: row.benchmarks.map(benchmarkJson),
    flags: row.flags.map(flagJson),
    commentary: row.commentary,
  };
}

function tableJson(table: TableResult): JsonTable {
  const mapping: Record<string, MappingEntry> = {};
  for (const [role, entry] of Object.entries(table.mapping))
    mapping[role] = { column: entry.column, header: entry.header, reason: entry.reason };
  return {
    id: table.id,
    address: table.address,
    title: table.title,
    layout: table.layout,
    source: table.source,
    confidence: table.confidence,
    mapping,
    periods: table.periods.map((p) => ({ column: p.column, header: p.header })),
    notes: [...table.notes],
    counts: { ...table.counts },
    narrative: [...table.narrative],
    rows: table.rows.map(rowJson),
  };
}

function warningJson(message: Message): JsonWarning {
  return {
    severity: message.severity,
    sheet: message.sheet ?? null,
    cell: message.cell ?? null,
    message: message.message,
  };
}

/**
 * The `--json` document for a run. `output` is the file written, or `null`
 * when none was (`--dry-run`). Paths are as given on the command line.
 */
export function resultJson(
  result: RunResult,
  input: string,
  output: string | null,
  learned: object | null = null
): JsonDocument {
  return {
    version: JSON_VERSION,
    input,
    output,
    sheets: result.sheets.map((sheet) => ({
      name: sheet.name,
      problem: sheet.problem,
      tables: sheet.tables.map(tableJson),
    })),
    warnings: result.warnings.map(warningJson),
    learned,
  };
}
