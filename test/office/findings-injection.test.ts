/**
 * The Findings sheet through the Office adapter, with codes and a sheet name
 * a spreadsheet would evaluate: in the strict fake (which, like Excel, turns
 * "=…" written through `formulas` into a formula, and "+…"/"-…" written
 * through `values` into one unless the cell is formatted as text) each such
 * cell holds text beginning with `'`, and only the Cell column holds formulas.
 */
import { describe, expect, it } from "vitest";
import { snapshotModel, type FakeSheetSnapshot } from "../fake-excel";
import { installExcelGlobals, rate, session } from "./harness";

installExcelGlobals();

/** A sheet name made to break out of the link's formula string if its quotes were not doubled. */
const SHEET = '=Q2 "x"),cmd("';

const CODES: readonly (readonly [code: string, shown: string])[] = [
  ["=1", "'=1"],
  ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
  ["@SUM(1+1)", "'@SUM(1+1)"],
  ["-2+3", "'-2+3"],
  ["-1", "'-1"],
  ["007", "007"],
  ["SCS01", "SCS01"],
];

function cellsOf(sheet: FakeSheetSnapshot, row: number): FakeSheetSnapshot["cells"][string][] {
  return ["A", "B", "C", "D", "E", "F"].map((letter) => sheet.cells[`${letter}${row}`]!);
}

describe("Findings sheet with hostile codes (Office adapter)", () => {
  it("holds each code and sheet name as text beginning with a quote, and only links as formulas", async () => {
    const { fake, actions } = session({
      sheets: [
        {
          name: SHEET,
          rows: [
            ["PI code", "Indicator", "Polarity", "Target", "Value", "RAG"],
            ...CODES.map(([code], i) => [code, `Indicator ${i + 1}`, "H", 0.8, 0.5, "Green"]),
          ],
        },
      ],
    });
    const result = await rate(actions);
    expect(
      result.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows.map((r) => r.code)))
    ).toEqual(CODES.map(([code]) => code));
    await actions.createFindingsSheet(result);
    const findings = snapshotModel(fake.model).sheets["Findings"]!;

    CODES.forEach(([, shown], i) => {
      const [a, b, ...text] = cellsOf(findings, i + 2);
      for (const cell of [a!, ...text]) {
        expect(cell.formula, JSON.stringify(cell)).toBeUndefined();
        expect(typeof cell.value, JSON.stringify(cell)).toBe("string");
        expect(String(cell.value)).not.toMatch(/^[=+\-@\t\r\n]/);
        expect(cell.numberFormat).toBe("@");
      }
      expect(a!.value).toBe(`'${SHEET}`);
      expect(text[0]!.value).toBe(shown);
      // The link still goes to the flagged RAG cell: the sheet name quoted, its `"` doubled.
      expect(b!.formula).toBe(`=HYPERLINK("#'=Q2 ""x""),cmd(""'!F${i + 2}","F${i + 2}")`);
    });
    expect(
      Object.keys(findings.cells).filter((address) => findings.cells[address]!.formula)
    ).toEqual(CODES.map((_, i) => `B${i + 2}`));
  });
});
