import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Polarity } from "../polarity";
import { RNORM_123_20 } from "./reference-data.fixture";
import {
  analyseSpc,
  SPC_DEFAULTS,
  type SpcOptions,
  type SpcPoint,
  type SpcResult,
} from "./special-cause";
import { analyseSpcReference } from "./special-cause.reference";
import { xmrLimits } from "./xmr";

function analysed(result: SpcResult): Extract<SpcResult, { kind: "analysed" }> {
  if (result.kind !== "analysed") throw new Error(`expected an analysis, got ${result.kind}`);
  return result;
}

/** Indices of the points a rule marks. */
function marked(result: SpcResult, rule: SpcPoint["rules"][number]): number[] {
  return analysed(result)
    .points.filter((p) => p.rules.includes(rule))
    .map((p) => p.index);
}

function special(result: SpcResult): number[] {
  return analysed(result)
    .points.filter((p) => p.specialCause)
    .map((p) => p.index);
}

/** a, b, a, b, … (n values). */
function alternate(n: number, a: number, b: number): number[] {
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b));
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("analyseSpc against NHSRplotthedots' own expectations", () => {
  // tests/testthat/_snaps/ptd_spc.md ("it outputs expected content"), nhs-r-community/NHSRplotthedots:
  // rnorm(20), improvement_direction "increase": n 20, common_cause 20, special_cause_improvement 0.
  it("set.seed(123) rnorm(20): all 20 points common cause, limits −3.01 … 3.29", () => {
    const r = analysed(analyseSpc(RNORM_123_20, "maximise"));
    expect(r.points).toHaveLength(20);
    expect(special(r)).toEqual([]);
    expect(r.points.every((p) => p.variation === "common")).toBe(true);
    expect(r.limits).toEqual(xmrLimits(RNORM_123_20));
    expect(r.limits.lowerProcessLimit).toBeCloseTo(-3.01138, 5);
    expect(r.limits.upperProcessLimit).toBeCloseTo(3.294627, 5);
    expect(r.latest.index).toBe(19);
  });

  // tests/testthat/test-ptd_spc_standard.R, "it only reports special cause for 2of3 points close to
  // limits when they are on the same side of the mean" (issue #143): expected
  // tail(s, 2)$point_type == c("common_cause", "common_cause").
  it("issue #143: two points beyond two sigma on opposite sides are common cause", () => {
    const data = alternate(16, 1, -1);
    data[14] = 5.5; // dtf$data[15] <- 5.5
    data[15] = -5.5; // dtf$data[16] <- -5.5
    const r = analysed(analyseSpc(data, "maximise"));
    // Check the two points really are beyond two sigma (4.117) and inside the limits (6.175).
    expect(r.limits.upperTwoSigma).toBeCloseTo(4.116667, 6);
    expect(r.limits.upperProcessLimit).toBeCloseTo(6.175, 9);
    expect(r.points.slice(-2).map((p) => p.variation)).toEqual(["common", "common"]);
    expect(special(r)).toEqual([]);
  });

  // tests/testthat/test-ptd_calculate_point_type.R, "ptd_seven_point_trend works as expected".
  // Those series are 6–9 points long, so minimumPoints is lowered to analyse them.
  describe("trend (ptd_seven_point_trend): 7 points, ties break it", () => {
    const short: SpcOptions = { minimumPoints: 2 };
    it("1:6 is no trend (too short)", () => {
      expect(marked(analyseSpc(range(1, 6), "maximise", short), "trend")).toEqual([]);
    });
    it("c(1:3, 3:6) is no trend: the tie 3, 3 breaks it", () => {
      expect(marked(analyseSpc([1, 2, 3, 3, 4, 5, 6], "maximise", short), "trend")).toEqual([]);
    });
    it("1:7 is a trend of all 7 points", () => {
      expect(marked(analyseSpc(range(1, 7), "maximise", short), "trend")).toEqual(range(0, 6));
    });
    it("c(2, 1:7, 3) marks only the 7 rising points", () => {
      expect(marked(analyseSpc([2, ...range(1, 7), 3], "maximise", short), "trend")).toEqual(
        range(1, 7)
      );
    });
    it("7:1 and c(2, 7:1, 3) are falling trends", () => {
      const falling = analysed(analyseSpc([2, 7, 6, 5, 4, 3, 2, 1, 3], "maximise", short));
      expect(marked(falling, "trend")).toEqual(range(1, 7));
      expect(falling.points[4]?.side).toBe("low");
      expect(marked(analyseSpc(range(1, 7).reverse(), "maximise", short), "trend")).toEqual(
        range(0, 6)
      );
    });
  });
});

