import { describe, expect, it } from "vitest";
import { parsePeriod } from "./periods";
import {
  compareTrend,
  displayTrend,
  parsePublishedTrend,
  trendGapsFor,
  trendsOf,
  type HistoryPoint,
} from "./trends";
import { missing, numberValue, parseCellValue } from "./values";

describe("compareTrend", () => {
  it.each([
    ["maximise", 80, 82, "IMP"],
    ["maximise", 82, 80, "DET"],
    ["minimise", 82, 80, "IMP"],
    ["minimise", 80, 82, "DET"],
    ["maximise", 80, 80, "STATIC"],
  ] as const)("%s %d → %d is %s", (polarity, before, after, trend) => {
    expect(compareTrend(numberValue(after), numberValue(before), { polarity }).trend).toBe(trend);
  });

  it("for a target, improving means moving closer (10.9% → 9.7% against 10% was published as improved)", () => {
    const now = parseCellValue(0.097, "0.0%");
    expect(
      compareTrend(now, parseCellValue(0.109, "0.0%"), { polarity: "range", target: 0.1 }).trend
    ).toBe("IMP");
    expect(
      compareTrend(parseCellValue(0.109, "0.0%"), now, { polarity: "range", target: 0.1 }).trend
    ).toBe("DET");
  });

  it("for a range, moving into it improves and staying inside compares distance to target", () => {
    const rule = { polarity: "range", lower: 63, upper: 71, target: 67 } as const;
    expect(compareTrend(numberValue(70), numberValue(75), rule).trend).toBe("IMP");
    expect(compareTrend(numberValue(60), numberValue(64), rule).trend).toBe("DET");
    expect(compareTrend(numberValue(67.3), numberValue(69), rule).trend).toBe("IMP");
    expect(
      compareTrend(numberValue(66), numberValue(68), { polarity: "range", lower: 63, upper: 71 })
        .trend
    ).toBe("STATIC");
  });

  it("is Static when equal at the displayed precision (default) or within a configured band", () => {
    expect(
      compareTrend(parseCellValue(0.8204, "0.0%"), parseCellValue(0.82, "0.0%"), {
        polarity: "maximise",
      }).trend
    ).toBe("STATIC");
    expect(
      compareTrend(parseCellValue(0.8206, "0.0%"), parseCellValue(0.82, "0.0%"), {
        polarity: "maximise",
      }).trend
    ).toBe("IMP");
    expect(
      compareTrend(
        numberValue(101),
        numberValue(100),
        { polarity: "maximise" },
        { kind: "relative", fraction: 0.02 }
      ).trend
    ).toBe("STATIC");
    expect(
      compareTrend(
        numberValue(103),
        numberValue(100),
        { polarity: "maximise" },
        { kind: "relative", fraction: 0.02 }
      ).trend
    ).toBe("IMP");
    expect(
      compareTrend(
        numberValue(99),
        numberValue(100),
        { polarity: "maximise" },
        { kind: "absolute", amount: 1 }
      ).trend
    ).toBe("STATIC");
  });

  it("is NA when either side cannot be compared, saying which", () => {
    expect(
      compareTrend(missing("redacted", "Redacted"), numberValue(1), { polarity: "maximise" })
    ).toMatchObject({ trend: "NA", reason: "latest-missing" });
    expect(
      compareTrend(numberValue(1), missing("blank", ""), { polarity: "maximise" })
    ).toMatchObject({ trend: "NA", reason: "comparison-missing" });
    expect(compareTrend(numberValue(1), undefined, { polarity: "maximise" })).toMatchObject({
      trend: "NA",
      reason: "no-comparison-period",
    });
    expect(compareTrend(numberValue(1), numberValue(2), {})).toMatchObject({
      trend: "NA",
      reason: "no-polarity",
    });
  });
});

