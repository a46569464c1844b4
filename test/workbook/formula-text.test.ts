/**
 * User text the tool copies into a cell never becomes a formula: OWASP's CSV
 * injection rule (a `'` before `=`, `+`, `-`, `@`, tab, CR, LF), and the
 * Findings rows both hosts write from it.
 */
import { describe, expect, it } from "vitest";
import { FINDINGS_HEADER, findingsLink, findingsRows } from "../../src/workbook/findings";
import { FORMULA_TRIGGER, neutraliseFormulaText } from "../../src/workbook/formula-text";
import { runWorkbook } from "../../src/workbook/run";
import { sheet, workbook } from "./build";

describe("neutraliseFormulaText", () => {
  it.each([
    ["=", "=1", "'=1"],
    ["=", '=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ["+", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-", "-2+3", "'-2+3"],
    ["@", "@SUM(1+1)", "'@SUM(1+1)"],
    ["tab (0x09)", "\t=1", "'\t=1"],
    ["carriage return (0x0D)", "\r=1", "'\r=1"],
    ["line feed (0x0A)", "\n=1", "'\n=1"],
  ])("puts a quote before a text starting with %s", (_prefix, text, safe) => {
    expect(neutraliseFormulaText(text)).toBe(safe);
    expect(FORMULA_TRIGGER.test(neutraliseFormulaText(text))).toBe(false);
  });

  it("quotes a text code that looks like a negative number: it is text the user typed", () => {
    expect(neutraliseFormulaText("-1")).toBe("'-1");
    expect(neutraliseFormulaText("-0.3%")).toBe("'-0.3%");
  });

  it.each([
    "SCS01",
    "ILAC7(N)",
    "SCS-01",
    "a=b",
    "Children seen within 7 days",
    "Published Green, but the rule gives Red (37.5% below target 0.8, tolerance 5%).",
    " =1",
    "'=1",
    "007",
    "1.2",
    "",
    "＝1",
  ])("leaves %j unchanged", (text) => {
    expect(neutraliseFormulaText(text)).toBe(text);
  });

  it("is idempotent", () => {
    for (const text of ["=1", "-5", "@x", "\tx", "plain"])
      expect(neutraliseFormulaText(neutraliseFormulaText(text))).toBe(neutraliseFormulaText(text));
  });
});

describe("findingsLink", () => {
  it("links to the cell, quoting the sheet name as a reference", () => {
    expect(findingsLink("Kent", "D9")).toBe('=HYPERLINK("#Kent!D9","D9")');
    expect(findingsLink("People Q2 22-23", "F4")).toBe(
      '=HYPERLINK("#\'People Q2 22-23\'!F4","F4")'
    );
    expect(findingsLink("Q2 '22", "F4")).toBe("=HYPERLINK(\"#'Q2 ''22'!F4\",\"F4\")");
  });

  it("doubles every quote in a sheet name so it cannot end the string and add to the formula", () => {
    const formula = findingsLink('x","y")&cmd|"/C calc"!A0&("', "B2");
    expect(formula).toBe('=HYPERLINK("#\'x"",""y"")&cmd|""/C calc""!A0&(""\'!B2","B2")');
    // Two formula strings and nothing else: with `""` taken as one character, no quote is left over.
    const args = /^=HYPERLINK\(("(?:[^"]|"")*"),("(?:[^"]|"")*")\)$/.exec(formula);
    expect(args).not.toBeNull();
  });
});

describe("findingsRows", () => {
  const codes = ["=1", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "-1", "SCS01"];
  const result = runWorkbook(
    workbook(
      sheet("=Q2", [
        ["PI code", "Indicator", "Polarity", "Target", "Value", "RAG"],
        ...codes.map((code, i) => [code, `Indicator ${i}`, "H", 0.8, 0.5, "Green"]),
      ])
    )
  );
  const rows = findingsRows(result);

  it("writes each malicious code, and the sheet name, with a leading quote", () => {
    expect(rows[0]).toEqual([...FINDINGS_HEADER]);
    const body = rows.slice(1);
    expect(body.map((row) => row[2])).toEqual([
      "'=1",
      "'+cmd|' /C calc'!A0",
      "'@SUM(1+1)",
      "'-2+3",
      "'-1",
      "SCS01",
    ]);
    expect(body.every((row) => row[0] === "'=Q2")).toBe(true);
  });

  it("has no formula but the link in column B, and the link targets the real sheet name", () => {
    for (const row of rows.slice(1)) {
      row.forEach((cell, c) => {
        if (c === 1) expect(cell).toMatch(/^=HYPERLINK\("#'=Q2'!F\d+","F\d+"\)$/);
        else
          expect(typeof cell === "string" && FORMULA_TRIGGER.test(cell), String(cell)).toBe(false);
      });
    }
  });
});
