/**
 * Shared set-up for the fake's own tests, also exported from index.ts for the add-in's tests: `SCORECARD` (a small
 * workbook with a table, merge, hidden row and column, note and conditional format), `setup(spec?, options?)` (a
 * fake Office over a new workbook built from the spec) and `run(fake, batch)` (one `Excel.run` batch).
 */

import type { FakeOfficeOptions } from "./client";
import { createFakeWorkbook, type FakeWorkbookSpec } from "./model";
import { createFakeOffice, type FakeOffice } from "./office";

export const SCORECARD: FakeWorkbookSpec = {
  sheets: [
    {
      name: "People Q2",
      rows: [
        ["Scorecard", null, null, null],
        [null, null, null, null],
        ["Indicator", "Target", "Actual", "Ratio"],
        ["Sickness days", 8, 9.5, 1.1875],
        ["Turnover", 0.1, 0.12, "#DIV/0!"],
        ["Vacancies", 20, 18, 0.9],
      ],
      numberFormats: { "D4:D6": "0.0%", B5: "0%" },
      formulas: { D4: "=C4/B4", D5: "=C5/B5", D6: "=C6/B6" },
      merged: ["A1:D1"],
      hiddenRows: [2],
      hiddenColumns: ["F"],
      tables: [{ name: "Kpis", address: "A3:D6" }],
      notes: { C4: "Includes long-term sickness" },
      conditionalFormats: [
        {
          address: "D4:D6",
          type: "ContainsText",
          rule: { operator: "Contains", text: "Red" },
          format: { fillColor: "#FF0000" },
        },
      ],
    },
    { name: "Notes", rows: [["See 'People Q2'"], ["=D4"]], formulas: { A3: "='People Q2'!D4*2" } },
  ],
  settings: { version: 1, mapping: { sheet: "People Q2" } },
};

export function setup(
  spec: FakeWorkbookSpec = SCORECARD,
  options?: FakeOfficeOptions
): FakeOffice & { Excel: typeof Excel } {
  return createFakeOffice(createFakeWorkbook(spec), options);
}

/** Runs one batch and returns what it returns. */
export function run<T>(
  fake: FakeOffice,
  batch: (context: Excel.RequestContext) => Promise<T>
): Promise<T> {
  return fake.Excel.run(batch);
}