describe("trendsOf", () => {
  const monthly = (values: readonly number[], start = "Jan-21"): HistoryPoint[] => {
    const first = parsePeriod(start)!;
    return values.map((value, i) => ({
      period: { granularity: "month", index: first.index + i, label: `m${i}` },
      value: numberValue(value),
    }));
  };

  it("compares short with the previous month and long with the same month a year earlier", () => {
    const values = Array.from({ length: 24 }, (_, i) => 50 + i);
    values[11] = 90; // twelve months before the latest
    const { short, long } = trendsOf(monthly(values), { polarity: "maximise" });
    expect(short).toMatchObject({ trend: "IMP", baseline: 72 });
    expect(long).toMatchObject({ trend: "DET", baseline: 90 });
  });

  it("uses 4 back for quarters and 1 back for years", () => {
    const quarters = ["Q1 21-22", "Q2 21-22", "Q3 21-22", "Q4 21-22", "Q1 22-23"].map(
      (label, i) => ({ period: parsePeriod(label)!, value: numberValue([10, 20, 30, 40, 15][i]!) })
    );
    expect(trendsOf(quarters, { polarity: "maximise" }).long).toMatchObject({
      trend: "IMP",
      baseline: 10,
    });
    const years = ["2020-21", "2021-22"].map((label, i) => ({
      period: parsePeriod(label)!,
      value: numberValue([5, 4][i]!),
    }));
    expect(trendsOf(years, { polarity: "minimise" })).toMatchObject({
      short: { trend: "IMP" },
      long: { trend: "IMP" },
    });
  });

  it("finds the baseline by label, so a missing month gives NA rather than a neighbour", () => {
    const history = monthly(Array.from({ length: 14 }, (_, i) => i));
    const gapped = [...history.slice(0, 1), ...history.slice(2)]; // no month exactly 12 before the latest
    expect(trendsOf(gapped, { polarity: "maximise" }).long).toMatchObject({
      trend: "NA",
      reason: "no-comparison-period",
    });
  });

  it("without period labels, uses the previous column and a configured long lag", () => {
    const history = [5, 6, 7, 8, 9].map((v) => ({ value: numberValue(v) }));
    expect(trendsOf(history, { polarity: "maximise" }).long.trend).toBe("NA");
    expect(trendsOf(history, { polarity: "maximise" }, { longLag: 4 }).long).toMatchObject({
      trend: "IMP",
      baseline: 5,
    });
  });

  it("is NA for a new indicator with one value", () => {
    expect(trendsOf([{ value: numberValue(3) }], { polarity: "maximise" }).short.reason).toBe(
      "no-comparison-period"
    );
  });
});