describe("worked example: NHSRplotthedots vignette 'Deviations from Excel defaults'", () => {
  // Source: nhs-r-community/NHSRplotthedots v0.2.2 (commit 050b07d), vignettes/deviations.Rmd,
  // "1. Treatment of outlying points":
  //   data <- c(1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1)
  //   spc_data <- ptd_spc(df, value_field = data, date_field = date)   # screen_outliers = TRUE by default
  //   caption: "UPL = 4.6, Mean = 1.94, LPL = -0.72"                   # round(x, 2)
  //   ptd_spc(..., screen_outliers = FALSE)   # "produces the same output as Excel"
  //   caption: "UPL = 6.95, Mean = 1.94, LPL = -3.06"
  // Both figures: the 5th point is the one special cause, an improvement (improvement_direction
  // defaults to "increase"); every other point is common cause. (The figures' alt text says "a
  // further 12 grey common cause points"; the data has 13 after the spike: 18 daily points.)
  // By hand: mean 35 / 18 = 1.9444; moving ranges 1, 1, 1, 8, 9 and twelve 1s, MR̄ = 32 / 17 = 1.8824;
  // screening drops 8 and 9 (≥ 3.267 × 1.8824 = 6.15), so MR̄ = 15 / 15 = 1.
  const data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1];
  const round2 = (x: number): number => Math.round(x * 100) / 100;

  it("default (outlying moving ranges screened): UPL 4.6, mean 1.94, LPL −0.72", () => {
    const r = analysed(analyseSpc(data, "maximise"));
    expect(r.limits.mean).toBeCloseTo(35 / 18, 14);
    expect(r.limits.meanMovingRange).toBe(1);
    expect(r.limits.screenedMovingRanges).toBe(2);
    expect(r.limits.upperProcessLimit).toBeCloseTo(35 / 18 + 2.66, 14);
    expect(r.limits.lowerProcessLimit).toBeCloseTo(35 / 18 - 2.66, 14);
    expect(round2(r.limits.upperProcessLimit)).toBe(4.6);
    expect(round2(r.limits.mean)).toBe(1.94);
    expect(round2(r.limits.lowerProcessLimit)).toBe(-0.72);
    expect(special(r)).toEqual([4]);
    expect(r.points[4]).toMatchObject({
      rules: ["outside-limits"],
      variation: "improvement",
      side: "high",
    });
  });

  it("screenOutliers: false (the Making Data Count Excel tools): UPL 6.95, mean 1.94, LPL −3.06", () => {
    const r = analysed(analyseSpc(data, "maximise", { screenOutliers: false }));
    expect(r.limits.meanMovingRange).toBeCloseTo(32 / 17, 14);
    expect(r.limits.screenedMovingRanges).toBe(0);
    expect(r.limits.upperProcessLimit).toBeCloseTo(35 / 18 + (2.66 * 32) / 17, 14);
    expect(round2(r.limits.upperProcessLimit)).toBe(6.95);
    expect(round2(r.limits.mean)).toBe(1.94);
    expect(round2(r.limits.lowerProcessLimit)).toBe(-3.06);
    expect(special(r)).toEqual([4]);
    expect(r.points[4]?.variation).toBe("improvement");
  });
});

