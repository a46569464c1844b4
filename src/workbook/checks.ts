import { formatNumber, type CellValue, type NumberValue } from "../engine/values";
import type { Trend, TrendSource } from "../engine";
import { nearlyEqual } from "../engine/numeric";
import { cellAddress } from "./address";
import type { Flag, RowResult, Severity } from "./rate-table";
import { codeKey } from "./rules-table";
import { checkEnabled, type Settings } from "./settings";
import { benchmarkChecks, districtChecks, spcChecks } from "./outlier-checks";
import type { RatedTable, TableNote } from "./result";

function flag(
  row: RowResult,
  kind: string,
  severity: Severity,
  message: string,
  cell = row.valueCell
): void {
  row.flags.push({ kind, severity, message, cell } satisfies Flag);
}

const show = (value: NumberValue, n: number): string => formatNumber({ ...value, value: n });

/** The published spellings of a status that need no correcting, in lower case. */
const PLAIN_STATUS_SPELLINGS: ReadonlySet<string> = new Set([
  "green",
  "amber",
  "red",
  "na",
  "n/a",
  "g",
  "a",
  "r",
  "not rated",
  "grey",
  "gray",
]);

/**
 * An explanation without its status word and closing full stop, to quote inside
 * another sentence: "Amber: 3.5% below target 85, tolerance 5%." gives
 * "3.5% below target 85, tolerance 5%". Only a leading word (or "… rated")
 * followed by ": " is taken off.
 */
function explanationBody(explanation: string): string {
  const colon = explanation.indexOf(": ");
  const start = colon > 0 && /^\w+( rated)?$/.test(explanation.slice(0, colon)) ? colon + 2 : 0;
  const end = explanation.endsWith(".") ? explanation.length - 1 : explanation.length;
  return start >= end ? "" : explanation.slice(start, end);
}

/** Published RAG and trends against what the rule gives; repaired spellings; hand-set statuses. */
function publishedChecks(t: RatedTable, settings: Settings): void {
  const statusColumn = t.table.mapping.roles.status?.column;
  const statusCellOf = (row: RowResult): string =>
    statusColumn === undefined ? row.valueCell : cellAddress(row.sheetRow - 1, statusColumn);
  const checkStatus = checkEnabled(settings, "published-status");
  const checkTrend = checkEnabled(settings, "published-trend");
  const checkTarget = checkEnabled(settings, "missing-target");
  const shortColumn = t.table.mapping.roles.shortTrend?.column;
  const longColumn = t.table.mapping.roles.longTrend?.column;
  for (const row of t.rows) {
    const rating = row.detail.result.rating;
    if (row.publishedStatus && checkStatus) {
      if (row.statusSource === "manual") {
        flag(
          row,
          "manual-status",
          "info",
          `The value cannot be rated, so the officer's ${row.publishedStatus} is kept; check it by hand.`,
          statusCellOf(row)
        );
      } else if (rating.status !== "NA" && rating.status !== row.publishedStatus) {
        flag(
          row,
          "published-status",
          "warning",
          `Published ${row.publishedStatus}, but the rule gives ${rating.status} (${explanationBody(row.explanation)}).`,
          statusCellOf(row)
        );
      }
    }
    if (row.publishedStatus && statusColumn !== undefined) {
      const statusText = t.grid.text(row.sheetRow - 1, statusColumn);
      if (statusText && !PLAIN_STATUS_SPELLINGS.has(statusText.toLowerCase())) {
        flag(
          row,
          "status-spelling",
          "warning",
          `Status "${statusText}" was read as ${row.publishedStatus}; correct the spelling before publication.`,
          statusCellOf(row)
        );
      }
    }
    if (checkTrend) {
      trendCheck(
        row,
        "short",
        row.shortTrend,
        row.shortTrendSource,
        row.publishedShortTrend,
        shortColumn
      );
      trendCheck(
        row,
        "long",
        row.longTrend,
        row.longTrendSource,
        row.publishedLongTrend,
        longColumn
      );
    }
    if ((rating.reason === "no-target" || rating.reason === "zero-target") && checkTarget) {
      flag(
        row,
        "missing-target",
        "warning",
        rating.reason === "no-target"
          ? "No target on a rated row: add one, or mark the indicator not rated."
          : "Target is 0, so a relative tolerance cannot apply: set an absolute tolerance or a floor."
      );
    }
  }
}

