import { describe, expect, it } from "vitest";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import { months, sheet, workbook } from "./build";

const rowsOf = (result: RunResult) =>
  result.sheets.flatMap((s) =>
    s.tables.flatMap((t) => t.rows.map((r) => ({ sheet: s.name, ...r })))
  );

describe("pre-publication checks", () => {
  const header = [
    "PI code",
    "Indicator",
    "Polarity",
    "Value",
    "Target",
    "Numerator",
    "Denominator",
    "RAG",
  ];
  const result = runWorkbook(
    workbook(
      sheet(
        "Kent",
        [
          header,
          ["N1", "Assessments on time", "H", 0.398, 0.4, 35, 88, "Amber"], // 35/88 = 39.8%: agrees
          ["N2", "Visits on time", "H", 0.45, 0.4, 35, 88, "Green"], // disagrees with 39.8%
          ["N3", "Average caseload", "L", 17.0, 18, 1697, 99.6, "Green"], // 1697 / 99.6 = 17.0: agrees
          ["N4", "Children seen", "H", 0.6, 0.5, 3, 5, "Green"], // small count not suppressed
          ["N5", "Reviews", "H", 0.87, 0.85, 87, 100, "Amber"], // published Amber, rule gives Green (2013 dashboard slip)
          ["N6", "Over 100%", "H", 1.2, 0.9, null, null, "Green"],
          ["N6", "Duplicate code", "H", 0.5, 0.9, 45.5, 91, "Red"],
          ["N7", "No target", "H", 0.5, null, null, null, "Reu"],
        ],
        { "D2:E3": "0.0%", D4: "0.0", "D5:E9": "0.0%" }
      )
    )
  );
  const rows = rowsOf(result);
  const flagsOf = (code: string, n = 0) => rows.filter((r) => r.code === code)[n]!.flags;

  it("accepts a value that agrees with its numerator and denominator, as a percentage or an average", () => {
    expect(flagsOf("N1").map((f) => f.kind)).not.toContain("numerator-denominator");
    expect(flagsOf("N3").map((f) => f.kind)).not.toContain("numerator-denominator");
  });

  it("flags a value that disagrees with its numerator and denominator, with the figures", () => {
    expect(flagsOf("N2")).toContainEqual(
      expect.objectContaining({
        kind: "numerator-denominator",
        severity: "error",
        cell: "D3",
        message: "Value 45.0% disagrees with 35 / 88 = 39.8%.",
      })
    );
  });

  it("flags counts of 1 to 5 that are not suppressed", () => {
    expect(flagsOf("N4")).toContainEqual(
      expect.objectContaining({ kind: "suppression", cell: "F5" })
    );
  });

  it("flags a published RAG that disagrees with the rule, saying what the rule gives", () => {
    expect(flagsOf("N5")).toContainEqual(
      expect.objectContaining({
        kind: "published-status",
        cell: "H6",
        message: expect.stringContaining("Published Amber, but the rule gives Green"),
      })
    );
  });

  it("flags a percentage outside 0–100, a non-whole count, a duplicate code, a missing target and a damaged status", () => {
    expect(flagsOf("N6").map((f) => f.kind)).toContain("percent-range");
    expect(flagsOf("N6", 1).map((f) => f.kind)).toEqual(
      expect.arrayContaining(["duplicate-code", "whole-count"])
    );
    expect(flagsOf("N7").map((f) => f.kind)).toEqual(
      expect.arrayContaining(["missing-target", "status-spelling"])
    );
  });

  it("does not ask an average's denominator (FTE workers) to be a whole number", () => {
    expect(flagsOf("N3").map((f) => f.kind)).not.toContain("whole-count");
  });

  it("asks only the numerator to be whole when there is no value to say it is a percentage", () => {
    const blank = rowsOf(
      runWorkbook(
        workbook(
          sheet("Kent", [
            header,
            ["B1", "Average caseload", "L", null, 18, 1697, 99.6, "Green"],
            ["B2", "Average caseload", "L", null, 18, 1697.5, 99.6, "Green"],
          ])
        )
      )
    );
    const wholeCounts = (code: string) =>
      blank.find((r) => r.code === code)!.flags.filter((f) => f.kind === "whole-count");
    expect(wholeCounts("B1")).toEqual([]);
    expect(wholeCounts("B2")).toEqual([
      expect.objectContaining({
        cell: "F3",
        message: expect.stringMatching(/^Numerator 1,?697\.5 /),
      }),
    ]);
  });

  it("writes each row's sentences into its commentary", () => {
    const n2 = rows.find((r) => r.code === "N2")!;
    expect(n2.commentary).toContain("disagrees with 35 / 88 = 39.8%");
  });
});

