import { describe, expect, it } from "vitest";
import { parseRulesTable, rulesSheetRows } from "../../src/workbook/rules-table";

describe("the Rules sheet the add-in creates", () => {
  it("reads back as a rules table once the officer fills a row in", () => {
    const rows = rulesSheetRows(["EH43", "SCS08"]);
    const header = rows[0]!;
    rows[2]![header.indexOf("polarity")] = "Lower is better";
    rows[2]![header.indexOf("target")] = "20%";
    rows[2]![header.indexOf("amber")] = "no";
    const table = parseRulesTable(rows);
    expect(table.problems).toEqual([]);
    expect(table.byCode.get("SCS08")).toMatchObject({
      polarity: "minimise",
      target: 0.2,
      amber: false,
    });
  });
});
