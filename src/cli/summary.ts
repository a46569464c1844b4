import { STATUSES } from "../engine/status";
import type { RunResult, TableResult } from "../workbook/run";

/** Rows with a finding worth a note (a warning or an error, not just information). */
export function flaggedRows(table: TableResult): number {
  return table.rows.filter((row) => row.flags.some((flag) => flag.severity !== "info")).length;
}

/**
 * One workbook in a line, for the end of a batch: its indicators, their RAG
 * counts over every table, and how many rows are flagged.
 */
export function workbookLine(result: RunResult): string {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<
    (typeof STATUSES)[number],
    number
  >;
  let rows = 0;
  let flagged = 0;
  for (const sheet of result.sheets)
    for (const table of sheet.tables) {
      rows += table.rows.length;
      flagged += flaggedRows(table);
      for (const status of STATUSES) counts[status] += table.counts[status];
    }
  const shown = STATUSES.filter((status) => counts[status] > 0 || status !== "Not rated")
    .map((status) => `${status} ${counts[status]}`)
    .join(" · ");
  return `${plural(rows, "indicator")}: ${shown}; ${plural(flagged, "row")} flagged`;
}

function countsLine(table: TableResult): string {
  return STATUSES.filter((status) => table.counts[status] > 0 || status !== "Not rated")
    .map((status) => `${status} ${table.counts[status]}`)
    .join(" · ");
}

/** At most this many findings are listed per table; the rest are in the notes and `--json`. */
export const MAX_FINDINGS = 12;

/** One line per warning or error, `      SCS01 (H10): Published Amber, but …`, then how many more. */
function findingLines(table: TableResult): string[] {
  const findings = table.rows.flatMap((row) =>
    row.flags
      .filter((flag) => flag.severity !== "info")
      .map((flag) => `      ${row.code} (${flag.cell}): ${flag.message}`)
  );
  const shown = findings.slice(0, MAX_FINDINGS);
  if (findings.length > shown.length)
    shown.push(`      … and ${findings.length - shown.length} more (see --json)`);
  return shown;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export interface SummaryInput {
  readonly result: RunResult;
  readonly input: string;
  /** The file written, or null when none was (dry run). */
  readonly output: string | null;
  readonly clear: boolean;
  /** The Findings sheet written (with --findings). */
  readonly findingsSheet?: string;
  /** The Summary sheet written (with --summary). */
  readonly summarySheet?: string;
  /** The Overview sheet written (with --overview). */
  readonly overviewSheet?: string;
}

/**
 * The readable report printed without `--json`: per sheet and table, the
 * status counts, the narrative an officer would write, how many rows were
 * flagged; then the run's messages and where the output went.
 */
export function formatSummary({
  result,
  input,
  output,
  clear,
  findingsSheet,
  summarySheet,
  overviewSheet,
}: SummaryInput): string {
  const lines: string[] = [];
  if (clear) {
    const cleared = result.plan.sheets.map((s) => s.sheet);
    lines.push(
      cleared.length > 0
        ? `Removed Scorecard RAG's columns, colours and notes from ${cleared.map((s) => `"${s}"`).join(", ")}.`
        : `Nothing to clear: ${input} has no ratings from Scorecard RAG.`
    );
  } else {
    let tables = 0;
    let rows = 0;
    for (const sheet of result.sheets) {
      lines.push(`${sheet.name}`);
      if (sheet.tables.length === 0)
        lines.push(`  ${sheet.problem ?? "No indicator table found."}`);
      for (const table of sheet.tables) {
        tables++;
        rows += table.rows.length;
        const title = table.title ? ` "${table.title}"` : "";
        lines.push(
          `  Table ${table.address}${title}: ${plural(table.rows.length, "indicator")} (${table.layout}, ${table.confidence} confidence)`
        );
        lines.push(`    ${countsLine(table)}`);
        for (const line of table.narrative) lines.push(`    ${line}`);
        const flagged = flaggedRows(table);
        if (flagged > 0) {
          lines.push(
            `    ${plural(flagged, "row")} flagged for checking (see the notes on the value cells):`
          );
          lines.push(...findingLines(table));
        }
        for (const note of table.notes) lines.push(`    Note: ${note}`);
      }
      lines.push("");
    }
    lines.push(
      `Rated ${plural(rows, "indicator")} in ${plural(tables, "table")} on ${plural(result.sheets.length, "sheet")}.`
    );
  }
  const messages = result.warnings.filter((w) => w.severity !== "error");
  if (messages.length > 0) {
    lines.push("", "Messages:");
    for (const m of messages) {
      const where = [m.sheet, m.cell].filter(Boolean).join("!");
      lines.push(`  ${m.severity}: ${where ? `${where}: ` : ""}${m.message}`);
    }
  }
  lines.push("", output ? `Written to ${output}` : "Dry run: no file written.");
  if (output && findingsSheet)
    lines.push(`Every flag is listed, with a link to its cell, on the "${findingsSheet}" sheet.`);
  if (output && summarySheet)
    lines.push(
      `Every indicator is summarised, one row each with a link to its value, on the "${summarySheet}" sheet (prints on A4 landscape).`
    );
  if (output && overviewSheet)
    lines.push(
      `Every indicator's RAG on every tab, marked where a district is an outlier, is on the "${overviewSheet}" sheet (prints on A4 landscape).`
    );
  return `${lines.join("\n")}\n`;
}