describe("analyseSpc rules, worked examples", () => {
  it("outside limits: 0, 20, … (12 points) then 100", () => {
    // mean = (6 × 0 + 6 × 20 + 100) / 13 = 220 / 13 = 16.923; ranges 20 (× 11) and 80:
    // MR̄ = 300 / 12 = 25, threshold 3.267 × 25 = 81.675 > 80 so nothing is screened;
    // upl = 16.923 + 2.66 × 25 = 83.423 < 100.
    const series = [...alternate(12, 0, 20), 100];
    const up = analysed(analyseSpc(series, "maximise"));
    expect(up.limits.mean).toBeCloseTo(220 / 13, 12);
    expect(up.limits.meanMovingRange).toBe(25);
    expect(up.limits.upperProcessLimit).toBeCloseTo(220 / 13 + 66.5, 12);
    expect(special(up)).toEqual([12]);
    expect(up.latest).toEqual({
      index: 12,
      value: 100,
      specialCause: true,
      rules: ["outside-limits"],
      variation: "improvement",
      side: "high",
    });
    expect(analysed(analyseSpc(series, "minimise")).latest.variation).toBe("concern");
    expect(analysed(analyseSpc(series, "range")).latest.variation).toBe("neither");
    expect(analysed(analyseSpc(series, undefined)).latest.variation).toBe("neither");
  });

  describe("shift: 7 points on one side of the mean", () => {
    it("marks all 7 points of the run", () => {
      // 12, 8, … (12 points, ends on 8) then 11, 12, 11, 12, 11, 12, 11: mean 200 / 19 = 10.526,
      // so exactly the last 7 points are above it. Limits 2.69 … 18.36; two sigma 5.30 … 15.75.
      const r = analysed(
        analyseSpc([...alternate(12, 12, 8), 11, 12, 11, 12, 11, 12, 11], "minimise")
      );
      expect(r.limits.mean).toBeCloseTo(200 / 19, 12);
      expect(special(r)).toEqual(range(12, 18));
      expect(marked(r, "shift")).toEqual(range(12, 18));
      expect(r.points.slice(12).every((p) => p.variation === "concern" && p.side === "high")).toBe(
        true
      );
    });

    it("6 points are not enough", () => {
      const r = analyseSpc([...alternate(12, 12, 8), 11, 12, 11, 12, 11, 12], "maximise");
      expect(special(r)).toEqual([]);
    });

    it("a point exactly on the mean breaks the run (sign(y − mean) = 0 in the reference)", () => {
      // Sum 220 over 20 points: mean exactly 11, and point 15 is 11.
      const onMean = [...alternate(12, 12, 8), 12, 13, 12, 11, 13, 13, 13, 13];
      const r = analysed(analyseSpc(onMean, "maximise"));
      expect(r.limits.mean).toBe(11);
      expect(special(r)).toEqual([]);
      // The same with 12 instead of 11 at point 15 is a shift of 8 (mean 11.05).
      const offMean = [...alternate(12, 12, 8), 12, 13, 12, 12, 13, 13, 13, 13];
      expect(marked(analyseSpc(offMean, "maximise"), "shift")).toEqual(range(12, 19));
    });

    it("shiftLength is configurable (6 flags the 6-point run); Infinity turns the rule off", () => {
      const six = [...alternate(12, 12, 8), 11, 12, 11, 12, 11, 12];
      expect(marked(analyseSpc(six, "maximise", { shiftLength: 6 }), "shift")).toEqual(
        range(12, 17)
      );
      const seven = [...alternate(12, 12, 8), 11, 12, 11, 12, 11, 12, 11];
      expect(special(analyseSpc(seven, "maximise", { shiftLength: Infinity }))).toEqual([]);
    });
  });

  describe("trend: 7 points each higher (or lower) than the last", () => {
    it("marks all 7 points, and a tie breaks the trend", () => {
      const rising = [...alternate(8, 10, 12), 9, 10, 11, 12, 13, 14, 15];
      const r = analysed(analyseSpc(rising, "minimise"));
      expect(special(r)).toEqual(range(8, 14));
      expect(marked(r, "trend")).toEqual(range(8, 14));
      expect(r.points.slice(8).every((p) => p.variation === "concern")).toBe(true);
      // 9, 10, 11, 11, 12, 13, 14, 15: eight points never falling, but the tie splits them
      // into runs of 3 and 5 points, so no trend (and nothing else).
      const tie = [...alternate(8, 10, 12), 9, 10, 11, 11, 12, 13, 14, 15];
      expect(special(analyseSpc(tie, "minimise"))).toEqual([]);
    });

    it("trendLength is configurable (PowerBI-SPC's default is 5)", () => {
      const tie = [...alternate(8, 10, 12), 9, 10, 11, 11, 12, 13, 14, 15];
      expect(marked(analyseSpc(tie, "minimise", { trendLength: 5 }), "trend")).toEqual(
        range(11, 15)
      );
    });

    it("labels a trend point by the step to its right when its right neighbour is in a trend", () => {
      // ptd_special_cause_type's sdy rule: the peak (index 12) ends a rising trend (6–12) and
      // starts a falling one (12–18); its right neighbour is in a trend, so it takes the
      // direction of the step to its right and is labelled decreasing.
      const peak = [...alternate(6, 10, 12), 4, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5, 4];
      const r = analysed(analyseSpc(peak, "maximise"));
      expect(marked(r, "trend")).toEqual(range(6, 18));
      expect(r.points[11]?.side).toBe("high");
      expect(r.points[12]?.rules).toEqual(["trend"]);
      expect(r.points[12]?.side).toBe("low");
      expect(r.points[12]?.variation).toBe("concern");
      expect(r.points[13]?.side).toBe("low");
    });
  });

  describe("two in three beyond two sigma on the same side", () => {
    it("marks the two points beyond two sigma, not the third", () => {
      // Mean 10.684, two sigma above at 15.610, limit 18.073: 16 and 16 are "close to limits",
      // the 11 between them is above the mean but not close.
      const r = analysed(analyseSpc([...alternate(14, 9, 11), 16, 11, 16, 9, 11], "minimise"));
      expect(r.limits.upperTwoSigma).toBeCloseTo(15.610136, 5);
      expect(special(r)).toEqual([14, 16]);
      expect(marked(r, "two-in-three")).toEqual([14, 16]);
      expect(r.points[14]?.variation).toBe("concern");
    });

    it("needs the third point on the same side of the mean (ptd_two_in_three: |Σ sign| = 3)", () => {
      // 9.5 is below the mean (10.605) while 16 and 16 are above two sigma (15.827).
      const r = analysed(analyseSpc([...alternate(14, 9, 11), 16, 9.5, 16, 9, 11], "minimise"));
      expect(r.limits.upperTwoSigma).toBeLessThan(16);
      expect(special(r)).toEqual([]);
    });

    it("does not count a point outside the limits (close_to_limits excludes outside_limits)", () => {
      // 31 is beyond two sigma (30.13) and 60 beyond the limit (38.22), 14 is above the mean
      // (13.95): only one "close" point in the window, so only 60 is special. (PowerBI-SPC's
      // twoInThree would count 60 as beyond two sigma and flag 31 too.)
      const r = analysed(analyseSpc([...alternate(14, 6, 14), 31, 14, 60, 6, 14], "minimise"));
      expect(r.limits.upperTwoSigma).toBeLessThan(31);
      expect(r.limits.upperProcessLimit).toBeGreaterThan(31);
      expect(special(r)).toEqual([16]);
      expect(r.points[16]?.rules).toEqual(["outside-limits"]);
    });
  });

  describe("assurance (R/ptd_calculate_assurance_type.R)", () => {
    // Limits of rnorm(20): −3.011 … 3.295.
    it.each([
      ["maximise", 4, "consistently-fail"],
      ["maximise", -4, "consistently-pass"],
      ["maximise", 0.5, "hit-and-miss"],
      ["minimise", 4, "consistently-pass"],
      ["minimise", -4, "consistently-fail"],
      ["minimise", 0.5, "hit-and-miss"],
    ] as const)("%s with target %d: %s", (polarity, target, assurance) => {
      expect(analysed(analyseSpc(RNORM_123_20, polarity, { target })).assurance).toBe(assurance);
    });

    it("none without a target, for a range or no polarity, or for a non-finite target", () => {
      expect(analysed(analyseSpc(RNORM_123_20, "maximise")).assurance).toBeUndefined();
      expect(analysed(analyseSpc(RNORM_123_20, "range", { target: 4 })).assurance).toBeUndefined();
      expect(
        analysed(analyseSpc(RNORM_123_20, undefined, { target: 4 })).assurance
      ).toBeUndefined();
      expect(
        analysed(analyseSpc(RNORM_123_20, "maximise", { target: NaN })).assurance
      ).toBeUndefined();
    });
  });
});