/** A published trend the history contradicts (only where the trend was computed, and its column is known). */
function trendCheck(
  row: RowResult,
  which: "short" | "long",
  computed: Trend,
  source: TrendSource,
  published: Trend | null,
  column: number | undefined
): void {
  if (
    source === "computed" &&
    computed !== "NA" &&
    published &&
    published !== computed &&
    column !== undefined
  ) {
    flag(
      row,
      "published-trend",
      "warning",
      `Published ${which} trend ${published}, but the history gives ${computed}.`,
      cellAddress(row.sheetRow - 1, column)
    );
  }
}

/** Values that cannot be right: percentages outside 0–100%, a value that disagrees with its numerator and denominator, small counts. */
function valueChecks(t: RatedTable, settings: Settings): void {
  const roles = t.table.mapping.roles;
  const checkPercent = checkEnabled(settings, "percent-range");
  const checkWhole = checkEnabled(settings, "whole-count");
  const checkSuppression = checkEnabled(settings, "suppression");
  const checkRatio = checkEnabled(settings, "numerator-denominator");
  const threshold = settings.checks.suppressionThreshold;
  const wholeCount = (
    row: RowResult,
    part: string,
    cell: CellValue | null,
    role: "numerator" | "denominator"
  ): void => {
    if (cell?.kind === "number" && !Number.isInteger(cell.value))
      flag(
        row,
        "whole-count",
        "warning",
        `${part} ${formatNumber(cell)} is not a whole number of people or cases.`,
        cellAddress(row.sheetRow - 1, roles[role]!.column)
      );
  };
  for (const row of t.rows) {
    const value = row.detail.cellValue;
    if (
      value.kind === "number" &&
      value.percent &&
      (value.value < 0 || value.value > 1) &&
      checkPercent
    ) {
      flag(row, "percent-range", "error", `${formatNumber(value)} is outside 0–100%.`);
    }
    const { numerator, denominator } = row.detail;
    if (checkWhole) {
      // A percentage counts people in both parts; an average (1697 cases / 99.6 FTE
      // workers) divides by something that need not be whole, so only its numerator is a count.
      // Without a value (blank, or a formula saved without its result) it could be either.
      wholeCount(row, "Numerator", numerator, "numerator");
      if (value.kind === "number" && value.percent)
        wholeCount(row, "Denominator", denominator, "denominator");
    }
    if (numerator?.kind === "number" && checkSuppression) {
      const n = numerator.value;
      if (n >= 1 && n <= threshold && Number.isInteger(n)) {
        flag(
          row,
          "suppression",
          "warning",
          `Numerator ${n} is a count of 1 to ${threshold}; suppress it before publication.`,
          cellAddress(row.sheetRow - 1, roles.numerator!.column)
        );
      }
    }
    if (
      value.kind === "number" &&
      numerator?.kind === "number" &&
      denominator?.kind === "number" &&
      denominator.value !== 0 &&
      checkRatio
    ) {
      const ratio = numerator.value / denominator.value;
      if (!agreesWithRatio(value, ratio)) {
        const expected = value.percent
          ? show(value, ratio)
          : (
              Math.round(ratio * 10 ** Math.max(1, value.decimals)) /
              10 ** Math.max(1, value.decimals)
            ).toString();
        flag(
          row,
          "numerator-denominator",
          "error",
          `Value ${formatNumber(value)} disagrees with ${numerator.value} / ${denominator.value} = ${expected}.`
        );
      }
    }
  }
}

/** The value agrees with num/den at its displayed precision, directly or as a rate per 100 … 100,000. */
const PERCENT_SCALES: readonly number[] = [1];
const RATE_SCALES: readonly number[] = [1, 100, 1000, 10000, 100000];

function agreesWithRatio(value: NumberValue, ratio: number): boolean {
  const scales = value.percent ? PERCENT_SCALES : RATE_SCALES;
  const halfUnit = 0.5 * 10 ** -value.decimals * (value.percent ? 0.01 : 1);
  return scales.some(
    (scale) =>
      Math.abs(ratio * scale - value.value) <= halfUnit * 1.0000001 ||
      nearlyEqual(ratio * scale, value.value)
  );
}

function duplicateCodes(t: RatedTable, settings: Settings): void {
  if (t.table.layout === "long" || !checkEnabled(settings, "duplicate-code")) return;
  const seen = new Map<string, RowResult>();
  const codeColumn = t.table.mapping.roles.code?.column;
  if (codeColumn === undefined) return;
  for (const row of t.rows) {
    if (!row.code) continue;
    const key = codeKey(row.code);
    const first = seen.get(key);
    if (first)
      flag(
        row,
        "duplicate-code",
        "warning",
        `Code ${row.code} appears twice in this table (also row ${first.sheetRow}).`,
        cellAddress(row.sheetRow - 1, codeColumn)
      );
    else seen.set(key, row);
  }
}

