import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { funnelLimits, funnelProportions, type FunnelUnitResult } from "./funnel";
import { Z_95, Z_99_8 } from "./wilson";

function comparable(
  u: FunnelUnitResult | undefined
): Exclude<FunnelUnitResult, { band: "not-comparable" }> {
  if (u === undefined || u.band === "not-comparable") throw new Error("expected a comparable unit");
  return u;
}

describe("funnelProportions, hand-computed example", () => {
  // p0 = (20 + 50 + 198 + 32) / (100 + 100 + 500 + 50) = 300 / 750 = 0.4.
  // n = 100: sd = √(0.4 × 0.6 / 100) = 0.0489898;
  //   95%: 0.4 ± 1.96 × sd = 0.303980 … 0.496020; 99.8%: 0.4 ± 3.09 × sd = 0.248622 … 0.551378.
  // n = 500: sd = 0.0219089; 95%: 0.357058 … 0.442942; 99.8%: 0.332301 … 0.467699.
  // n = 50:  sd = 0.0692820; 95%: 0.264207 … 0.535793; 99.8%: 0.185919 … 0.614081.
  const units = [
    { numerator: 20, denominator: 100 }, // 0.2   < 0.248622: outside 99.8%, low
    { numerator: 50, denominator: 100 }, // 0.5   in (0.496020, 0.551378]: outside 95%, high
    { numerator: 198, denominator: 500 }, // 0.396 within
    { numerator: 32, denominator: 50 }, // 0.64  > 0.614081: outside 99.8%, high
    { numerator: 0, denominator: 0 }, // not comparable
    { numerator: 5, denominator: -1 }, // not comparable
    { numerator: 60, denominator: 50 }, // numerator > denominator: not comparable
  ];
  const r = funnelProportions(units);

  it("pools p0 over comparable units only", () => {
    expect(r.p0).toBe(0.4);
  });

  it("computes the limits p0 ± z √(p0(1 − p0)/n)", () => {
    const a = comparable(r.units[0]);
    expect(a.lower95).toBeCloseTo(0.30398, 5);
    expect(a.upper95).toBeCloseTo(0.49602, 5);
    expect(a.lower998).toBeCloseTo(0.248622, 6);
    expect(a.upper998).toBeCloseTo(0.551378, 6);
    const d = comparable(r.units[3]);
    expect(d.lower998).toBeCloseTo(0.185919, 6);
    expect(d.upper998).toBeCloseTo(0.614081, 6);
  });

  it("bands and directions", () => {
    expect(r.units.map((u) => u.band)).toEqual([
      "outside-99.8",
      "outside-95",
      "within",
      "outside-99.8",
      "not-comparable",
      "not-comparable",
      "not-comparable",
    ]);
    expect(r.units.slice(0, 4).map((u) => comparable(u).direction)).toEqual([
      "low",
      "high",
      null,
      "high",
    ]);
    expect(r.units.map((u) => u.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("can compare with a fixed target instead of the pooled p0", () => {
    const fixed = funnelProportions(units, { target: 0.2 });
    expect(fixed.p0).toBe(0.2);
    expect(fixed.units[0]?.band).toBe("within");
  });
});

describe("funnelLimits", () => {
  it("clamps to [0, 1]", () => {
    // 0.02 ± 3.09 × √(0.02 × 0.98 / 10) = 0.02 ± 3.09 × 0.0442719 = 0.02 ± 0.136800 → [0, 0.156800].
    const l = funnelLimits(0.02, 10, 3.09);
    expect(l.lower).toBe(0);
    expect(l.upper).toBeCloseTo(0.1568, 6);
    expect(funnelLimits(0.98, 10, 3.09).upper).toBe(1);
  });

  it("is NaN for a p0 outside [0, 1] or a denominator ≤ 0", () => {
    expect(funnelLimits(1.2, 10, 1.96).lower).toBeNaN();
    expect(funnelLimits(0.5, 0, 1.96).upper).toBeNaN();
  });

  // ukhsa-collaboration/PHEindicatormethods (commit 093fd28), tests/testthat/
  // testdata_funnel_prop_outputs.csv (used by testFunnels.R, "confidence limits calculate
  // correctly for proportions"): Population, Lower2s0025limit, Upper2s0025limit,
  // Lower3s0001limit, Upper3s0001limit — percentages printed to 6 decimals. Their Baseline,
  // 80.642448, is the pooled proportion of testdata_funnel_prop_inputs.csv: Σ numerator /
  // Σ denominator over its 303 rows = 0.806424478571495 (recomputed from the file). With that
  // p0 and qnorm's z, every one of the file's 100 rows is reproduced to all 6 printed decimals
  // (checked with an independent script); these are a sample, compared to half a unit in the
  // 6th decimal.
  const PHE_POOLED_P0 = 0.806424478571495;
  it.each([
    [1, 3.204264, 100, 0, 100],
    [2, 25.885383, 100, 0, 100],
    [3, 35.933491, 100, 10.150815, 100],
    [9, 54.82972, 100, 39.944085, 100],
    [20, 63.326743, 97.958152, 53.341156, 100],
    [50, 69.691035, 91.593861, 63.375595, 97.909301],
    [68, 71.251689, 90.033207, 65.836243, 95.448652],
    [539, 77.306949, 83.977947, 75.38344, 85.901456],
    [4341, 79.467117, 81.817779, 78.789329, 82.495567],
    [34936, 80.228144, 81.056751, 79.989225, 81.295671],
    [72486, 80.354822, 80.930074, 80.188954, 81.095941],
    [110000, 80.408963, 80.875933, 80.274317, 81.010578],
  ])(
    "with qnorm z values, matches PHEindicatormethods at n = %d to 6 decimals",
    (n, lower2, upper2, lower3, upper3) => {
      const inner = funnelLimits(PHE_POOLED_P0, n, Z_95);
      const outer = funnelLimits(PHE_POOLED_P0, n, Z_99_8);
      const printed = (actual: number, expected: number): void =>
        expect(Math.abs(actual * 100 - expected)).toBeLessThanOrEqual(5e-7);
      printed(inner.lower, lower2);
      printed(inner.upper, upper2);
      printed(outer.lower, lower3);
      printed(outer.upper, upper3);
    }
  );

  it("equals a literal transcription of PHEindicatormethods' sigma_adjustment (R/utils.R)", () => {
    // sigma_adjustment(p, population, average_proportion, side, multiplier = 1), with qnorm(p) = z.
    const sigmaAdjustment = (z: number, population: number, p0: number, side: 1 | -1): number => {
      const q2 = z * z;
      const firstPart = p0 * (population / q2 + 1);
      const adj = Math.sqrt(
        (-8 * p0 * (population / q2 + 1)) ** 2 -
          64 *
            (1 / q2 + 1 / population) *
            p0 *
            (population * (p0 * (population / q2 + 2) - 1) + q2 * (p0 - 1))
      );
      const lastPart = 1 / q2 + 1 / population;
      return (firstPart + (side * adj) / 8) / lastPart / population;
    };
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(Z_95, Z_99_8),
        (p0, n, z) => {
          const l = funnelLimits(p0, n, z);
          expect(l.lower).toBeCloseTo(Math.max(0, sigmaAdjustment(z, n, p0, -1)), 9);
          expect(l.upper).toBeCloseTo(Math.min(1, sigmaAdjustment(z, n, p0, 1)), 9);
        }
      )
    );
  });
});

describe("funnelProportions against PHEindicatormethods' significance labels", () => {
  // Rows of tests/testthat/testdata_funnel_prop_inputs.csv (PHEindicatormethods, commit 093fd28):
  // Area, numerator, denominator, significance (from assign_funnel_significance). The pooled
  // average over all 303 rows (0.806424478571495, printed as Baseline 80.642448 in the outputs
  // file) is passed as the target, since only 8 of the rows are here.
  const rows = [
    ["New Forest PCT", 35078.488, 41980, "High (0.001)"],
    ["Norwich PCT", 24803.6256, 31824, "Low (0.001)"],
    ["South Gloucestershire PCT", 50050.7443, 61921, "Not significant"],
    ["Central Derby PCT", 24648.7596, 30521, "Not significant"],
    ["West Norfolk PCT", 26789.238, 33012, "High (0.025)"],
    ["North Tees PCT", 36850.0492, 45449, "High (0.025)"],
    ["North Devon PCT", 30277.5312, 37828, "Low (0.025)"],
    ["Barnet PCT", 70670.2858, 93122, "Low (0.001)"],
  ] as const;
  const label = (u: FunnelUnitResult): string => {
    const c = comparable(u);
    if (c.band === "within") return "Not significant";
    return `${c.direction === "high" ? "High" : "Low"} (${c.band === "outside-99.8" ? "0.001" : "0.025"})`;
  };

  it.each([
    ["PHE's qnorm z values", Z_95, Z_99_8],
    ["the default 1.96 and 3.09", undefined, undefined],
  ])("with %s, every label is reproduced", (_, z95, z998) => {
    const r = funnelProportions(
      rows.map(([, numerator, denominator]) => ({ numerator, denominator })),
      { z95, z998, target: 0.806424478571495 }
    );
    expect(r.units.map(label)).toEqual(rows.map((row) => row[3]));
  });
});

describe("funnelProportions properties", () => {
  it("never throws, and inner limits lie within outer ones", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ numerator: fc.double(), denominator: fc.double() })),
        (units) => {
          const r = funnelProportions(units);
          for (const u of r.units) {
            if (u.band === "not-comparable") continue;
            expect(u.lower998).toBeLessThanOrEqual(u.lower95 + 1e-12);
            expect(u.upper998).toBeGreaterThanOrEqual(u.upper95 - 1e-12);
          }
        }
      )
    );
  });
});
