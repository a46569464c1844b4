import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BYAR_MIN_COUNT,
  byarInterval,
  exactPoissonInterval,
  gammaQuantile,
  logGamma,
  normalQuantile,
  rateInterval,
  regularizedGamma,
} from "./byar";
import { Z_95, Z_99_8 } from "./wilson";

/** |actual − expected| ≤ tolerance × |expected| (R's expect_equal allows 1.5e-8). */
function expectRelative(actual: number, expected: number, tolerance = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

// Expected values: ukhsa-collaboration/PHEindicatormethods (commit 093fd28),
// tests/testthat/testdata_Byars_Wilson.xlsx, sheet testdata_B_W, the rows with method "Byars"
// (used by tests/testthat/testByars.R). The last row's lower limit is NA: Byar's formula is
// negative there.
const PHE_BYARS: readonly [number, number, number, number][] = [
  // x, z, lowercl, uppercl
  [65, Z_95, 50.163187710459454, 82.84913854593984],
  [1045, Z_95, 982.5932018073325, 1110.33121298565],
  [1, Z_95, 0.01307213290150435, 5.5637555824752605],
  [65, Z_99_8, 42.8802614714802, 94.00029084431802],
  [1045, Z_99_8, 947.9407035610374, 1148.806160988033],
  [10, Z_99_8, 2.916318374695686, 24.193724927880535],
  [1, Z_99_8, NaN, 9.362180217908362],
];

describe("byarInterval matches PHEindicatormethods' byars_lower / byars_upper", () => {
  it.each(PHE_BYARS)("x = %d, z = %f", (x, z, lower, upper) => {
    const interval = byarInterval(x, z);
    if (Number.isNaN(lower)) expect(interval.lower).toBeNaN();
    else expectRelative(interval.lower, lower);
    expectRelative(interval.upper, upper);
  });

  it("defaults to the 95% z", () => {
    expect(byarInterval(65)).toEqual(byarInterval(65, Z_95));
  });

  it("gives NaN for the lower limit at 0 (R: 0 × −∞) but still an upper limit", () => {
    const interval = byarInterval(0);
    expect(interval.lower).toBeNaN();
    // (0 + 1)(1 − 1/9 + z/3)³
    expectRelative(interval.upper, (1 - 1 / 9 + Z_95 / 3) ** 3, 1e-15);
  });

  it("gives NaN, not an error, for invalid input", () => {
    for (const [x, z] of [
      [-1, Z_95],
      [NaN, Z_95],
      [Infinity, Z_95],
      [5, -1],
      [5, NaN],
    ] as const) {
      const interval = byarInterval(x, z);
      expect([interval.lower, interval.upper].every(Number.isNaN)).toBe(true);
    }
  });
});

// Expected values: ukhsa-collaboration/PHEindicatormethods (commit 093fd28),
// tests/testthat/testdata_Rate.xlsx, sheet testdata_Rate (used by tests/testthat/testRates.R),
// rows Area1–Area8 at multiplier 100 and 100000, and Area12 (numerator above denominator).
const PHE_RATES: readonly [number, number, number, number, number, number, number, number][] = [
  // numerator, denominator, multiplier, value, lower95, upper95, lower99.8, upper99.8
  [
    1, 100, 100, 1, 0.025317807984289897, 5.571643390938898, 0.0010005003335835344,
    9.233413476451585,
  ],
  [5, 100, 100, 5, 1.62348639011842, 11.668332079322669, 0.739371731917839, 16.454745203680105],
  [20, 100, 100, 20, 12.211428834875937, 30.889880369197066, 8.922802365144193, 38.08503562504191],
  [65, 100, 100, 65, 50.163187710459454, 82.84913854593984, 42.8802614714802, 94.00029084431802],
  [
    9856, 12345, 100, 79.83799108950991, 78.26949058976757, 81.4300165427214, 77.37590543271052,
    82.3544727709543,
  ],
  [
    7776456, 7564336677, 100, 0.10280420256339154, 0.10273196005302074, 0.10287648334092832,
    0.102690317308454, 0.10291817639509068,
  ],
  [
    222, 3215, 100, 6.905132192846033, 6.026574877652675, 7.87572937087185, 5.560737695259854,
    8.46104668173341,
  ],
  [
    999, 3456, 100, 28.90625, 27.14130493609052, 30.755833237378415, 26.162147596445767,
    31.845604819822654,
  ],
  [
    1, 100, 100000, 1000, 25.317807984289896, 5571.643390938898, 1.0005003335835343,
    9233.413476451586,
  ],
  [
    5, 100, 100000, 5000, 1623.4863901184199, 11668.332079322669, 739.3717319178389,
    16454.745203680104,
  ],
  [
    20, 100, 100000, 20000, 12211.428834875936, 30889.880369197064, 8922.802365144193,
    38085.03562504191,
  ],
  [
    65, 100, 100000, 65000, 50163.18771045945, 82849.13854593984, 42880.261471480204,
    94000.290844318,
  ],
  [
    9856, 12345, 100000, 79837.99108950992, 78269.49058976758, 81430.01654272141, 77375.90543271053,
    82354.47277095431,
  ],
  [
    7776456, 7564336677, 100000, 102.80420256339154, 102.73196005302074, 102.87648334092832,
    102.690317308454, 102.91817639509068,
  ],
  [
    222, 3215, 100000, 6905.132192846034, 6026.574877652674, 7875.729370871851, 5560.737695259853,
    8461.04668173341,
  ],
  [
    999, 3456, 100000, 28906.25, 27141.30493609052, 30755.833237378414, 26162.147596445768,
    31845.604819822653,
  ],
  [
    250, 220, 100000, 113636.36363636365, 99984.94738532876, 128631.14487455782, 92710.00554438953,
    137651.23772147458,
  ],
];

// The same file, sheet testdata_Rate_g (grouped sums, 95%, per 100,000): 2 events take the
// exact branch, 10 events already take Byar's.
const PHE_RATES_GROUPED: readonly [number, number, number, number, number][] = [
  // numerator, denominator, value, lower95, upper95
  [2, 200, 1000, 121.10463927198258, 3612.3438338619794],
  [10, 200, 5000, 2393.7249569837822, 9195.729302878237],
  [40, 200, 20000, 14286.649933218456, 27235.04966001213],
  [130, 200, 65000, 54306.52101925725, 77182.74430661963],
  [19712, 24690, 79837.99108950992, 78727.30027133638, 80960.43271813256],
  [15552912, 15128673354, 102.80420256339154, 102.7531168009107, 102.85530745877516],
  [444, 6430, 6905.132192846034, 6277.68811414578, 7578.304458634362],
  [1998, 6912, 28906.25, 27652.52008830221, 30202.169187218453],
];

describe("rateInterval matches PHEindicatormethods' phe_rate", () => {
  it.each(PHE_RATES)(
    "%d / %d × %d",
    (x, n, multiplier, value, lower95, upper95, lower998, upper998) => {
      const at95 = rateInterval(x, n, multiplier);
      expectRelative(at95.value, value, 1e-15);
      expectRelative(at95.lower, lower95);
      expectRelative(at95.upper, upper95);
      expect(at95.method).toBe(x < 10 ? "exact-poisson" : "byar");
      const at998 = rateInterval(x, n, multiplier, 0.998);
      expectRelative(at998.lower, lower998);
      expectRelative(at998.upper, upper998);
    }
  );

  it.each(PHE_RATES_GROUPED)("grouped %d / %d per 100,000", (x, n, value, lower, upper) => {
    const interval = rateInterval(x, n, 100000, 0.95);
    expectRelative(interval.value, value, 1e-15);
    expectRelative(interval.lower, lower);
    expectRelative(interval.upper, upper);
  });

  it("switches from the exact interval to Byar's at 10 events, as phe_rate's `x < 10`", () => {
    expect(BYAR_MIN_COUNT).toBe(10);
    expect(rateInterval(9, 100, 100).method).toBe("exact-poisson");
    expect(rateInterval(9.99, 100, 100).method).toBe("exact-poisson");
    expect(rateInterval(10, 100, 100).method).toBe("byar");
    const exact = exactPoissonInterval(9, 0.95);
    expect(rateInterval(9, 200, 1000)).toEqual({
      value: 45,
      lower: (exact.lower / 200) * 1000,
      upper: (exact.upper / 200) * 1000,
      method: "exact-poisson",
    });
  });

  it("uses qnorm for other confidence levels", () => {
    const at90 = rateInterval(50, 1, 1, 0.9);
    const byar = byarInterval(50, normalQuantile(0.9 + (1 - 0.9) / 2));
    expect(at90.lower).toBe(byar.lower);
    expect(at90.upper).toBe(byar.upper);
  });

  it("gives NaN and no method for invalid input (PHE's NA rows and its error cases)", () => {
    for (const [x, n, m, c] of [
      [NaN, 100, 100000, 0.95], // Area09: numerator NA
      [10, NaN, 100000, 0.95], // Area10: denominator NA
      [-1, 100, 100, 0.95],
      [5, 0, 100, 0.95],
      [5, -100, 100, 0.95],
      [5, 100, Infinity, 0.95],
      [5, 100, 100, 95],
      [5, 100, 100, 1],
    ] as const) {
      expect(rateInterval(x, n, m, c)).toEqual({
        value: NaN,
        lower: NaN,
        upper: NaN,
        method: null,
      });
    }
  });
});

describe("exactPoissonInterval", () => {
  it("is 0 to −ln(α/2) at no events, and −ln(1 − α/2) at the lower end for one", () => {
    // Shape 1: P(1, x) = 1 − e⁻ˣ, so the quantiles are closed forms.
    const none = exactPoissonInterval(0, 0.95);
    expect(none.lower).toBe(0);
    expectRelative(none.upper, -Math.log(0.025), 1e-15);
    expectRelative(exactPoissonInterval(1, 0.95).lower, -Math.log1p(-0.025), 1e-15);
  });

  it("puts α/2 of the Poisson distribution beyond each limit (the defining property)", () => {
    // For integer k: P(X ≥ k | μ = lower) = α/2 and P(X ≤ k | μ = upper) = α/2,
    // checked by the finite Poisson sum, independent of the incomplete gamma function.
    const poissonCdf = (k: number, mu: number): number => {
      let term = Math.exp(-mu);
      let sum = term;
      for (let j = 1; j <= k; j++) {
        term *= mu / j;
        sum += term;
      }
      return sum;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        (k, confidence) => {
          const tail = (1 - confidence) / 2;
          const { lower, upper } = exactPoissonInterval(k, confidence);
          expectRelative(poissonCdf(k, upper), tail, 1e-11);
          if (k > 0) expectRelative(1 - poissonCdf(k - 1, lower), tail, 1e-9);
          expect(lower).toBeLessThan(k + 1e-12);
          expect(upper).toBeGreaterThan(k);
        }
      )
    );
  });

  it("gives NaN for invalid input", () => {
    for (const [k, c] of [
      [-1, 0.95],
      [NaN, 0.95],
      [Infinity, 0.95],
      [5, 0],
      [5, 1],
      [5, 95],
    ] as const) {
      const interval = exactPoissonInterval(k, c);
      expect([interval.lower, interval.upper].every(Number.isNaN)).toBe(true);
    }
  });
});

