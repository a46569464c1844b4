import { describe, expect, it } from "vitest";
import { learnRules } from "../../src/workbook/learn-rules";
import { periodRatings } from "../../src/workbook/period-ratings";
import { runWorkbook } from "../../src/workbook/run";
import { sheet, workbook } from "../corpus/grid";

/** This year's and last year's RAG/Target pairs (brief §2b scorecards print both). */
const snapshot = workbook(
  sheet(
    "Dover",
    [
      ["Directorate Scorecard: Dover"],
      [
        "PI code",
        "Indicator",
        "Polarity",
        "Target 2021-22",
        "2021-22",
        "RAG 2021-22",
        "Target 2022-23",
        "2022-23",
        "RAG 2022-23",
      ],
      ["SCS19", "Assessments within 45 days", "H", 0.85, 0.78, "Amber", 0.9, 0.74, "Red"],
      ["SCS05", "Average caseload", "L", 18, 19.5, "Amber", 18, 17, "Green"],
      ["EH52", "Early Help closed with outcomes", "H", 0.8, 0.6, "Red", 0.8, 0.82, "Green"],
    ],
    { formats: { "D3:I3": "0.0%", "D5:I5": "0.0%" } }
  )
);

describe("ratings of earlier periods beside the latest", () => {
  it("reads last year's RAG against last year's value and target, and leaves out the table's own status column", () => {
    const run = runWorkbook(snapshot);
    const table = run.sheets[0]!.tables[0]!;
    // The later year's columns are rated (before, the first "Target …" and "RAG …" were taken).
    expect(table.mapping.status?.column).toBe("I");
    expect(table.mapping.target?.column).toBe("G");
    expect(table.mapping.value?.column).toBe("H");
    expect(table.rows.map((r) => r.status)).toEqual(["Red", "Green", "Green"]);
    const ratings = periodRatings(run, snapshot);
    expect(
      ratings.map((r) => [r.key, r.rating.value, r.rating.target, r.rating.status, r.rating.where])
    ).toEqual([
      ["SCS19", 0.78, 0.85, "Amber", "Dover!F3"],
      ["SCS05", 19.5, 18, "Amber", "Dover!F4"],
      ["EH52", 0.6, 0.8, "Red", "Dover!F5"],
    ]);
  });

  it("learning counts them: two ratings of each code, this year's and last year's", () => {
    const learned = learnRules(runWorkbook(snapshot), snapshot);
    expect(learned.ratings).toBe(6);
    const scs19 = learned.indicators.find((i) => i.code === "SCS19")!;
    expect(scs19.learned.counts).toEqual({ Green: 0, Amber: 1, Red: 1 });
  });
});