describe("analyseSpc input handling", () => {
  it("reports too few points below the minimum (12 by default)", () => {
    expect(SPC_DEFAULTS.minimumPoints).toBe(12);
    expect(analyseSpc(range(1, 11), "maximise")).toEqual({
      kind: "too-few-points",
      points: 11,
      minimum: 12,
    });
    expect(analyseSpc([], undefined)).toEqual({ kind: "too-few-points", points: 0, minimum: 12 });
    expect(analyseSpc(range(1, 12), "maximise").kind).toBe("analysed");
    expect(analyseSpc([1, 2, 3], "maximise", { minimumPoints: 0 })).toMatchObject({
      kind: "analysed",
    });
    expect(analyseSpc([1], "maximise", { minimumPoints: 0 })).toEqual({
      kind: "too-few-points",
      points: 1,
      minimum: 2,
    });
  });

  it("skips non-finite values, keeps input indices, and counts only finite values", () => {
    const withGaps = [NaN, ...alternate(12, 0, 20), Infinity, 100, -Infinity];
    const r = analysed(analyseSpc(withGaps, "maximise"));
    const clean = analysed(analyseSpc([...alternate(12, 0, 20), 100], "maximise"));
    expect(r.limits).toEqual(clean.limits);
    expect(r.points.map((p) => p.index)).toEqual([...range(1, 12), 14]);
    expect(r.latest.index).toBe(14);
    expect(r.latest.rules).toEqual(["outside-limits"]);
    expect(analyseSpc([NaN, ...range(1, 11), Infinity], "maximise")).toEqual({
      kind: "too-few-points",
      points: 11,
      minimum: 12,
    });
  });

  it("returns the same frozen rule lists each time (no per-point allocation)", () => {
    const r = analysed(analyseSpc([...alternate(12, 0, 20), 100], "maximise"));
    expect(Object.isFrozen(r.points[0]?.rules)).toBe(true);
    expect(r.points[0]?.rules).toBe(r.points[1]?.rules);
  });
});

