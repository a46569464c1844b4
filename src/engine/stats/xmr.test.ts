import { describe, expect, it } from "vitest";
import { RNORM_123_20 } from "./reference-data.fixture";
import { XMR_LIMIT_FACTOR, XMR_TWO_SIGMA_FACTOR, xmrLimits } from "./xmr";

/** Expects `actual` to round to `expected` as R printed it (`digits` significant figures). */
function expectPrinted(actual: number, expected: number, digits = 7): void {
  const magnitude = Math.floor(Math.log10(Math.abs(expected)));
  const tolerance = 0.5 * 10 ** (magnitude - digits + 1);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * (1 + 1e-9));
}

// Data: RNORM_123_20, set.seed(123); rnorm(20), from NHSRplotthedots' tests (see the fixture).
describe("xmrLimits against NHSRplotthedots", () => {
  // Expected values: tests/testthat/_snaps/ptd_spc_standard.md ("it returns expected values"),
  // nhs-r-community/NHSRplotthedots. pillar::glimpse prints 7 significant digits
  // (-3.01138 is -3.011380 without its trailing zero).
  it("r1: rnorm(20), screening on: mean 0.1416238, lpl −3.01138, upl 3.294627", () => {
    const l = xmrLimits(RNORM_123_20);
    expectPrinted(l.mean, 0.1416238);
    expectPrinted(l.lowerProcessLimit, -3.01138);
    expectPrinted(l.upperProcessLimit, 3.294627);
    // MR̄ is not printed by the reference; (upl − mean) / 2.66 from its numbers is 1.185340.
    expectPrinted(l.meanMovingRange, 1.18534, 6);
    expect(l.screenedMovingRanges).toBe(0);
  });

  it("r2: y[15] = 10, screening on: mean 0.6694159, lpl −2.383666, upl 3.722497", () => {
    const y = [...RNORM_123_20];
    y[14] = 10; // R's data$y[15] <- 10 (1-based)
    const l = xmrLimits(y);
    expectPrinted(l.mean, 0.6694159);
    expectPrinted(l.lowerProcessLimit, -2.383666);
    expectPrinted(l.upperProcessLimit, 3.722497);
    // The ranges into and out of the spike (9.89 and 8.21) are both ≥ 3.267 × 1.98 = 6.47.
    expect(l.screenedMovingRanges).toBe(2);
  });

  it("r3: y[15] = 10, screening off: mean 0.6694159, lpl −4.596625, upl 5.935457", () => {
    const y = [...RNORM_123_20];
    y[14] = 10;
    const l = xmrLimits(y, { screenOutliers: false });
    expectPrinted(l.mean, 0.6694159);
    expectPrinted(l.lowerProcessLimit, -4.596625);
    expectPrinted(l.upperProcessLimit, 5.935457);
    expect(l.screenedMovingRanges).toBe(0);
  });

  // tests/testthat/_snaps/ptd_spc.md ("it outputs expected content", facet_field = "facet",
  // facet = rep(c(0, 1), each = 10)): printed to 3 significant digits.
  it("facets of 10: 0.0746 / −2.60 / 2.75 and 0.209 / −3.28 / 3.70", () => {
    const a = xmrLimits(RNORM_123_20.slice(0, 10));
    expectPrinted(a.mean, 0.0746, 3);
    expectPrinted(a.lowerProcessLimit, -2.6, 3);
    expectPrinted(a.upperProcessLimit, 2.75, 3);
    const b = xmrLimits(RNORM_123_20.slice(10));
    expectPrinted(b.mean, 0.209, 3);
    expectPrinted(b.lowerProcessLimit, -3.28, 3);
    expectPrinted(b.upperProcessLimit, 3.7, 3);
  });
});

describe("xmrLimits", () => {
  it("hand-computed: [10, 12, 11, 14, 9]", () => {
    // mean 56/5 = 11.2; ranges 2, 1, 3, 5 → MR̄ 2.75 (threshold 8.98: nothing screened).
    const l = xmrLimits([10, 12, 11, 14, 9]);
    expect(l.mean).toBeCloseTo(11.2, 12);
    expect(l.meanMovingRange).toBe(2.75);
    expect(l.upperProcessLimit).toBeCloseTo(11.2 + 2.66 * 2.75, 12); // 18.515
    expect(l.lowerProcessLimit).toBeCloseTo(11.2 - 2.66 * 2.75, 12); // 3.885
    expect(l.sigma).toBeCloseTo((2.66 / 3) * 2.75, 12);
    expect(l.upperTwoSigma).toBeCloseTo(11.2 + 2 * (2.66 / 3) * 2.75, 12);
    expect(l.lowerTwoSigma).toBeCloseTo(11.2 - 2 * (2.66 / 3) * 2.75, 12);
  });

  it("uses the reference's constants 2.66 and 2 × (2.66 / 3)", () => {
    expect(XMR_LIMIT_FACTOR).toBe(2.66);
    expect(XMR_TWO_SIGMA_FACTOR).toBe(2 * (2.66 / 3));
  });

  it("a constant series has its value as mean exactly and zero-width limits", () => {
    const l = xmrLimits(new Array<number>(12).fill(0.1));
    expect(l.mean).toBe(0.1);
    expect(l.upperProcessLimit).toBe(0.1);
    expect(l.lowerProcessLimit).toBe(0.1);
  });

  it("gives NaN, not an error, for too few values", () => {
    expect(xmrLimits([]).mean).toBeNaN();
    const one = xmrLimits([3]);
    expect(one.mean).toBe(3);
    expect(one.upperProcessLimit).toBeNaN();
  });
});
