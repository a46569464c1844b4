import { describe, expect, it } from "vitest";
import { parsePeriod } from "./periods";
import {
  compareTrend,
  displayTrend,
  parsePublishedTrend,
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
