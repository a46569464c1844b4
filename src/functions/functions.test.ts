import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../workbook/csv";
import { sharedFixturePath } from "../../test/fixtures";
import { RNORM_123_20 } from "../engine/stats/reference-data.fixture";
import {
  benchmarkComparison,
  ragExplanation,
  ragStatus,
  spcAssurance,
  spcVariation,
  trendCode,
  type FunctionResult,
} from "./functions";

describe("SCORECARDRAG.RAG on Medway's published Q2 2022/23 Council Plan figures", () => {
  const [header, ...lines] = parseCsv(
    readFileSync(sharedFixturePath("medway-q2-2022-23.csv"), "utf8")
  );
  const column = (name: string): number => header!.indexOf(name);
  const rows = lines
    .filter((line) => line.length === header!.length)
    .map((line) => ({
      code: line[column("code")]!,
      aim: line[column("aim")]!,
      value: line[column("value")]!,
      target: line[column("target")]!,
      lower: line[column("range_low")]!,
      upper: line[column("range_high")]!,
      status: line[column("status")]!,
    }));
  // Rows whose value is text (Redacted, NA …) carry a manual status the function cannot reproduce.
  const ratable = rows.filter((row) => /^[\d.,]+%?$/.test(row.value.trim()));

  it("has the published rows to compare with", () => {
    expect(ratable.length).toBeGreaterThanOrEqual(30);
  });

  it.each(ratable.map((row) => [row.code, row]))(
    "%s gets its published status from the cell text alone",
    (_code, row) => {
      const result = ragStatus(row.value, row.target, {
        polarity: row.aim,
        lower: row.lower,
        upper: row.upper,
      });
      expect(result).toEqual({ kind: "value", value: row.status });
    }
  );

  it("gives NA for a redacted value instead of guessing", () => {
    expect(ragStatus("Redacted", "85%", { polarity: "Maximise" })).toEqual({
      kind: "value",
      value: "NA",
    });
  });
});

describe("SCORECARDRAG.RAG arguments", () => {
  it("reads a tolerance below 1 as a fraction (a 10% cell) and 1 or more as a percentage", () => {
    // 80 against 85 is 5.9% short: Red at 5%, Amber at 10%.
    expect(ragStatus(80, 85)).toEqual({ kind: "value", value: "Red" });
    expect(ragStatus(80, 85, { tolerance: 0.1 })).toEqual({ kind: "value", value: "Amber" });
    expect(ragStatus(80, 85, { tolerance: 10 })).toEqual({ kind: "value", value: "Amber" });
    expect(ragStatus(80, 85, { tolerance: "6 units" })).toEqual({ kind: "value", value: "Amber" });
  });

  it("applies a floor standard and a minimise polarity", () => {
    expect(ragStatus(70, 85, { floor: 65 })).toEqual({ kind: "value", value: "Amber" });
    expect(ragStatus(60, 85, { floor: 65 })).toEqual({ kind: "value", value: "Red" });
    expect(ragStatus(17, 18, { polarity: "Lower is better" })).toEqual({
      kind: "value",
      value: "Green",
    });
  });

  it("returns a message naming the argument for input it cannot read", () => {
    expect(ragStatus(5, 5, { polarity: "sideways" })).toEqual({
      kind: "invalid",
      message: expect.stringContaining('polarity "sideways" is not recognised'),
    });
    expect(ragStatus(5, "soon")).toEqual({
      kind: "invalid",
      message: 'The target "soon" is not a number.',
    });
    expect(ragStatus(5, 5, { tolerance: "lots" })).toMatchObject({ kind: "invalid" });
  });
});

describe("SCORECARDRAG.EXPLAIN and TREND", () => {
  it("explains a rating in the Commentary column's words", () => {
    expect(ragExplanation(82, 85)).toEqual({
      kind: "value",
      value: "Amber: 3.5% below target 85, tolerance 5%.",
    });
  });

  it("gives the trend by polarity, Static when equal, NA when a value is missing", () => {
    expect(trendCode(18.9, 20.1, "Lower is better")).toEqual({ kind: "value", value: "IMP" });
    expect(trendCode(18.9, 20.1, "Higher is better")).toEqual({ kind: "value", value: "DET" });
    expect(trendCode(0.34299999999999997, 0.343)).toEqual({ kind: "value", value: "STATIC" });
    expect(trendCode(18.9, "N/A")).toEqual({ kind: "value", value: "NA" });
  });
});

