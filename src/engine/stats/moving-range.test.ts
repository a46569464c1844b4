import { describe, expect, it } from "vitest";
import { MOVING_RANGE_SCREEN_FACTOR, meanMovingRange, movingRanges } from "./moving-range";

describe("movingRanges", () => {
  it("is |x[i] − x[i−1]|, one fewer than the values", () => {
    expect(movingRanges([3, 5, 4, 8])).toEqual([2, 1, 4]);
    expect(movingRanges([7])).toEqual([]);
    expect(movingRanges([])).toEqual([]);
  });
});

describe("meanMovingRange", () => {
  it("screens ranges of 3.267 × MR̄ or more, once, then re-averages (R/ptd_spc_standard.R)", () => {
    // Ranges 1,1,1,1,1,1,19: MR̄ = 25/7 ≈ 3.571, threshold ≈ 11.67, so 19 goes.
    const r = meanMovingRange([1, 2, 1, 2, 1, 2, 1, 20]);
    expect(r.unscreenedMeanMovingRange).toBeCloseTo(25 / 7, 12);
    expect(r.meanMovingRange).toBe(1);
    expect(r.screenedMovingRanges).toBe(1);
  });

  it("keeps everything with screening off", () => {
    const r = meanMovingRange([1, 2, 1, 2, 1, 2, 1, 20], false);
    expect(r.meanMovingRange).toBeCloseTo(25 / 7, 12);
    expect(r.screenedMovingRanges).toBe(0);
  });

  it("screens a range exactly at the threshold (the reference keeps only mr < 3.267 × MR̄)", () => {
    // Ranges 244, 244, 245, 3267: MR̄ = 1000 and 3.267 × 1000 = 3267 exactly in doubles.
    expect(MOVING_RANGE_SCREEN_FACTOR * 1000).toBe(3267);
    const r = meanMovingRange([0, 244, 0, 245, 3512]);
    expect(r.unscreenedMeanMovingRange).toBe(1000);
    expect(r.screenedMovingRanges).toBe(1);
    expect(r.meanMovingRange).toBe(733 / 3);
    // One less and it stays.
    expect(meanMovingRange([0, 244, 0, 245, 3511]).screenedMovingRanges).toBe(0);
  });

  it("does not screen a constant series into NaN (documented difference from the reference)", () => {
    const r = meanMovingRange([4, 4, 4, 4]);
    expect(r.meanMovingRange).toBe(0);
    expect(r.screenedMovingRanges).toBe(0);
  });

  it("is NaN for fewer than two values", () => {
    expect(meanMovingRange([5]).meanMovingRange).toBeNaN();
    expect(meanMovingRange([]).meanMovingRange).toBeNaN();
  });
});