/** A value more than `jumpFactor` times, or less than 1/`jumpFactor` of, the previous period's. */
function jumps(t: RatedTable, settings: Settings): void {
  if (!checkEnabled(settings, "jump")) return;
  const factor = settings.checks.jumpFactor;
  for (const row of t.rows) {
    const latest = row.detail.recentPoint(0)?.value;
    const previous = row.detail.recentPoint(1);
    if (!latest || latest.kind !== "number" || !previous || previous.value.kind !== "number")
      continue;
    const before = previous.value.value;
    const now = latest.value;
    if (before === 0 || now === 0 || Math.sign(before) !== Math.sign(now)) continue;
    const ratio = now / before;
    if (ratio > factor || ratio < 1 / factor) {
      const label =
        previous.period?.label && previous.period.label !== "latest"
          ? ` (${previous.period.label})`
          : "";
      flag(
        row,
        "jump",
        "warning",
        `${formatNumber(latest)} is ${ratio > 1 ? `${ratio.toFixed(1)} times` : `${(1 / ratio).toFixed(1)} times less than`} the previous period's ${formatNumber(previous.value as NumberValue)}${label}: check it before publication.`
      );
    }
  }
}

/** District tabs that disagree on the latest period or on which indicators they report. */
function districtConsistency(tables: readonly RatedTable[], settings: Settings): void {
  if (!checkEnabled(settings, "district-consistency")) return;
  const bySheet = new Map<string, RatedTable[]>();
  for (const t of tables) bySheet.set(t.sheet, [...(bySheet.get(t.sheet) ?? []), t]);
  if (bySheet.size < 2) return;
  // Each sheet's codes are read once: choosing the reference compares every sheet's.
  const codeSets = new Map<readonly RatedTable[], Set<string>>();
  const codesOf = (ts: readonly RatedTable[]): Set<string> => {
    let codes = codeSets.get(ts);
    if (codes === undefined) {
      codes = new Set<string>();
      for (const t of ts) for (const r of t.rows) codes.add(codeKey(r.code));
      codeSets.set(ts, codes);
    }
    return codes;
  };
  const latestOf = (ts: readonly RatedTable[]): string | undefined => {
    const periods = ts.flatMap((t) => t.table.mapping.periods);
    let best = periods[0];
    for (const p of periods) if (best && p.period.index > best.period.index) best = p;
    return best?.header;
  };
  const sheets = [...bySheet.entries()];
  const [referenceName, referenceTables] = sheets.reduce((a, b) =>
    codesOf(b[1]).size > codesOf(a[1]).size ? b : a
  );
  const referenceCodes = codesOf(referenceTables);
  const referenceLatest = latestOf(referenceTables);
  for (const [name, ts] of sheets) {
    if (name === referenceName) continue;
    const codes = codesOf(ts);
    const shared = [...codes].filter((c) => referenceCodes.has(c)).length;
    if (shared < Math.min(codes.size, referenceCodes.size) / 2) continue; // not a district tab of the same scorecard
    const missingCodes = [...referenceCodes].filter((c) => !codes.has(c));
    const firstRow = ts[0]?.rows[0];
    if (missingCodes.length > 0 && firstRow) {
      flag(
        firstRow,
        "district-indicators",
        "warning",
        `Sheet "${name}" does not report ${missingCodes.slice(0, 5).join(", ")}${missingCodes.length > 5 ? ` and ${missingCodes.length - 5} more` : ""}, which "${referenceName}" does.`,
        cellAddress(ts[0]!.table.range.top, ts[0]!.table.range.left)
      );
    }
    const latest = latestOf(ts);
    if (latest && referenceLatest && latest !== referenceLatest && firstRow) {
      flag(
        firstRow,
        "district-period",
        "warning",
        `Sheet "${name}" runs to ${latest}, but "${referenceName}" runs to ${referenceLatest}.`,
        cellAddress(ts[0]!.table.range.top, ts[0]!.table.range.left)
      );
    }
  }
}

/**
 * Every pre-publication check, adding flags to rows. Each flag is one sentence
 * with its numbers, naming the cell it is about.
 */
export function runChecks(tables: readonly RatedTable[], settings: Settings): TableNote[] {
  const notes: TableNote[] = [];
  for (const t of tables) {
    publishedChecks(t, settings);
    valueChecks(t, settings);
    duplicateCodes(t, settings);
    jumps(t, settings);
    spcChecks(t, settings, notes);
    benchmarkChecks(t, settings);
  }
  districtConsistency(tables, settings);
  districtChecks(tables, settings, notes);
  return notes;
}
