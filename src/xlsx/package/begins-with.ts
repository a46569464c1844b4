import { cellAddress, type CellRange } from "../../workbook/address";

/**
 * The formula of a "text begins with" rule, anchored at the range's top-left
 * cell: `LEFT(I9,LEN("Green"))="Green"`. An `expression` rule renders the same
 * in Excel and LibreOffice (ExcelJS writes its own `beginsWith` rule without
 * the formula, which LibreOffice then applies to every cell).
 */
export function beginsWithFormula(range: CellRange, text: string): string {
  const quoted = `"${text.replace(/"/g, '""')}"`;
  return `LEFT(${cellAddress(range.top, range.left)},LEN(${quoted}))=${quoted}`;
}

/** `LEFT(I9,LEN("Green"))="Green"`: the anchor cell and the quoted text (both quotes the same). */
export const BEGINS_WITH = /^LEFT\((\$?[A-Z]{1,3}\$?\d+),LEN\(("(?:[^"]|"")*")\)\)=\2$/;
