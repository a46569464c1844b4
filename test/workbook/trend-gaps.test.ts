import { describe, expect, it } from "vitest";
import { rowJson } from "../../src/cli/json";
import { parseCsv } from "../../src/workbook/csv";
import { parseRulesTable } from "../../src/workbook/rules-table";
import { runWorkbook, type RunOptions, type RunResult } from "../../src/workbook/run";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";
import { parseState } from "../../src/workbook/state";
import { months, sheet, workbook } from "./build";

/*
 * Annual series with years not collected (issue 15, item 6): councils compare
 * the latest year with the latest earlier year that has a value and say so;
 * the tool used to say NA.
 */

const YEARS = ["2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22"];

/** Annual indicators, 2019-20 and 2020-21 not collected; `DOT` is the published direction of travel. */
function annual(state?: object, extraSheets: WorkbookSnapshot["sheets"] = []): WorkbookSnapshot {
  const snapshot = workbook(
    sheet(
      "Annual",
      [
        ["Ref", "Indicator", "Polarity", "Target", ...YEARS, "DOT"],
        [
          "AS1",
          "Adults in paid employment",
          "Maximise",
          0.6,
          0.55,
          0.56,
          0.57,
          "N/A",
          "N/A",
          0.59,
          "IMP",
        ],
        [
          "AS2",
          "Permanent admissions to care homes",
          "Minimise",
          500,
          560,
          540,
          520,
          "N/A",
          "N/A",
          531,
          "DET",
        ],
        ["AS3", "Carers assessed", "Maximise", 900, 850, 870, 880, "N/A", "N/A", 880, "STATIC"],
        [
          "AS4",
          "Adults reviewed (new measure)",
          "Maximise",
          0.8,
          "N/A",
          "N/A",
          "N/A",
          "N/A",
          "N/A",
          0.82,
          null,
        ],
        [
          "AS5",
          "Safeguarding enquiries concluded",
          "Maximise",
          0.9,
          0.8,
          0.82,
          0.84,
          0.85,
          0.86,
          0.88,
          "IMP",
        ],
      ],
      { "D2:J2": "0%", "D5:J6": "0%" }
    ),
    ...extraSheets
  );
  return state
    ? { ...snapshot, state: JSON.stringify({ version: 2, overrides: {}, blocks: {}, ...state }) }
    : snapshot;
}

const rowsOf = (result: RunResult) => result.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows));
const rowOf = (result: RunResult, code: string) => rowsOf(result).find((r) => r.code === code)!;
const run = (snapshot: WorkbookSnapshot, options?: RunOptions): RunResult =>
  runWorkbook(snapshot, options);