// ---------------------------------------------------------------------------------------------
// A literal, slow transcription of NHSRplotthedots' R code (R/ptd_spc_standard.R and
// R/ptd_calculate_point_type.R, commit 050b07d), used as an oracle for random series.

const rSign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

function rSevenPointOneSideMean(v: number[]): number[] {
  const vp = [0, 0, 0, 0, 0, 0, ...v];
  return v.map((_, j) => {
    const i = j + 6;
    let all = true;
    for (let k = 1; k <= 6; k++) if (vp[i] !== vp[i - k]) all = false;
    return all && vp[i] !== 0 ? 1 : 0;
  });
}

function rPartOfSevenTrend(v: number[]): number[] {
  const vp = [...v, 0, 0, 0, 0, 0, 0];
  return v.map((_, i) => (range(0, 6).some((k) => Math.abs(vp[i + k] ?? 0) === 1) ? 1 : 0));
}

function rSevenPointTrend(y: number[]): number[] {
  if (y.length < 7) return y.map(() => 0);
  return y.map((_, i) => {
    if (i < 6) return 0;
    const window = range(0, 6).map((k) => y[i - k] as number); // y[i - 0:6]
    const d = window.slice(1).map((w, k) => rSign(w - (window[k] as number)) * -1);
    if (d.every((x) => x === 1)) return 1;
    if (d.every((x) => x === -1)) return -1;
    return 0;
  });
}

function rTwoInThree(v: number[], rtm: number[]): number[] {
  const vp = [0, 0, ...v, 0, 0];
  const rp = [0, 0, ...rtm, 0, 0];
  const sum = (a: number[], from: number): number =>
    (a[from] as number) + (a[from + 1] as number) + (a[from + 2] as number);
  return v.map((_, i) =>
    (sum(vp, i) >= 2 && Math.abs(sum(rp, i)) === 3) ||
    (sum(vp, i + 1) >= 2 && Math.abs(sum(rp, i + 1)) === 3) ||
    (sum(vp, i + 2) >= 2 && Math.abs(sum(rp, i + 2)) === 3)
      ? 1
      : 0
  );
}

interface RPoint {
  type: string;
  pointType: string;
  trend: number;
  twoInThree: number;
  shift: number;
  outside: boolean;
}

function rReference(y: number[], improvementDirection: number): RPoint[] {
  const l = xmrLimits(y); // the limits themselves are checked against R's snapshots elsewhere
  const outside = y.map((v) => v > l.upperProcessLimit || v < l.lowerProcessLimit);
  const rtm = y.map((v) => rSign(v - l.mean));
  const close = y.map((v, i) =>
    !outside[i] && (v < l.lowerTwoSigma || v > l.upperTwoSigma) ? 1 : 0
  );
  const trend = rPartOfSevenTrend(rSevenPointTrend(y));
  const twoInThreeRaw = rTwoInThree(close, rtm);
  const twoInThree = twoInThreeRaw.map((v, i) =>
    v === 1 && Math.abs(close[i] as number) === 1 ? 1 : 0
  );
  const shift = rPartOfSevenTrend(rSevenPointOneSideMean(rtm));
  const diffs = y.slice(1).map((v, i) => rSign(v - (y[i] as number)));
  // sdy <- ifelse(c(part[-1], 0) & part, c(sdy, tail(sdy, 1)), c(0, sdy))
  const sdy = y.map((_, i) =>
    i + 1 < y.length && trend[i + 1] === 1 && trend[i] === 1
      ? (diffs[i] as number)
      : i === 0
        ? 0
        : (diffs[i - 1] as number)
  );
  return y.map((_, i) => {
    const above = (rtm[i] as number) > 0 ? "Above" : "Below";
    let type = "Common Cause";
    if (outside[i]) type = rtm[i] === 1 ? "Above UCL" : "Below LCL";
    else if (trend[i]) type = `7 Point Trend (${sdy[i] === 1 ? "In" : "De"}creasing)`;
    else if (twoInThree[i]) type = `2 in 3 ${above} CL`;
    else if (shift[i]) type = `7 Points ${above} CL`;
    let v = /Above|Increasing/.test(type) ? 1 : /Below|Decreasing/.test(type) ? -1 : 0;
    let pointType: string;
    if (improvementDirection === 0) {
      pointType =
        v > 0 ? "special_cause_neutral_high" : v < 0 ? "special_cause_neutral_low" : "common_cause";
    } else {
      v *= improvementDirection;
      pointType =
        v > 0 ? "special_cause_improvement" : v < 0 ? "special_cause_concern" : "common_cause";
    }
    return {
      type,
      pointType,
      trend: trend[i] as number,
      twoInThree: twoInThree[i] as number,
      shift: shift[i] as number,
      outside: outside[i] as boolean,
    };
  });
}

