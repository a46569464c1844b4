import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../workbook/csv";
import { sharedFixturePath } from "../../test/fixtures";
import { ragExplanation, ragStatus, trendCode } from "./functions";

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
