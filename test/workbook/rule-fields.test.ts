import { describe, expect, it } from "vitest";
import type { ResolvedRule, RuleField } from "../../src/engine/rules";
import { parseRuleField, parseRulesTable } from "../../src/workbook/rules-table";
import { runWorkbook } from "../../src/workbook/run";
import type { CellScalar, SheetSnapshot } from "../../src/workbook/snapshot";
import { sheet, workbook } from "./build";

/*
 * A rule field reads the same in an indicator row's own column and in the
 * Rules sheet (or a rules CSV): one parser per field, one set of yes/no words.
 */

const FIELDS = ["polarity", "target", "tolerance", "amber", "rated"] as const;

/** Per code, the texts of its rule, as typed in a row's cells or in the Rules sheet. */
const RULES: readonly (readonly [string, ...CellScalar[]])[] = [
  ["R1", "Lower is better", "20%", "2pp", "off", "on"],
  ["R2", "Maximise", 75, "5%", "No RAG", "yes"],
  ["R3", "T", "0.5", "3 units", "Y", "1"],
  ["R4", "Aim to: higher", 10, "", "0", "not rated"],
  ["R5", "Goldilocks", "40%", "10%", "true", "Off"],
];

const VALUES: Record<string, number> = { R1: 0.18, R2: 80, R3: 0.5, R4: 9, R5: 0.41 };

/** The rule fields each code's row was rated with, and where each came from. */
function ratedRules(sheets: SheetSnapshot[]) {
  const result = runWorkbook(workbook(...sheets));
  const rows = result.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows));
  return new Map(
    rows.map((row) => [
      row.code,
      {
        fields: Object.fromEntries(FIELDS.map((f) => [f, row.detail.rule[f]])),
        sources: FIELDS.map((f) => (row.detail.rule as ResolvedRule).sources[f]),
      },
    ])
  );
}

describe("a rule field read from a row and from the Rules sheet", () => {
  it("gives the same field for the same text", () => {
    const header = ["Ref", "Indicator", "Polarity", "Target", "Tolerance", "Amber", "Rated"];
    const fromRows = ratedRules([
      sheet("Scorecard", [
        [...header, "Value"],
        ...RULES.map(([code, ...cells]) => [code, `Indicator ${code}`, ...cells, VALUES[code]!]),
      ]),
    ]);
    const fromRulesSheet = ratedRules([
      sheet("Scorecard", [
        ["Ref", "Indicator", "Value"],
        ...RULES.map(([code]) => [code, `Indicator ${code}`, VALUES[code]!]),
      ]),
      sheet("Rules", [
        ["code", "polarity", "target", "tolerance", "amber", "rated"],
        ...RULES.map((rule) => [...rule]),
      ]),
    ]);
    expect([...fromRows.keys()]).toEqual(RULES.map(([code]) => code));
    for (const [code] of RULES) {
      const row = fromRows.get(code)!;
      const rules = fromRulesSheet.get(code)!;
      expect(rules.fields, code).toEqual(row.fields);
      // Each field set by a text came from the row in one run and from the Rules sheet in the other.
      FIELDS.forEach((field, i) => {
        const text = RULES.find(([c]) => c === code)![i + 1];
        if (text === "") return;
        expect(row.sources[i], `${code} ${field}`).toBe("row");
        expect(rules.sources[i], `${code} ${field}`).toBe("rules");
      });
    }
    expect(fromRows.get("R1")!.fields).toMatchObject({
      polarity: "minimise",
      target: 0.2,
      tolerance: { kind: "absolute", amount: 0.02 },
      amber: false,
      rated: true,
    });
    expect(fromRows.get("R2")!.fields).toMatchObject({ amber: false, rated: true });
    expect(fromRows.get("R4")!.fields).toMatchObject({ amber: false, rated: false });
  });

  it("reads the yes/no words of both as one set", () => {
    const yes = ["y", "Yes", "TRUE", "1", "on"];
    const no = ["n", "No", "false", "0", "OFF", "no rag", "Not rated"];
    for (const field of ["amber", "rated"] satisfies RuleField[]) {
      for (const text of yes) expect(parseRuleField(field, text), text).toBe(true);
      for (const text of no) expect(parseRuleField(field, text), text).toBe(false);
      expect(parseRuleField(field, "maybe")).toBeUndefined();
      expect(parseRuleField(field, "")).toBeUndefined();
    }
    const table = parseRulesTable([
      ["code", "amber", "rated"],
      ["A", "no rag", "on"],
      ["B", "maybe", "off"],
    ]);
    expect(table.byCode.get("A")).toEqual({ amber: false, rated: true });
    expect(table.byCode.get("B")).toEqual({ rated: false });
    expect(table.problems).toEqual([
      { line: 3, message: 'B: amber (yes/no) "maybe" is not valid' },
    ]);
  });
});
