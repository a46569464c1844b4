/**
 * Text copied from a user's sheet into a cell the tool writes (the Findings
 * sheet's sheet names, codes and messages) must never be taken for a formula,
 * in the workbook or in a CSV exported from it.
 *
 * The rule, after OWASP's CSV Injection guidance
 * (https://owasp.org/www-community/attacks/CSV_Injection): a text that begins
 * with one of these characters gets a single quote (`'`) in front of it, as
 * part of its content, so it shows that it is text and stays text when the
 * sheet is saved as CSV and opened again:
 *
 * - `=` equals, `+` plus, `-` minus, `@` at;
 * - tab (0x09), carriage return (0x0D) and line feed (0x0A).
 *
 * Everything else is returned unchanged: ordinary text, and text that merely
 * contains those characters later on (`SCS-01`, `a=b`). OWASP lists no
 * full-width variants (`＝`, `＋`, `－`, `＠`), so they are left as they are.
 *
 * Only text is neutralised: numbers the tool writes as numbers (`-5`, `-0.3%`
 * stored as -0.003) never pass through here and stay numbers. A code that is
 * text and looks like a negative number (`-1`) is still text the user typed:
 * it gets the quote too (`'-1`), so a code column holds one kind of value and
 * `-1`, `-2+3` and `-A1` are treated alike. The function is idempotent: a text
 * already beginning with `'` is left alone.
 *
 * @example neutraliseFormulaText("=1") // "'=1"
 * @example neutraliseFormulaText("+cmd|' /C calc'!A0") // "'+cmd|' /C calc'!A0"
 * @example neutraliseFormulaText("-1") // "'-1"
 * @example neutraliseFormulaText("SCS-01") // "SCS-01"
 */
export function neutraliseFormulaText(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** The first characters a spreadsheet may read as the start of a formula (OWASP's list). */
export const FORMULA_TRIGGER = /^[=+\-@\t\r\n]/;