function ourPointType(p: SpcPoint): string {
  if (!p.specialCause) return "common_cause";
  if (p.variation === "improvement") return "special_cause_improvement";
  if (p.variation === "concern") return "special_cause_concern";
  return p.side === "high" ? "special_cause_neutral_high" : "special_cause_neutral_low";
}

/** Random walks and noisy series with ties, runs, trends and spikes. */
const seriesArb = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 12, maxLength: 40 }),
  fc
    .array(fc.integer({ min: -2, max: 3 }), { minLength: 12, maxLength: 40 })
    .map((steps) => steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0))),
  fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 12, maxLength: 40 }),
  // Mostly rising walks, for trends (with ties and the odd fall).
  fc
    .array(fc.constantFrom<number>(-1, 0, 1, 1, 2, 2, 3), { minLength: 12, maxLength: 40 })
    .map((steps) => steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0))),
  fc
    .tuple(
      fc.array(fc.integer({ min: 8, max: 12 }), { minLength: 12, maxLength: 30 }),
      fc.nat(29),
      fc.integer({ min: -60, max: 60 })
    )
    .map(([s, at, spike]) => s.map((v, i) => (i === at % s.length ? v + spike : v)))
);

describe("the R transcription used as oracle reproduces the reference's own unit tests", () => {
  // tests/testthat/test-ptd_calculate_point_type.R, nhs-r-community/NHSRplotthedots (commit 050b07d):
  // the same inputs and expected vectors, run through the TypeScript transcriptions above.
  it("ptd_seven_point_one_side_mean", () => {
    expect(rSevenPointOneSideMean([1, 1, 1, 1, 1, 1])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rSevenPointOneSideMean([1, 1, 1, 1, 1, 1, -1])).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rSevenPointOneSideMean([1, 1, 1, 1, 1, 1, 1, 1, -1])).toEqual([
      0, 0, 0, 0, 0, 0, 1, 1, 0,
    ]);
    expect(rSevenPointOneSideMean([-1, -1, -1, -1, -1, -1, -1, -1, 1])).toEqual([
      0, 0, 0, 0, 0, 0, 1, 1, 0,
    ]);
  });

  it("ptd_part_of_seven_trend", () => {
    expect(rPartOfSevenTrend([0, 0, 0, 0, 0, 0])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rPartOfSevenTrend([0, 0, 0, 0, 0, 0, 1, 0])).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(rPartOfSevenTrend([0, 0, 0, 0, 0, 0, 0, 1, 0])).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(rPartOfSevenTrend([0, 0, 0, 0, 0, 0, -1, 0])).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
  });

  it("ptd_seven_point_trend", () => {
    expect(rSevenPointTrend(range(1, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rSevenPointTrend([1, 2, 3, 3, 4, 5, 6])).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rSevenPointTrend(range(1, 7))).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(rSevenPointTrend([2, ...range(1, 7), 3])).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(rSevenPointTrend(range(1, 7).reverse())).toEqual([0, 0, 0, 0, 0, 0, -1]);
    expect(rSevenPointTrend([2, 7, 6, 5, 4, 3, 2, 1, 3])).toEqual([0, 0, 0, 0, 0, 0, 0, -1, 0]);
  });

  it("ptd_two_in_three, same side and opposite sides", () => {
    expect(rTwoInThree([1, 0, 1], [1, 1, 1])).toEqual([1, 1, 1]);
    expect(rTwoInThree([0, 1, 1], [1, 1, 1])).toEqual([1, 1, 1]);
    expect(rTwoInThree([1, 1, 0], [1, 1, 1])).toEqual([1, 1, 1]);
    expect(rTwoInThree([0, 0, 1, 0, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1])).toEqual([
      0, 0, 1, 1, 1, 0, 0,
    ]);
    expect(rTwoInThree([0, 0, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1])).toEqual([
      0, 1, 1, 1, 1, 0, 0,
    ]);
    expect(rTwoInThree([1, 0, 1], [1, -1, 1])).toEqual([0, 0, 0]);
    expect(rTwoInThree([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1])).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
  });
});

