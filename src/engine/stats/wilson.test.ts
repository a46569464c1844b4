import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Z_95, Z_99_8, wilsonInterval } from "./wilson";

/** |actual − expected| ≤ 1e-12 × |expected| (R's expect_equal allows 1.5e-8). */
function expectRelative(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
}

// Expected values: ukhsa-collaboration/PHEindicatormethods (commit 093fd28),
// tests/testthat/testdata_Byars_Wilson.xlsx (sheet testdata_B_W, used by tests/testthat/testWilson.R)
// and tests/testthat/testdata_Proportion.xlsx (sheet testdata_Prop, used by testProportions.R).
const PHE_CASES: readonly [number, number, number, number, number, number][] = [
  // x, n, lower95, upper95, lower99.8, upper99.8
  [65, 100, 0.55254443296887967, 0.73635751756902468, 0.49549465740704313, 0.77835406140896968],
  [1045, 5000, 0.19795549880013297, 0.22049130373189027, 0.19179381799015244, 0.22731562902525818],
  [
    0.445, 1, 4.3817447720588223e-2, 0.93346212769791559, 1.9347006132900975e-2,
    0.97022599470195414,
  ],
  [1, 100, 1.7674320641406511e-3, 5.4486196178705294e-2, 8.73065697299977e-4, 0.10455445283705821],
  [5, 100, 2.154367915436798e-2, 0.11175046923191911, 1.3865320725997183e-2, 0.16458852282596442],
  [20, 100, 0.1333669333310325, 0.28882916559315885, 0.10519162066711432, 0.3471109417008601],
  [9856, 12345, 0.79121017529090687, 0.80536400736149094, 0.7869924108419063, 0.80930614125896261],
  [
    7776456, 7564336677, 1.0273201001641094e-3, 1.0287644578977231e-3, 1.0269040118442213e-3,
    1.0291812992698397e-3,
  ],
  [
    222, 3215, 6.0791690363636595e-2, 7.8339566813836331e-2, 5.647101964624248e-2,
    8.4184141852701344e-2,
  ],
  [999, 3456, 0.27418951080009873, 0.30440389662818057, 0.26583995768074953, 0.31344754492799848],
];

describe("wilsonInterval matches PHEindicatormethods", () => {
  it.each(PHE_CASES)("%d / %d", (x, n, lower95, upper95, lower998, upper998) => {
    const at95 = wilsonInterval(x, n);
    expect(at95.proportion).toBe(x / n);
    expectRelative(at95.lower, lower95);
    expectRelative(at95.upper, upper95);
    const at998 = wilsonInterval(x, n, Z_99_8);
    expectRelative(at998.lower, lower998);
    expectRelative(at998.upper, upper998);
  });

  it("uses qnorm(0.975) and qnorm(0.999) unrounded", () => {
    expect(Z_95).toBe(1.959963984540054);
    expect(Z_99_8).toBe(3.090232306167813);
  });
});

describe("wilsonInterval", () => {
  it("is [0, …] at 0 and […, 1] at n", () => {
    expect(wilsonInterval(0, 50).lower).toBe(0);
    expect(wilsonInterval(50, 50).upper).toBeCloseTo(1, 15);
  });

  it("gives NaN, not an error, for invalid input", () => {
    for (const [x, n] of [
      [1, 0],
      [-1, 10],
      [11, 10],
      [NaN, 10],
      [1, Infinity],
    ] as const) {
      const r = wilsonInterval(x, n);
      expect([r.proportion, r.lower, r.upper].every(Number.isNaN)).toBe(true);
    }
  });

  it("always contains the proportion and stays within [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const x = Math.round(share * n);
          const r = wilsonInterval(x, n);
          expect(r.lower).toBeGreaterThanOrEqual(-1e-15);
          expect(r.upper).toBeLessThanOrEqual(1 + 1e-15);
          expect(r.lower).toBeLessThanOrEqual(r.proportion + 1e-15);
          expect(r.upper).toBeGreaterThanOrEqual(r.proportion - 1e-15);
        }
      )
    );
  });
});