describe("outliers in an indicator's own history (XmR)", () => {
  const labels = months(24);
  const steady = [
    18, 19, 18, 17, 19, 18, 18, 19, 17, 18, 19, 18, 18, 17, 19, 18, 19, 18, 17, 18, 19, 18, 18,
  ];
  const build = (latest: number, polarity: string) =>
    runWorkbook(
      workbook(
        sheet("Kent", [
          ["PI code", "Indicator", "Polarity", "Target", ...labels],
          ["C1", "Caseload", polarity, 20, ...steady, latest],
        ])
      )
    );

  it("flags a latest value beyond the process limits, with its numbers and the verdict from polarity", () => {
    const row = rowsOf(build(30, "L"))[0]!;
    const flag = row.flags.find((f) => f.kind === "spc-outside-limits");
    expect(flag?.message).toMatch(
      /^Dec-22 value 30 is above the upper process limit [\d.]+ \(mean [\d.]+\): special cause, Concern ↑\.$/
    );
    expect(flag?.severity).toBe("warning");
    const improving = rowsOf(build(30, "H"))[0]!.flags.find((f) => f.kind === "spc-outside-limits");
    expect(improving?.message).toContain("special cause, Improvement ↑");
  });

  it("counts the points of a rising run in its sentence", () => {
    const rising = [18, 19, 18, 17, 19, 18, 18, 19, 17, 18, 19, 18, 18, 17, 19, 18, 17];
    const result = runWorkbook(
      workbook(
        sheet("Kent", [
          ["PI code", "Indicator", "Polarity", "Target", ...labels],
          ["C1", "Caseload", "L", 20, ...rising, 17.2, 17.4, 17.6, 17.8, 18, 18.2, 18.4],
        ])
      )
    );
    const flag = rowsOf(result)[0]!.flags.find((f) => f.kind === "spc-trend");
    expect(flag?.message).toMatch(
      /^Dec-22 value 18\.4 ends a run of ([6-9]) rising points: a trend, special cause, Concern ↑\.$/
    );
  });

  it("gives no verdict for an ordinary latest value", () => {
    expect(rowsOf(build(18, "L"))[0]!.flags.filter((f) => f.kind.startsWith("spc"))).toEqual([]);
  });

  it("says when there are too few points instead of a verdict", () => {
    const result = runWorkbook(
      workbook(
        sheet("Kent", [
          ["PI code", "Indicator", "Polarity", "Target", ...months(6)],
          ["C1", "Caseload", "L", 20, 18, 19, 18, 17, 19, 40],
        ])
      )
    );
    expect(rowsOf(result)[0]!.flags.filter((f) => f.kind.startsWith("spc"))).toEqual([]);
    expect(result.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining("too few points for an SPC verdict")
    );
  });
});