/** The words a function returns; a message fails the test. */
function text(result: FunctionResult): string {
  if (result.kind !== "value") throw new Error(result.message);
  return result.value;
}

// NHSRplotthedots' test series, set.seed(123); rnorm(20) (../engine/stats/reference-data.fixture.ts):
// mean 0.1416238, process limits −3.0113796 to 3.2946272, no special cause.
const RNORM_ROW = [RNORM_123_20.slice()];
const RNORM_COLUMN = RNORM_123_20.map((v) => [v]);

describe("SCORECARDRAG.VARIATION", () => {
  it("reads NHSRplotthedots' test series as common cause, in a row or a column", () => {
    expect(spcVariation(RNORM_ROW, "H")).toEqual({ kind: "value", value: "Common cause" });
    expect(spcVariation(RNORM_COLUMN, "L")).toEqual({ kind: "value", value: "Common cause" });
  });

  it("names a point above the upper limit by polarity, and Neither without one", () => {
    const spike = [[...RNORM_123_20, 5]]; // 5 > 3.29, the upper process limit
    expect(text(spcVariation(spike, "Higher is better"))).toBe("Improvement ↑");
    expect(text(spcVariation(spike, "Lower is better"))).toBe("Concern ↑");
    expect(text(spcVariation(spike))).toBe("Neither ↑");
    expect(text(spcVariation(spike, "T"))).toBe("Neither ↑");
  });

  it("skips blanks and text as gaps, and reads percentages written as text", () => {
    const gappy = [
      [...RNORM_123_20.slice(0, 10), "", "Redacted", null, ...RNORM_123_20.slice(10), 5, "", ""],
    ];
    expect(text(spcVariation(gappy, "H"))).toBe("Improvement ↑");
    const percents = [
      ["50%", "52%", "51%", "49%", "50%", "51%", "50%", "52%", "49%", "51%", "50%", "90%"],
    ];
    expect(text(spcVariation(percents, "H"))).toBe("Improvement ↑");
  });

  it("says NA with the reason below 12 points, as the Variation column does", () => {
    expect(spcVariation([[1, 2, 3, "", "N/A"]])).toEqual({
      kind: "value",
      value: "NA (3 points, needs 12)",
    });
  });

  it("rejects a polarity it cannot read", () => {
    expect(spcVariation(RNORM_ROW, "sideways")).toMatchObject({ kind: "invalid" });
  });
});

describe("SCORECARDRAG.ASSURANCE", () => {
  it("places a single target against the process limits by polarity", () => {
    expect(text(spcAssurance(RNORM_ROW, 3.5, "Maximise"))).toBe("Consistently failing");
    expect(text(spcAssurance(RNORM_ROW, 3.5, "Minimise"))).toBe("Consistently passing");
    expect(text(spcAssurance(RNORM_ROW, -3.5, "Maximise"))).toBe("Consistently passing");
    expect(text(spcAssurance(RNORM_COLUMN, 3, "H"))).toBe("Hit and miss");
  });

  it("judges a target range given as text or as two cells, whatever the polarity", () => {
    expect(text(spcAssurance(RNORM_ROW, "-3.1 to 3.3"))).toBe("Consistently passing");
    expect(text(spcAssurance(RNORM_ROW, "-3.1–3.3", "H"))).toBe("Consistently passing");
    expect(text(spcAssurance(RNORM_ROW, [[3.3, 4]]))).toBe("Consistently failing");
    expect(text(spcAssurance(RNORM_ROW, [[4], [3.3]]))).toBe("Consistently failing");
    expect(text(spcAssurance(RNORM_ROW, "0-1"))).toBe("Hit and miss");
  });

  it("reads a one-cell range as a single target", () => {
    expect(text(spcAssurance(RNORM_ROW, [[3.5]], "H"))).toBe("Consistently failing");
    expect(text(spcAssurance(RNORM_ROW, [[3.5, ""]], "H"))).toBe("Consistently failing");
  });

  it("says NA with the reason, as the Assurance column does", () => {
    expect(text(spcAssurance(RNORM_ROW, 3))).toBe("NA (no polarity)");
    expect(text(spcAssurance(RNORM_ROW, ""))).toBe("NA (no target)");
    expect(text(spcAssurance(RNORM_ROW, 3, "T"))).toBe("NA (one target, no direction to judge)");
    expect(text(spcAssurance([[1, 2, 3]], 2, "H"))).toBe("NA (3 points, needs 12)");
  });

  it("returns a message for a target it cannot read", () => {
    expect(spcAssurance(RNORM_ROW, "soon")).toEqual({
      kind: "invalid",
      message: 'The target "soon" is not a number or a range such as 80–90.',
    });
    expect(spcAssurance(RNORM_ROW, [[1, 2, 3]])).toMatchObject({ kind: "invalid" });
    expect(spcAssurance(RNORM_ROW, [[1, "soon"]])).toMatchObject({ kind: "invalid" });
  });
});