// Reference quantiles: mpmath 1.3.0 at 40 significant digits (Newton's method on
// mpmath.gammainc(a, …, regularized=True)), rounded to double. The 1e7 case was checked by
// summing the incomplete gamma series in mpmath at 40 digits (P = 1.0000000000004e-10 there).
const GAMMA_QUANTILES: readonly [number, number, boolean, number][] = [
  // p, shape, lower tail, x
  [0.025, 0.1, true, 5.791710245521434e-17],
  [0.025, 0.1, false, 0.9779047994188536],
  [0.001, 0.5, true, 7.853985746312449e-7],
  [0.001, 0.5, false, 5.413783085331366],
  [0.5, 1, true, 0.6931471805599453],
  [0.975, 2, true, 5.571643390938899],
  [0.975, 2, false, 0.2422092785439649],
  [0.001, 9.5, true, 2.7034080088008987],
  [0.001, 9.5, false, 21.910097982258765],
  [0.025, 30, true, 20.240874021420915],
  [0.025, 30, false, 41.6488374385866],
  [1e-10, 100, true, 48.883092053795956],
  [1e-10, 100, false, 177.3005047056322],
  [0.025, 1000, true, 938.9730184076952],
  [0.025, 1000, false, 1062.9211512248878],
  [0.999, 1000, true, 1100.5780982933145],
  [1e-10, 1e7, true, 9979896.827457594],
];