describe("district tabs", () => {
  const districts = ["Ashford", "Canterbury", "Dover", "Maidstone", "Swale", "Thanet"];
  const values = [0.22, 0.23, 0.21, 0.45, 0.22, 0.24]; // Maidstone planted far above the rest
  const numerators = [22, 46, 21, 90, 44, 24];
  const denominators = [100, 200, 100, 200, 200, 100];
  const result = runWorkbook(
    workbook(
      ...districts.map((name, i) =>
        sheet(
          name,
          [
            ["PI code", "Indicator", "Polarity", "Value", "Target", "Numerator", "Denominator"],
            ["R1", "Re-referrals", "L", values[i]!, 0.2, numerators[i]!, denominators[i]!],
            ...(name === "Thanet" ? [] : [["R2", "Visits", "H", 0.9, 0.9, null, null]]),
          ],
          { "D2:E3": "0%" }
        )
      )
    )
  );
  const rows = rowsOf(result);

  it("names the district that is far from the others, and the direction", () => {
    const maidstone = rows.find((r) => r.sheet === "Maidstone" && r.code === "R1")!;
    expect(maidstone.flags).toContainEqual(
      expect.objectContaining({
        kind: "district-outlier",
        message: expect.stringMatching(
          /^Maidstone's 45% is far above the other districts \(median 22.5%, modified z [\d.]+\)/
        ),
      })
    );
    expect(
      rows.filter((r) => r.flags.some((f) => f.kind === "district-outlier")).map((r) => r.sheet)
    ).toEqual(["Maidstone"]);
  });

  it("places each district's proportion on a funnel around the all-district proportion", () => {
    const maidstone = rows.find((r) => r.sheet === "Maidstone" && r.code === "R1")!;
    expect(maidstone.flags).toContainEqual(
      expect.objectContaining({
        kind: "funnel-99.8",
        message: expect.stringContaining(
          "Maidstone's 90 / 200 = 45.0% is above the 99.8% funnel limit"
        ),
      })
    );
  });

  it("reports a district tab that does not report every indicator", () => {
    const all = rows.flatMap((r) => r.flags);
    expect(all).toContainEqual(
      expect.objectContaining({
        kind: "district-indicators",
        message: expect.stringContaining('Sheet "Thanet" does not report R2'),
      })
    );
  });
});

describe("a county total beside its districts", () => {
  const header = [
    "PI code",
    "Indicator",
    "Polarity",
    "Value",
    "Target",
    "Numerator",
    "Denominator",
  ];
  const districts: [string, number, number][] = [
    ["Ashford", 22, 100],
    ["Canterbury", 46, 200],
    ["Dover", 21, 100],
    ["Swale", 44, 200],
  ];
  const tab = (name: string, numerator: number, denominator: number) =>
    sheet(
      name,
      [
        header,
        ["R1", "Re-referrals", "L", numerator / denominator, 0.2, numerator, denominator],
        ["C1", "Children missing", "L", numerator / 10, 3, null, null],
      ],
      { "D2:E2": "0.0%" }
    );
  const sum = (i: 1 | 2) => districts.reduce((total, d) => total + d[i], 0);

  it.each([
    ["named as a total", "All districts", "names a total"],
    ["found by its sums", "Area office", "sums of the other tabs"],
  ])("is not compared as a district when %s", (_how, name, reason) => {
    const result = runWorkbook(
      workbook(tab(name, sum(1), sum(2)), ...districts.map(([n, a, b]) => tab(n, a, b)))
    );
    const flagged = rowsOf(result).filter((r) =>
      r.flags.some((f) => f.kind === "district-outlier" || f.kind.startsWith("funnel"))
    );
    expect(flagged.map((r) => r.sheet)).not.toContain(name);
    expect(result.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining(`"${name}" is treated as a total of the other tabs (`)
    );
    expect(result.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining(reason));
  });

  it("would otherwise stand out as the outlier", () => {
    const result = runWorkbook(
      workbook(tab("Area office", 400, 1600), ...districts.map(([n, a, b]) => tab(n, a, b)))
    );
    const area = rowsOf(result).find((r) => r.sheet === "Area office" && r.code === "C1")!;
    expect(area.flags.map((f) => f.kind)).toContain("district-outlier");
  });
});
