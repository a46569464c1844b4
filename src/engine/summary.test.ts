import { describe, expect, it } from "vitest";
import { summarise, type SummaryRow } from "./summary";

const row = (
  code: string,
  status: SummaryRow["status"],
  longTrend: SummaryRow["longTrend"] = "IMP"
): SummaryRow => ({ code, status, longTrend });

describe("summarise", () => {
  it("counts by status and writes one line per status in table order", () => {
    const summary = summarise([
      row("A", "Green"),
      row("B", "Red"),
      row("C", "Green"),
      row("D", "NA"),
      row("E", "Not rated"),
    ]);
    expect(summary.counts).toEqual({ Green: 2, Amber: 0, Red: 1, NA: 1, "Not rated": 1 });
    expect(summary.lines).toEqual([
      "The total number of measures is 5",
      "2 measures met their target [A; C]",
      "1 measure was significantly below target [B]",
      "1 measure is not rated [E]",
      "1 measure is not available this quarter [D]",
    ]);
  });

  it("writes the deterioration lines in their published forms", () => {
    const lines = summarise([
      row("G1", "Green", "DET"),
      row("A1", "Amber", "DET"),
      row("A2", "Amber", "DET"),
      row("A3", "Amber", "DET"),
      row("R1", "Red", "DET"),
      row("R2", "Red", "IMP"),
      row("R3", "Red", "DET"),
    ]).lines.slice(4);
    expect(lines).toEqual([
      "The green measure is deteriorating long term [G1]",
      "All 3 amber measures are deteriorating long term [A1; A2; A3]",
      "2 of the 3 red measures are deteriorating long term [R1; R3]",
    ]);
  });

  it("says 'Both' for two of two and uses the configured period word", () => {
    const summary = summarise(
      [row("X", "Red", "DET"), row("Y", "Red", "DET"), row("Z", "NA", "NA")],
      { periodWord: "month" }
    );
    expect(summary.lines).toContain("Both red measures are deteriorating long term [X; Y]");
    expect(summary.lines).toContain("1 measure is not available this month [Z]");
  });
});
