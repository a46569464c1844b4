import type { Status, Trend } from "../../src/engine";
import type { SingleRole } from "../../src/workbook/detect";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";

/**
 * What detection must find in one table. Rows are 1-based, as Excel numbers
 * them; columns are letters. Only the keys given are checked.
 */
export interface ExpectedTable {
  /** The table's range, header rows included: `A8:H14`. */
  readonly address: string;
  readonly headerRows: readonly number[];
  readonly layout: "wide" | "long";
  readonly source: "scan" | "list-object";
  readonly listObject?: string;
  readonly title?: string;
  /** Role → column letter; `null` when the role must not be mapped. */
  readonly mapping: Readonly<Partial<Record<SingleRole, string | null>>>;
  /** Benchmark columns (England, statistical neighbours…), by letter. */
  readonly benchmarks?: readonly string[];
  /** Role → a substring of why that column was chosen. */
  readonly reasons?: Readonly<Partial<Record<SingleRole, string>>>;
  /** The history (period) columns' headers, oldest first. */
  readonly periods?: readonly string[];
  /** Every indicator row, exactly. */
  readonly indicatorRows?: readonly number[];
  /** How many indicator rows, when listing them would not help. */
  readonly indicatorCount?: number;
  /** Section rows and their headings. */
  readonly sectionRows?: Readonly<Record<number, string>>;
  readonly repeatedHeaderRows?: readonly number[];
  /** Indicator rows → the section they sit under. */
  readonly rowSections?: Readonly<Record<number, string>>;
  readonly confidence?: "high" | "medium" | "low";
}

/** A sheet has tables, or explains why it has none. */
export type ExpectedSheet =
  { readonly tables: readonly ExpectedTable[] } | { readonly problem: string };

/** One rated row of the whole run (runWorkbook), found by sheet, code and (long tables) period. */
export interface ExpectedRow {
  readonly sheet: string;
  readonly code: string;
  readonly period?: string;
  /** The 1-based sheet row, when the code is not unique on its sheet. */
  readonly sheetRow?: number;
  readonly status?: Status;
  readonly statusReason?: string;
  readonly value?: number | null;
  readonly target?: number | null;
  readonly shortTrend?: Trend;
  readonly longTrend?: Trend;
  readonly section?: string | null;
  /** The rule's target range, e.g. read from the commentary. */
  readonly lower?: number;
  readonly upper?: number;
  /** The Variation, Assurance and Benchmark columns' words (docs/making-data-count.md). */
  readonly variation?: string;
  readonly assurance?: string;
  readonly benchmarks?: readonly string[];
}

export interface Expected {
  /** Every sheet of the workbook, by name. */
  readonly sheets: Readonly<Record<string, ExpectedSheet>>;
  readonly rows?: readonly ExpectedRow[];
  /** Every row that has a published status gets the same status from the rules. */
  readonly statusesMatchPublished?: boolean;
  /** Substrings of run warnings that must appear. */
  readonly warnings?: readonly string[];
  /** Substrings no run warning may contain. */
  readonly absentWarnings?: readonly string[];
}

/** One corpus file: a layout seen in real council workbooks, and what detection must make of it. */
export interface Layout {
  readonly name: string;
  readonly description: string;
  /** A snapshot built with ./grid, or the path of an .xlsx file read through ExcelJS. */
  readonly workbook: WorkbookSnapshot | string;
  readonly expected: Expected;
  /**
   * A known bug outside detection that makes the detection check fail: the check
   * runs as `it.fails`, so it turns red (remove this) once the bug is fixed.
   */
  readonly knownIssue?: string;
}