describe("gammaQuantile", () => {
  it.each(GAMMA_QUANTILES)("p = %f, shape %f, lower tail %s", (p, a, lowerTail, x) => {
    // 1e-13: the quantile of shape 0.1 moves 10 × as fast as P (x ∝ p¹⁰ near 0).
    expectRelative(gammaQuantile(p, a, lowerTail), x, 1e-13);
  });

  it("inverts regularizedGamma", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 5000, noNaN: true }),
        fc.double({ min: 1e-8, max: 0.5, noNaN: true }),
        fc.boolean(),
        (a, p, lowerTail) => {
          const x = gammaQuantile(p, a, lowerTail);
          const tails = regularizedGamma(a, x);
          expectRelative(lowerTail ? tails.lower : tails.upper, p, 1e-12);
        }
      )
    );
  });

  it("handles the ends and invalid input", () => {
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(gammaQuantile(1, 3)).toBe(Infinity);
    expect(gammaQuantile(0, 3, false)).toBe(Infinity);
    expect(gammaQuantile(1, 3, false)).toBe(0);
    for (const [p, a] of [
      [-0.1, 3],
      [1.1, 3],
      [NaN, 3],
      [0.5, 0],
      [0.5, -1],
      [0.5, Infinity],
    ] as const)
      expect(gammaQuantile(p, a)).toBeNaN();
  });
});