describe("trends across gaps in an annual series", () => {
  const byDefault = run(annual());

  it("reads the years as the history and the latest year as the value", () => {
    const table = byDefault.sheets[0]!.tables[0]!;
    expect(table.periods.map((p) => p.header)).toEqual(YEARS);
    expect(table.mapping.value?.header).toBe("2021-22");
  });

  it("by default compares with 2018-19, the latest earlier year with a value: IMP or DET by polarity", () => {
    expect(rowOf(byDefault, "AS1")).toMatchObject({
      shortTrend: "IMP",
      longTrend: "IMP",
      shortTrendAgainst: "2018-19",
      longTrendAgainst: "2018-19",
      shortTrendSkipped: ["2019-20", "2020-21"],
      longTrendSkipped: ["2019-20", "2020-21"],
    });
    // Minimise: 520 → 531 is worse.
    expect(rowOf(byDefault, "AS2")).toMatchObject({ shortTrend: "DET", longTrend: "DET" });
    expect(rowOf(byDefault, "AS3")).toMatchObject({ shortTrend: "STATIC", longTrend: "STATIC" });
  });

  it("names the year compared and the years not available in the commentary", () => {
    const as1 = rowOf(byDefault, "AS1");
    expect(as1.flags).toContainEqual({
      kind: "trend-gap",
      severity: "info",
      message:
        "Short and long trends improving against 2018-19 (2019-20 and 2020-21 not available).",
      cell: "J2",
    });
    expect(as1.commentary).toBe(
      `${as1.explanation} Short and long trends improving against 2018-19 (2019-20 and 2020-21 not available).`
    );
    expect(rowOf(byDefault, "AS2").commentary).toContain(
      "Short and long trends deteriorating against 2018-19 (2019-20 and 2020-21 not available)."
    );
    expect(rowOf(byDefault, "AS3").commentary).toContain(
      "Short and long trends static against 2018-19 (2019-20 and 2020-21 not available)."
    );
  });

  it("agrees with the published DOT that was worked out across the gap (no published-trend flag)", () => {
    for (const code of ["AS1", "AS2", "AS3"])
      expect(rowOf(byDefault, code).flags.map((f) => f.kind)).not.toContain("published-trend");
  });

  it("says nothing of gaps where there are none, and is NA with no earlier value at all", () => {
    const as5 = rowOf(byDefault, "AS5");
    expect(as5).toMatchObject({
      shortTrend: "IMP",
      shortTrendAgainst: "2020-21",
      shortTrendSkipped: [],
    });
    expect(as5.flags.map((f) => f.kind)).not.toContain("trend-gap");
    const as4 = rowOf(byDefault, "AS4");
    expect(as4).toMatchObject({ shortTrend: "NA", longTrend: "NA", shortTrendAgainst: null });
    expect(as4.flags.map((f) => f.kind)).not.toContain("trend-gap");
  });

  it("puts the period compared in the JSON row (additive fields)", () => {
    expect(rowJson(rowOf(byDefault, "AS1"))).toMatchObject({
      shortTrendAgainst: "2018-19",
      longTrendAgainst: "2018-19",
      shortTrendSkipped: ["2019-20", "2020-21"],
      longTrendSkipped: ["2019-20", "2020-21"],
    });
  });

  it("is strict for a code whose rules CSV says so, forgivingly spelt", () => {
    const rules = parseRulesTable(
      parseCsv(
        "code,Trend gaps\nAS1,previous period only\nAS2,Strict\nAS5,compare with latest available\n"
      )
    );
    expect(rules.problems).toEqual([]);
    const result = run(annual(), { rules });
    const as1 = rowOf(result, "AS1");
    // Strict: only the year before, which has no value, so nothing was compared.
    expect(as1).toMatchObject({
      shortTrend: "NA",
      longTrend: "NA",
      shortTrendAgainst: null,
      shortTrendSkipped: [],
    });
    expect(as1.flags.map((f) => f.kind)).not.toContain("trend-gap");
    expect(rowOf(result, "AS2").shortTrend).toBe("NA");
    // Codes the rules do not mention keep the default.
    expect(rowOf(result, "AS3").shortTrend).toBe("STATIC");
  });

  it("reports a gaps value it cannot read, with its line", () => {
    const rules = parseRulesTable(parseCsv("code,gaps\nAS1,sometimes\nAS2,auto\n"));
    expect(rules.problems).toEqual([
      { line: 2, message: 'AS1: gaps (skip or strict) "sometimes" is not valid' },
    ]);
    expect(rules.byCode.get("AS2")).toEqual({});
  });

  it("reads the gaps column of the Rules sheet", () => {
    const rulesSheet = sheet("Rules", [
      ["code", "gaps"],
      ["AS1", "strict"],
    ]);
    const result = run(annual(undefined, [rulesSheet]));
    expect(rowOf(result, "AS1").shortTrend).toBe("NA");
    expect(rowOf(result, "AS2").shortTrend).toBe("DET");
  });

  it("follows the workbook's setting; a code's own rule still wins", () => {
    const strict = run(annual({ settings: { trendGaps: "strict" } }));
    expect(strict.settings.trends.gaps).toBe("strict");
    for (const code of ["AS1", "AS2", "AS3"])
      expect(rowOf(strict, code)).toMatchObject({ shortTrend: "NA", longTrend: "NA" });
    expect(
      rowsOf(strict)
        .flatMap((r) => r.flags)
        .map((f) => f.kind)
    ).not.toContain("trend-gap");
    const rules = parseRulesTable(parseCsv("code,gaps\nAS1,skip\n"));
    const mixed = run(annual({ settings: { trendGaps: "strict" } }), { rules });
    expect(rowOf(mixed, "AS1")).toMatchObject({ shortTrend: "IMP", shortTrendAgainst: "2018-19" });
    expect(rowOf(mixed, "AS2").shortTrend).toBe("NA");
  });

  it("keeps the sentence out when the trend-gap check is turned off, trends unchanged", () => {
    const off = run(annual({ settings: { checks: { "trend-gap": false } } }));
    const as1 = rowOf(off, "AS1");
    expect(as1.shortTrend).toBe("IMP");
    expect(as1.flags.map((f) => f.kind)).not.toContain("trend-gap");
    expect(as1.commentary).toBe(as1.explanation);
  });
});