// Intervals: PHEindicatormethods (commit 093fd28) test data, as in ../engine/stats/benchmark.test.ts:
// 65 / 100 Wilson 55.25–73.64%; 5 / 100 per 100,000 exact 1623.5–11668.3; 65 / 100 per 100,000
// Byar 50163.2–82849.1.
describe("SCORECARDRAG.COMPARE", () => {
  it("gives Better, Similar or Worse by the value's 95% interval and the polarity", () => {
    expect(text(benchmarkComparison(65, 65, 100, 50, "Higher is better"))).toBe("Better");
    expect(text(benchmarkComparison(65, 65, 100, 50, "Lower is better"))).toBe("Worse");
    expect(text(benchmarkComparison(65, 65, 100, 70, "H"))).toBe("Similar");
    expect(text(benchmarkComparison(0.65, 65, 100, 0.8, "H"))).toBe("Worse");
    expect(text(benchmarkComparison("65%", 65, 100, "80%", "H"))).toBe("Worse");
    expect(text(benchmarkComparison(5000, 5, 100, 1500, "L"))).toBe("Worse");
    expect(text(benchmarkComparison(5000, 5, 100, 12000, "L"))).toBe("Better");
    expect(text(benchmarkComparison(65000, 65, 100, 84000, "H"))).toBe("Worse");
  });

  it("gives Higher, Similar or Lower without a polarity, or with Goldilocks", () => {
    expect(text(benchmarkComparison(65, 65, 100, 50))).toBe("Higher");
    expect(text(benchmarkComparison(65, 65, 100, 60, "T"))).toBe("Similar");
    expect(text(benchmarkComparison(65, 65, 100, 80))).toBe("Lower");
  });

  it("reads a benchmark typed as 38 beside a percentage written as text as 38%", () => {
    expect(text(benchmarkComparison("65%", 65, 100, 50, "H"))).toBe("Better");
  });

  it("uses the kind it is given: 65 / 100 as a rate per 100 has Byar's wider interval", () => {
    // Wilson's lower limit 55.25 is above 52; Byar's, 50.16, is not.
    expect(text(benchmarkComparison(65, 65, 100, 52))).toBe("Higher");
    expect(text(benchmarkComparison(65, 65, 100, 52, null, "Rate"))).toBe("Similar");
    expect(text(benchmarkComparison(65, 65, 100, 52, null, "proportion"))).toBe("Higher");
  });

  it("compares the values alone when the numerator or denominator is blank or missing", () => {
    expect(text(benchmarkComparison(12, null, null, 10, "H"))).toBe("Higher");
    expect(text(benchmarkComparison(12, "", "", 10))).toBe("Higher");
    expect(text(benchmarkComparison(8, "*", 100, 10, "H"))).toBe("Lower");
    expect(text(benchmarkComparison(10, 5, "N/A", 10))).toBe("Same");
  });

  it("says Not compared with the reason, as a benchmark column does", () => {
    expect(text(benchmarkComparison("Redacted", 5, 100, 10))).toBe(
      "Not compared (no value to compare)"
    );
    expect(text(benchmarkComparison(5, 5, 100, ""))).toBe("Not compared (no benchmark value)");
    expect(text(benchmarkComparison(12.3, 65, 10000, 4))).toBe(
      "Not compared (the value 12.3 does not equal numerator / denominator (0.0065) × 1, 100, 1,000, 10,000 or 100,000)"
    );
  });

  it("returns a message naming the argument for input it cannot read", () => {
    expect(benchmarkComparison(5, 5, 100, "abc")).toEqual({
      kind: "invalid",
      message: 'The benchmark "abc" is not a number.',
    });
    expect(benchmarkComparison(5, "five", 100, 4)).toEqual({
      kind: "invalid",
      message: 'The numerator "five" is not a number.',
    });
    expect(benchmarkComparison(5, 5, 100, 4, "sideways")).toMatchObject({ kind: "invalid" });
    expect(benchmarkComparison(5, 5, 100, 4, null, "ratio")).toEqual({
      kind: "invalid",
      message: 'The kind "ratio" is not recognised: use Proportion or Rate.',
    });
  });
});