describe("regularizedGamma and logGamma", () => {
  it("match closed forms and mpmath 1.3.0 (40 digits)", () => {
    expectRelative(regularizedGamma(1, 2).upper, Math.exp(-2), 1e-15);
    // Q(½, x) = erfc(√x); erfc(0.1) = 0.8875370839817151 (mpmath), so P(½, 0.01) = 0.1124629160182849.
    expectRelative(regularizedGamma(0.5, 0.01).lower, 0.1124629160182849, 1e-14);
    expectRelative(regularizedGamma(9.5, 4).lower, 0.01332911780559748, 1e-13);
    expectRelative(regularizedGamma(9.5, 4).upper, 0.9866708821944025, 1e-15);
    expectRelative(regularizedGamma(30, 45).upper, 0.007337199297796504, 1e-13);
    expect(regularizedGamma(3, 0)).toEqual({ lower: 0, upper: 1 });
    expect(regularizedGamma(3, Infinity)).toEqual({ lower: 1, upper: 0 });
    expect(regularizedGamma(0, 1).lower).toBeNaN();
    expect(regularizedGamma(1, -1).lower).toBeNaN();

    expectRelative(logGamma(10), 12.801827480081469, 1e-15); // ln 9!
    expectRelative(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-15);
    expectRelative(logGamma(0.1), 2.252712651734206, 1e-15);
    expectRelative(logGamma(14.9), 24.924132002217277, 1e-15);
    expectRelative(logGamma(15), 25.19122118273868, 1e-15);
    expectRelative(logGamma(100), 359.1342053695754, 1e-15);
    expectRelative(logGamma(1e7), 151180949.3694739, 1e-15);
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(Infinity)).toBe(Infinity);
  });
});

describe("normalQuantile", () => {
  it("matches qnorm (R, as wilson.ts's constants) and mpmath 1.3.0 (40 digits) to 4e-15", () => {
    for (const [p, z] of [
      [0.975, Z_95],
      [0.999, Z_99_8],
      [0.025, -1.9599639845400543],
      [0.995, 2.575829303548901],
      [0.9, 1.2815515655446004],
      [0.6, 0.2533471031357998],
      [1e-10, -6.361340902404057],
    ] as const)
      expectRelative(normalQuantile(p), z, 4e-15);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(2)).toBeNaN();
  });
});