describe("analyseSpc matches a literal transcription of the reference R code", () => {
  it("on random series: rules, labels and variation agree point by point", () => {
    fc.assert(
      fc.property(
        seriesArb,
        fc.constantFrom<Polarity | undefined>("maximise", "minimise", "range", undefined),
        (y, polarity) => {
          const direction = polarity === "maximise" ? 1 : polarity === "minimise" ? -1 : 0;
          const expected = rReference(y, direction);
          const ours = analysed(analyseSpc(y, polarity));
          ours.points.forEach((p, i) => {
            const e = expected[i] as RPoint;
            expect(p.rules.includes("outside-limits")).toBe(e.outside);
            expect(p.rules.includes("trend")).toBe(e.trend === 1);
            expect(p.rules.includes("two-in-three")).toBe(e.twoInThree === 1);
            expect(p.rules.includes("shift")).toBe(e.shift === 1);
            expect(p.specialCause).toBe(e.type !== "Common Cause");
            expect(ourPointType(p)).toBe(e.pointType);
          });
        }
      ),
      { numRuns: 2000 }
    );
  });
});

describe("analyseSpc properties", () => {
  it("a constant series (≥ 12 points) has no special cause and never throws", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 12, max: 60 }),
        fc.constantFrom<Polarity | undefined>("maximise", "minimise", "range", undefined),
        (value, n, polarity) => {
          const r = analysed(analyseSpc(new Array<number>(n).fill(value), polarity));
          expect(special(r)).toEqual([]);
        }
      )
    );
  });

  it("a point far beyond the range, added at the end, is outside the limits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 12, maxLength: 48 }),
        fc.boolean(),
        (base, screenOutliers) => {
          const mean = base.reduce((a, b) => a + b, 0) / base.length;
          const spread = Math.max(...base) - Math.min(...base);
          const far = mean + 100 * (spread + 1);
          const r = analysed(analyseSpc([...base, far], "maximise", { screenOutliers }));
          expect(r.latest.rules).toContain("outside-limits");
          expect(r.latest.side).toBe("high");
          expect(r.latest.variation).toBe("improvement");
        }
      )
    );
  });

  it("maximise and minimise swap improvement and concern; range gives neither", () => {
    fc.assert(
      fc.property(seriesArb, (y) => {
        const up = analysed(analyseSpc(y, "maximise"));
        const down = analysed(analyseSpc(y, "minimise"));
        const neutral = analysed(analyseSpc(y, "range"));
        const swap = { improvement: "concern", concern: "improvement", common: "common" } as const;
        up.points.forEach((p, i) => {
          expect(p.variation).not.toBe("neither");
          expect(down.points[i]?.variation).toBe(swap[p.variation as keyof typeof swap]);
          expect(down.points[i]?.rules).toEqual(p.rules);
          expect(neutral.points[i]?.variation).toBe(p.specialCause ? "neither" : "common");
        });
      })
    );
  });

  it("never throws on arbitrary doubles, polarities and options", () => {
    const optionsArb = fc.option(
      fc.record(
        {
          minimumPoints: fc.double(),
          shiftLength: fc.double(),
          trendLength: fc.double(),
          screenOutliers: fc.boolean(),
          target: fc.double(),
        },
        { requiredKeys: [] }
      ),
      { nil: undefined }
    );
    fc.assert(
      fc.property(
        fc.array(fc.double(), { maxLength: 60 }),
        fc.constantFrom<Polarity | undefined>("maximise", "minimise", "range", undefined),
        optionsArb,
        (values, polarity, options) => {
          const r = analyseSpc(values, polarity, options);
          const finite = values.filter(Number.isFinite).length;
          if (r.kind === "too-few-points") {
            expect(r.points).toBe(finite);
            expect(r.points).toBeLessThan(r.minimum);
          } else {
            expect(r.points).toHaveLength(finite);
            expect(r.latest).toBe(r.points[finite - 1]);
            for (const p of r.points) {
              expect(Number.isFinite(p.value)).toBe(true);
              expect(p.specialCause).toBe(p.rules.length > 0);
            }
          }
        }
      ),
      { numRuns: 2000 }
    );
  });

  it("never throws on the default options with plain fc.array(fc.double())", () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (values) => {
        expect(() => analyseSpc(values, "maximise")).not.toThrow();
      })
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The fast path (lazy points, latest point from the runs that end at it, fused passes) against
// the straightforward definition: xmrLimits + one rule pass + eager points
// (special-cause.reference.ts). Every field must be identical, number for number.