describe("the trendGaps setting in the saved state", () => {
  it("reads auto, skip and strict", () => {
    for (const value of ["auto", "skip", "strict"] as const) {
      const { state, problem } = parseState(
        JSON.stringify({ version: 2, settings: { trendGaps: value }, overrides: {}, blocks: {} })
      );
      expect(problem).toBeUndefined();
      expect(state.settings.trendGaps).toBe(value);
    }
  });

  it("drops anything else, saying so, and the default applies", () => {
    const text = JSON.stringify({
      version: 2,
      settings: { trendGaps: "sometimes" },
      overrides: {},
      blocks: {},
    });
    const { state, problem } = parseState(text);
    expect(state.settings.trendGaps).toBeUndefined();
    expect(problem?.message).toContain("settings.trendGaps");
    const result = run({ ...annual(), state: text });
    expect(result.settings.trends.gaps).toBe("auto");
    expect(rowOf(result, "AS1").shortTrend).toBe("IMP");
  });
});

describe("monthly series", () => {
  const labels = months(14, 2021, 10); // Nov-21 … Dec-22
  const monthly = (state?: object): WorkbookSnapshot => {
    const snapshot = workbook(
      sheet("Monthly", [
        ["Ref", "Indicator", "Polarity", "Target", ...labels],
        // Nov-22 not available; Dec-21 (a year before Dec-22) has a value.
        [
          "M1",
          "Calls answered",
          "Maximise",
          100,
          90,
          91,
          92,
          93,
          94,
          95,
          96,
          97,
          98,
          99,
          100,
          101,
          "N/A",
          99,
        ],
      ])
    );
    return state
      ? { ...snapshot, state: JSON.stringify({ version: 2, overrides: {}, blocks: {}, ...state }) }
      : snapshot;
  };

  it("stays strict by default: the short trend is NA across a missing month, the long trend by label", () => {
    const m1 = rowOf(run(monthly()), "M1");
    expect(m1).toMatchObject({
      shortTrend: "NA",
      shortTrendAgainst: null,
      longTrend: "IMP",
      longTrendAgainst: "Dec-21",
      shortTrendSkipped: [],
    });
    expect(m1.flags.map((f) => f.kind)).not.toContain("trend-gap");
  });

  it("skips the missing month when the workbook says so, naming it; the long trend is unchanged", () => {
    const m1 = rowOf(run(monthly({ settings: { trendGaps: "skip" } })), "M1");
    expect(m1).toMatchObject({
      shortTrend: "DET",
      shortTrendAgainst: "Oct-22",
      shortTrendSkipped: ["Nov-22"],
      longTrend: "IMP",
      longTrendAgainst: "Dec-21",
      longTrendSkipped: [],
    });
    expect(m1.commentary).toContain(
      "Short trend deteriorating against Oct-22 (Nov-22 not available)."
    );
  });
});
