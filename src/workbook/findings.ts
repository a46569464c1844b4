import { qualified } from "./address";
import { neutraliseFormulaText } from "./formula-text";
import type { RunResult } from "./result";
import type { SheetSnapshot } from "./snapshot";

/** The Findings sheet's header row: how the add-in and the CLI know a Findings sheet is theirs. */
export const FINDINGS_HEADER: readonly string[] = [
  "Sheet",
  "Cell",
  "Code",
  "Kind",
  "Severity",
  "Finding",
];

/** Whether a sheet's first row is the header this tool writes, so the sheet is its own. */
export function isFindingsHeader(firstRow: readonly unknown[]): boolean {
  return (
    FINDINGS_HEADER.every((text, i) => firstRow[i] === text) &&
    firstRow.slice(FINDINGS_HEADER.length).every((v) => v === null || v === undefined || v === "")
  );
}

/** A sheet's name and first row: all it takes to tell whether it is the tool's Findings (or Summary) sheet. */
export interface SheetHead {
  readonly name: string;
  readonly firstRow: readonly unknown[];
}

/**
 * How much of a sheet's first row a port reads for its head (A1 to Z1): the
 * widest header the tool writes (the Summary sheet's 12 columns) and the cells
 * past it, which must be empty for the sheet to be the tool's.
 */
export const SHEET_HEAD_WIDTH = 26;

/** The name of the sheet the tool lists its findings on (`Findings 2`… when a user's sheet has it). */
export const FINDINGS_SHEET = "Findings";

/** Only a sheet called "Findings" or "Findings 2"… can be the tool's. */
export const FINDINGS_SHEET_NAME = new RegExp(`^${FINDINGS_SHEET}( \\d+)?$`);

/** Whether the tool wrote this sheet: a Findings name and the tool's header row. */
export function isOwnFindingsSheet(sheet: SheetHead): boolean {
  return FINDINGS_SHEET_NAME.test(sheet.name) && isFindingsHeader(sheet.firstRow);
}

/** A snapshot sheet's first row (row 1 of the sheet), or none when its used range starts lower. */
export function snapshotHead(sheet: SheetSnapshot): SheetHead {
  const firstRow =
    sheet.origin.row === 0 && sheet.origin.column === 0 ? (sheet.values[0] ?? []) : [];
  return { name: sheet.name, firstRow };
}

/**
 * Where the Findings go: the tool's own Findings sheet when there is one (it is
 * replaced), otherwise the first free name of "Findings", "Findings 2" … so a
 * user's own sheet called Findings is never touched.
 */
export function findingsTarget(sheets: readonly SheetHead[]): OwnSheetTarget {
  return ownSheetTarget(sheets, FINDINGS_SHEET, isOwnFindingsSheet);
}

/** Where one of the tool's own sheets goes, and whether it is there already (to be replaced). */
export interface OwnSheetTarget {
  readonly name: string;
  readonly exists: boolean;
}

/**
 * The tool's own sheet (`isOwn`) when there is one, otherwise the first free
 * name of `base`, `base 2` …, so a user's sheet of that name is never touched.
 */
export function ownSheetTarget(
  sheets: readonly SheetHead[],
  base: string,
  isOwn: (sheet: SheetHead) => boolean
): OwnSheetTarget {
  const own = sheets.find(isOwn);
  if (own) return { name: own.name, exists: true };
  const taken = new Set(sheets.map((s) => s.name.toLowerCase()));
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  return { name, exists: false };
}

/** A text as a string in an Excel formula: in double quotes, each `"` doubled, so it cannot end early. */
export function formulaString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The Cell column's link to a flagged cell, the one formula on the Findings
 * sheet. The sheet name (user text) is quoted as a reference (`'Q2 ''22'`) and
 * the whole target, like the shown text, is a formula string with its `"`
 * doubled, so no sheet name can end the string and add to the formula.
 *
 * @example findingsLink('Q2 "B"', "D9") // =HYPERLINK("#'Q2 ""B""'!D9","D9")
 */
export function findingsLink(sheet: string, cell: string): string {
  const target = formulaString(`#${qualified(sheet, cell)}`);
  return `=HYPERLINK(${target},${formulaString(neutraliseFormulaText(cell))})`;
}

/**
 * The Findings sheet: one row per flag, with a link to its cell, for the
 * analyst's sign-off. The link (column B) is the only formula; every other
 * cell is text, and text from the user's sheets (the sheet name, the code,
 * a message that quotes them) goes through neutraliseFormulaText, so a code
 * such as `=1` or `@SUM(1+1)` reads `'=1`, `'@SUM(1+1)` on both hosts.
 */
export function findingsRows(result: RunResult): (string | number)[][] {
  const rows: (string | number)[][] = [[...FINDINGS_HEADER]];
  for (const sheet of result.sheets) {
    for (const table of sheet.tables) {
      for (const row of table.rows) {
        for (const flag of row.flags) {
          rows.push([
            neutraliseFormulaText(sheet.name),
            findingsLink(sheet.name, flag.cell),
            neutraliseFormulaText(row.code),
            neutraliseFormulaText(flag.kind),
            neutraliseFormulaText(flag.severity),
            neutraliseFormulaText(flag.message),
          ]);
        }
      }
    }
  }
  return rows;
}

/** `=HYPERLINK("#'Kent'!D9","D9")` → `D9`: what a Findings (or Summary) link shows, for hosts that store a cached result. */
export function findingsLinkText(formula: string): string | undefined {
  const link = /^=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)$/.exec(formula);
  return link ? link[1]!.replace(/""/g, '"') : undefined;
}