describe("trends across gaps", () => {
  /** Annual points 2016-17 … from `values`; a string is a cell as typed (`N/A`). */
  const annual = (values: readonly (number | string)[], first = 2016): HistoryPoint[] =>
    values.map((v, i) => {
      const start = first + i;
      return {
        period: parsePeriod(`${start}-${String((start + 1) % 100).padStart(2, "0")}`)!,
        value: typeof v === "number" ? numberValue(v) : parseCellValue(v),
      };
    });
  const labels = (periods: readonly { label: string }[]): string[] => periods.map((p) => p.label);
  // 2016-17 … 2021-22, the two years before the latest not collected.
  const gapped = annual([55, 56, 57, "N/A", "N/A", 59]);

  it("by default, compares an annual series with the latest earlier year that has a value", () => {
    const { short, long } = trendsOf(gapped, { polarity: "maximise" });
    expect(short).toMatchObject({ trend: "IMP", reason: "improved", baseline: 57 });
    expect(short.comparedWith?.label).toBe("2018-19");
    expect(labels(short.skipped)).toEqual(["2019-20", "2020-21"]);
    // A year back is the previous year: the long trend is the same comparison.
    expect(long).toBe(short);
    expect(trendsOf(gapped, { polarity: "minimise" }).short.trend).toBe("DET");
  });

  it("is NA across the gap when strict, by the workbook's setting or the indicator's own", () => {
    const strict = trendsOf(gapped, { polarity: "maximise" }, { gaps: "strict" });
    expect(strict.short).toMatchObject({ trend: "NA", reason: "comparison-missing" });
    expect(strict.short.comparedWith).toBeNull();
    expect(strict.short.skipped).toEqual([]);
    expect(strict.long).toMatchObject({ trend: "NA", reason: "comparison-missing" });
    // The indicator's rule wins over the workbook's setting, both ways.
    expect(
      trendsOf(gapped, { polarity: "maximise", gaps: "strict" }, { gaps: "skip" }).short.trend
    ).toBe("NA");
    expect(
      trendsOf(gapped, { polarity: "maximise", gaps: "skip" }, { gaps: "strict" }).short.trend
    ).toBe("IMP");
  });

  it("names nothing skipped when the previous year has a value", () => {
    const { short } = trendsOf(annual([5, 4]), { polarity: "minimise" });
    expect(short).toMatchObject({ trend: "IMP", baseline: 5 });
    expect(short.comparedWith?.label).toBe("2016-17");
    expect(short.skipped).toEqual([]);
  });

  it("is NA when no earlier year has a value, or there is no earlier year", () => {
    const none = trendsOf(annual(["N/A", "Redacted", 7]), { polarity: "maximise" });
    expect(none.short).toMatchObject({
      trend: "NA",
      reason: "comparison-missing",
      baseline: null,
      comparedWith: null,
    });
    expect(labels(none.short.skipped)).toEqual(["2016-17", "2017-18"]);
    expect(trendsOf(annual([7]), { polarity: "maximise" }).short).toMatchObject({
      trend: "NA",
      reason: "no-comparison-period",
      skipped: [],
    });
    expect(trendsOf(annual([5, "N/A"]), { polarity: "maximise" }).short).toMatchObject({
      trend: "NA",
      reason: "latest-missing",
    });
  });

  it("leaves months and quarters strict by default; skipping moves only the short trend", () => {
    const first = parsePeriod("Jan-21")!;
    const months: HistoryPoint[] = Array.from({ length: 14 }, (_, i) => ({
      period: { granularity: "month", index: first.index + i, label: `m${i}` },
      value: i === 12 ? missing("not-available", "N/A") : numberValue(50 + i),
    }));
    const byDefault = trendsOf(months, { polarity: "maximise" });
    expect(byDefault.short).toMatchObject({ trend: "NA", reason: "comparison-missing" });
    expect(byDefault.long).toMatchObject({ trend: "IMP", baseline: 51 });
    expect(byDefault.long.comparedWith?.label).toBe("m1");
    const skipping = trendsOf(months, { polarity: "maximise" }, { gaps: "skip" });
    expect(skipping.short).toMatchObject({ trend: "IMP", baseline: 61 });
    expect(skipping.short.comparedWith?.label).toBe("m11");
    expect(labels(skipping.short.skipped)).toEqual(["m12"]);
    // Still the same month a year earlier, found by label, never a neighbour.
    expect(skipping.long).toEqual(byDefault.long);
    const noYearBefore = months.map((p, i) =>
      i === 1 ? { ...p, value: missing("not-available", "N/A") } : p
    );
    expect(trendsOf(noYearBefore, { polarity: "maximise" }, { gaps: "skip" }).long).toMatchObject({
      trend: "NA",
      reason: "comparison-missing",
    });
  });

  it("does not skip without period labels (nothing to name)", () => {
    const history = [5, "N/A", 7].map((v) => ({
      value: typeof v === "number" ? numberValue(v) : parseCellValue(v),
    }));
    expect(trendsOf(history, { polarity: "maximise" }, { gaps: "skip" }).short).toMatchObject({
      trend: "NA",
      reason: "comparison-missing",
      comparedWith: null,
    });
  });

  it.each([
    [undefined, undefined, "year", "skip"],
    [undefined, "auto", "month", "strict"],
    [undefined, "auto", "quarter", "strict"],
    [undefined, "skip", "quarter", "skip"],
    [undefined, "strict", "year", "strict"],
    ["skip", "strict", "month", "skip"],
    ["strict", "auto", "year", "strict"],
  ] as const)("rule %s, setting %s, %s series: %s", (own, setting, granularity, gaps) => {
    expect(trendGapsFor(own, setting, granularity)).toBe(gaps);
  });
});

describe("display and published trends", () => {
  it.each([
    ["IMP", "code", "IMP"],
    ["DET", "arrow", "↓ DET"],
    ["STATIC", "arrow", "⇔ STATIC"],
    ["STATIC", "word", "Static"],
  ] as const)("%s as %s is %s", (trend, form, text) => {
    expect(displayTrend(trend, form)).toBe(text);
  });

  it.each([
    ["IMP", "IMP"],
    ["Improving", "IMP"],
    ["remained the same", "STATIC"],
    ["⇔", "STATIC"],
    ["DET", "DET"],
    ["Worse", "DET"],
    ["NA", "NA"],
    ["↑", undefined],
  ] as const)("reads published %s as %s", (text, trend) => {
    expect(parsePublishedTrend(text)).toBe(trend);
  });
});