/** Series with the features the rules look at, and with non-finite values sprinkled in. */
const anySeriesArb = fc
  .tuple(
    fc.oneof(
      seriesArb,
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 40 }),
      fc.array(fc.constantFrom(0, 1, 2, 0.1, 0.2, 0.30000000000000004), { maxLength: 40 }),
      fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 40 })
    ),
    fc.array(
      fc.tuple(
        fc.nat(45),
        fc.constantFrom(NaN, Infinity, -Infinity, undefined as unknown as number)
      ),
      { maxLength: 4 }
    )
  )
  .map(([values, gaps]) => {
    const out = [...values];
    for (const [at, gap] of gaps) if (out.length > 0) out[at % out.length] = gap;
    return out;
  });

const optionsArb = fc.option(
  fc.record(
    {
      minimumPoints: fc.oneof(fc.integer({ min: 0, max: 14 }), fc.constant(NaN)),
      shiftLength: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(Infinity)),
      trendLength: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(Infinity)),
      screenOutliers: fc.boolean(),
      target: fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constant(NaN)),
    },
    { requiredKeys: [] }
  ),
  { nil: undefined }
);

function expectSameResult(fast: SpcResult, slow: SpcResult): void {
  expect(fast.kind).toBe(slow.kind);
  if (fast.kind === "too-few-points" || slow.kind === "too-few-points") {
    expect(fast).toEqual(slow);
    return;
  }
  expect(fast.latest).toEqual(slow.latest);
  expect(fast.assurance).toBe(slow.assurance);
  // Object.is per field: +0 and −0, NaN and NaN are told apart exactly.
  for (const key of Object.keys(slow.limits) as (keyof typeof slow.limits)[]) {
    expect(Object.is(fast.limits[key], slow.limits[key]), key).toBe(true);
  }
  expect([...fast.points]).toEqual([...slow.points]);
  expect(fast.latest).toBe(fast.points[fast.points.length - 1]);
}

describe("analyseSpc (fast path) equals the straightforward definition", () => {
  it("on random series, polarities and options, field by field", () => {
    fc.assert(
      fc.property(
        anySeriesArb,
        fc.constantFrom<Polarity | undefined>("maximise", "minimise", "range", undefined),
        optionsArb,
        anySeriesArb,
        (values, polarity, options, other) => {
          const fast = analyseSpc(values, polarity, options);
          const slow = analyseSpcReference(values, polarity, options);
          // Analyse another series before reading the lazy fields: the shared scratch
          // buffer must not leak between analyses.
          analyseSpc(other, polarity, options);
          if (fast.kind === "analysed") void fast.points;
          analyseSpc(other, "maximise");
          expectSameResult(fast, slow);
        }
      ),
      { numRuns: 3000 }
    );
  });

  it("does not see later changes to the input array", () => {
    const values = [...alternate(12, 0, 20), 100];
    const r = analysed(analyseSpc(values, "maximise"));
    values.fill(7);
    expectSameResult(r, analyseSpcReference([...alternate(12, 0, 20), 100], "maximise"));
  });

  it("serialises with its lazy fields (toJSON)", () => {
    const values = [...alternate(12, 0, 20), 100];
    const r = analysed(analyseSpc(values, "maximise", { target: 30 }));
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["kind", "limits", "points", "latest", "assurance"]);
    expect(json).toEqual(
      JSON.parse(JSON.stringify(analyseSpcReference(values, "maximise", { target: 30 })))
    );
  });

  it("holey arrays (what Array.prototype.map returns) give the same result", () => {
    fc.assert(
      fc.property(seriesArb, (values) => {
        const holey = values.map((v) => v);
        expectSameResult(analyseSpc(holey, "minimise"), analyseSpcReference(values, "minimise"));
      })
    );
  });
});
