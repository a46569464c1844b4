import { beforeAll, describe, expect, it } from "vitest";
import { analyseSpc } from "../../src/engine/stats";
import {
  chartSeries,
  chartSummary,
  formatTick,
  linearScale,
  niceTicks,
  paddedDomain,
  pointVerdict,
} from "../../src/taskpane/components/chart-data";
import type { RowResult } from "../../src/workbook/rate-table";
import type { RunResult } from "../../src/workbook/run";
import { exampleResult, rowOf } from "./example-result";

let result: RunResult;
beforeAll(async () => {
  result = await exampleResult();
});

describe("chartSeries on the example", () => {
  it("marks Ashford SCS19's planted special cause at Dec-22 as improvement", () => {
    const row = rowOf(result, "Ashford", "SCS19");
    const series = chartSeries(row);
    expect(series.points).toHaveLength(25);
    const dec22 = series.points.find((p) => p.label === "Dec-22")!;
    expect(dec22).toMatchObject({ value: 0.763, text: "76.3%", mark: "improvement" });
    expect(dec22.rules[0]).toBe("outside-limits");
    expect(pointVerdict(dec22)).toMatch(/^Special cause improvement: outside the process limits/);
    // The series sits below its mean for 2021 and above it from Apr-22: shifts, concern then improvement.
    expect(series.points.find((p) => p.label === "Jun-21")!.mark).toBe("concern");
    expect(series.points.find((p) => p.label === "Jun-22")!.mark).toBe("improvement");
  });

  it("uses the row's own XmR limits and target", () => {
    const row = rowOf(result, "Ashford", "SCS19");
    const spc = row.detail.spc;
    expect(spc?.kind).toBe("analysed");
    const series = chartSeries(row);
    expect(series.limits).toEqual(spc?.kind === "analysed" ? spc.limits : null);
    expect(series.target).toEqual({ kind: "line", value: 0.85 });
    expect(series.percent).toBe(true);
    expect(series.segments).toEqual([[...Array(25).keys()]]);
    // The domain holds every value, both limits and the target.
    const [lo, hi] = series.domain;
    expect(lo).toBeLessThan(series.limits!.lowerProcessLimit);
    expect(hi).toBeGreaterThan(0.85);
  });

  it("summarises the chart in one sentence", () => {
    const summary = chartSummary(chartSeries(rowOf(result, "Ashford", "SCS19")));
    expect(summary).toMatch(/^XmR chart of SCS19: 25 periods, Dec-20 to Dec-22; mean 71\.5%/);
    expect(summary).toContain("process limits 68.1% to 74.8%");
    expect(summary).toContain("target 85.0%");
    expect(summary).toContain(
      "25 special-cause points (9 improvement, 16 concern), the latest Dec-22 (improvement)"
    );
  });

  it("draws a target range as a band", () => {
    const series = chartSeries(rowOf(result, "Ashford", "SCS13"));
    expect(series.target).toEqual({ kind: "range", lower: 0.175, upper: 0.225, target: 0.2 });
    expect(chartSummary(series)).toContain("target range 17.5% to 22.5%");
  });

  it("formats counts as counts", () => {
    const series = chartSeries(rowOf(result, "Ashford", "SCS33"));
    expect(series.percent).toBe(false);
    expect(series.format(6)).toBe("6");
  });
});

/** A row with its history replaced (and re-analysed as rowVerdicts does). */
function withHistory(
  row: RowResult,
  values: readonly (number | null)[],
  minimumPoints = 12
): RowResult {
  const history = values.map((v, i) => ({
    period: { granularity: "month" as const, index: i, label: `P${i + 1}` },
    value:
      v === null
        ? ({ kind: "missing", reason: "blank", text: "" } as const)
        : ({ kind: "number", value: v, percent: false, decimals: 0 } as const),
  }));
  const spc = analyseSpc(
    values.map((v) => v ?? Number.NaN),
    "maximise",
    { minimumPoints }
  );
  return {
    ...row,
    percent: false,
    detail: { ...row.detail, history, spc, rule: { polarity: "maximise" } },
  };
}

describe("chartSeries on gaps and short series", () => {
  it("breaks the line at a missing value and maps points to history positions", () => {
    const base = rowOf(result, "Ashford", "SCS33");
    const values = [5, 6, 5, null, 6, 7, 5, 6, 5, 6, 7, 6, 5, 30];
    const series = chartSeries(withHistory(base, values));
    expect(series.segments).toEqual([
      [0, 1, 2],
      [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    ]);
    expect(series.points[3]).toMatchObject({ value: null, text: "blank", mark: null });
    expect(pointVerdict(series.points[3]!)).toBe("No value");
    // The 30 is far above the limits: improvement for Maximise, at its own position.
    expect(series.points[13]!.mark).toBe("improvement");
    expect(chartSummary(series)).toContain("1 without a value");
    expect(series.target).toBeNull();
  });

  it("plots a short series without limits and says why", () => {
    const base = rowOf(result, "Ashford", "SCS33");
    const series = chartSeries(withHistory(base, [4, 5, 6, 5, 4]));
    expect(series.limits).toBeNull();
    expect(series.notAnalysed).toBe("5 points, needs 12");
    expect(series.points.every((p) => p.mark === null)).toBe(true);
    expect(pointVerdict(series.points[0]!)).toBe("Not analysed");
    expect(chartSummary(series)).toContain("no process limits (5 points, needs 12)");
  });
});

describe("scales and ticks", () => {
  it("maps a domain onto a range, flipped for SVG's y", () => {
    const y = linearScale([0, 10], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(150);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
  });

  it("picks round ticks inside the domain", () => {
    expect(niceTicks(0.66, 0.77, 4)).toEqual({
      ticks: [0.66, 0.68, 0.7, 0.72, 0.74, 0.76],
      step: 0.02,
    });
    expect(niceTicks(0, 100, 4).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.1, 0.35, 5).ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(1, 1).ticks).toEqual([1]);
  });

  it("formats ticks like the values", () => {
    expect(formatTick(0.7, 0.02, true)).toBe("70%");
    expect(formatTick(0.725, 0.005, true)).toBe("72.5%");
    expect(formatTick(1500, 500, false)).toBe("1500");
    expect(formatTick(2.5, 0.5, false)).toBe("2.5");
  });

  it("pads the domain, and widens a flat one", () => {
    expect(paddedDomain([0, 100])).toEqual([-8, 108]);
    expect(paddedDomain([5, 5])).toEqual([4.5, 5.5]);
    expect(paddedDomain([])).toEqual([0, 1]);
  });
});
