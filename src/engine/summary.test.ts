import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STATUSES, type Status } from "./status";
import { summarise, type SummaryOptions, type SummaryRow, type TableSummary } from "./summary";
import type { Trend } from "./trends";

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

// The straightforward definition summarise had before it became one pass (per-status arrays,
// filters), kept as the oracle for the property test below.
const measures = (n: number): string => `${n} ${n === 1 ? "measure" : "measures"}`;
function codes(rows: readonly SummaryRow[]): string {
  let text = "[";
  for (let i = 0; i < rows.length; i++) text += (i ? "; " : "") + rows[i]!.code;
  return text + "]";
}
function straightforwardSummarise(
  rows: readonly SummaryRow[],
  options: SummaryOptions = {}
): TableSummary {
  const periodWord = options.periodWord ?? "quarter";
  const byStatus: Record<Status, SummaryRow[]> = {
    Green: [],
    Amber: [],
    Red: [],
    "Not rated": [],
    NA: [],
  };
  for (const row of rows) byStatus[row.status].push(row);
  const counts: Record<Status, number> = {
    Green: byStatus.Green.length,
    Amber: byStatus.Amber.length,
    Red: byStatus.Red.length,
    "Not rated": byStatus["Not rated"].length,
    NA: byStatus.NA.length,
  };
  const lines = [`The total number of measures is ${rows.length}`];
  const { Green: green, Amber: amber, Red: red } = byStatus;
  if (green.length)
    lines.push(
      `${measures(green.length)} ${green.length === 1 ? "met its" : "met their"} target ${codes(green)}`
    );
  if (amber.length)
    lines.push(
      `${measures(amber.length)} ${amber.length === 1 ? "was" : "were"} slightly below target ${codes(amber)}`
    );
  if (red.length)
    lines.push(
      `${measures(red.length)} ${red.length === 1 ? "was" : "were"} significantly below target ${codes(red)}`
    );
  const notRated = byStatus["Not rated"];
  if (notRated.length)
    lines.push(
      `${measures(notRated.length)} ${notRated.length === 1 ? "is" : "are"} not rated ${codes(notRated)}`
    );
  const na = byStatus.NA;
  if (na.length)
    lines.push(
      `${measures(na.length)} ${na.length === 1 ? "is" : "are"} not available this ${periodWord} ${codes(na)}`
    );
  for (const [colour, group] of [
    ["green", green],
    ["amber", amber],
    ["red", red],
  ] as const) {
    const deteriorating = group.filter((row) => row.longTrend === "DET");
    const k = deteriorating.length;
    if (k === 0) continue;
    const n = group.length;
    const subject =
      n === 1
        ? `The ${colour} measure is`
        : k === n
          ? n === 2
            ? `Both ${colour} measures are`
            : `All ${n} ${colour} measures are`
          : `${k} of the ${n} ${colour} measures are`;
    lines.push(`${subject} deteriorating long term ${codes(deteriorating)}`);
  }
  return { total: rows.length, counts, lines };
}

describe("summarise equals its straightforward definition", () => {
  it("on random tables", () => {
    const rowArb = fc.record({
      code: fc.oneof(fc.constantFrom("", "PH13", "A; B"), fc.string({ maxLength: 6 })),
      status: fc.constantFrom<Status>(...STATUSES),
      longTrend: fc.constantFrom<Trend>("IMP", "STATIC", "DET", "NA"),
    });
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 30 }),
        fc.option(fc.constantFrom("quarter", "month"), { nil: undefined }),
        (rows, periodWord) => {
          const options = periodWord === undefined ? {} : { periodWord };
          expect(summarise(rows, options)).toEqual(straightforwardSummarise(rows, options));
        }
      ),
      { numRuns: 500 }
    );
  });
});
