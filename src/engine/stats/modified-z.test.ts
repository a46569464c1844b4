import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flagModifiedZ, median, modifiedZScores } from "./modified-z";

// Worked examples are hand-computed from Iglewicz and Hoaglin's definition
// M = 0.6745 (x − median) / MAD (1993, section 3.3); each step is in the comment.

describe("median", () => {
  it("is the middle value, or the mean of the two middle values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("modifiedZScores", () => {
  it("odd n: [1, 2, 3, 4, 100]", () => {
    // median 3; |x − 3| = 2, 1, 0, 1, 97 → sorted 0, 1, 1, 2, 97 → MAD 1.
    const r = modifiedZScores([1, 2, 3, 4, 100]);
    expect(r.median).toBe(3);
    expect(r.mad).toBe(1);
    expect(r.madIsZero).toBe(false);
    const expected = [-1.349, -0.6745, 0, 0.6745, 65.4265];
    r.scores.forEach((z, i) => expect(z).toBeCloseTo(expected[i] as number, 12));
  });

  it("even n: [1, 2, 3, 4, 5, 100]", () => {
    // median (3 + 4) / 2 = 3.5; |x − 3.5| = 2.5, 1.5, 0.5, 0.5, 1.5, 96.5
    // → sorted 0.5, 0.5, 1.5, 1.5, 2.5, 96.5 → MAD (1.5 + 1.5) / 2 = 1.5.
    const r = modifiedZScores([1, 2, 3, 4, 5, 100]);
    expect(r.median).toBe(3.5);
    expect(r.mad).toBe(1.5);
    expect(r.scores[0]).toBeCloseTo((0.6745 * -2.5) / 1.5, 12); // −1.124167
    expect(r.scores[5]).toBeCloseTo((0.6745 * 96.5) / 1.5, 12); // 43.392833
  });

  it("MAD = 0: all scores 0 and madIsZero, so nothing is flagged", () => {
    // median 5; deviations 0, 0, 0, 0, 4 → MAD 0.
    const r = modifiedZScores([5, 5, 5, 5, 9]);
    expect(r).toEqual({ median: 5, mad: 0, madIsZero: true, scores: [0, 0, 0, 0, 0] });
    expect(flagModifiedZ([5, 5, 5, 5, 9])).toEqual([]);
  });

  it("leaves non-finite values out of the median and MAD and scores them 0", () => {
    const r = modifiedZScores([1, 2, NaN, 3, 4, 100, Infinity]);
    expect(r.median).toBe(3);
    expect(r.mad).toBe(1);
    expect(r.scores[2]).toBe(0);
    expect(r.scores[6]).toBe(0);
    expect(r.scores[5]).toBeCloseTo(65.4265, 12);
    expect(modifiedZScores([])).toEqual({ median: NaN, mad: NaN, madIsZero: false, scores: [] });
  });

  it("never returns NaN scores, for any doubles", () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (values) => {
        const r = modifiedZScores(values);
        expect(r.scores).toHaveLength(values.length);
        expect(r.scores.some(Number.isNaN)).toBe(false);
      })
    );
  });

  it("is unchanged by shifting and positively rescaling the data", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 64 }),
        (values, shift, scale) => {
          const a = modifiedZScores(values).scores;
          const b = modifiedZScores(values.map((v) => v * scale + shift)).scores;
          a.forEach((z, i) => expect(b[i]).toBeCloseTo(z, 9));
        }
      )
    );
  });
});

describe("flagModifiedZ", () => {
  it("flags |M| > 3.5 with its direction", () => {
    expect(flagModifiedZ([1, 2, 3, 4, 100])).toEqual([
      { index: 4, value: 100, score: expect.closeTo(65.4265, 12), direction: "high" },
    ]);
    // median (10 + 11) / 2 = 10.5; deviations 0.5, 0.5, 1.5, 0.5, 0.5, 60.5 → MAD 0.5;
    // M(−50) = 0.6745 × −60.5 / 0.5 = −81.6145; M(12) = 0.6745 × 1.5 / 0.5 = 2.0235.
    const low = [10, 11, 12, 11, 10, -50];
    expect(flagModifiedZ(low)).toEqual([
      { index: 5, value: -50, score: expect.closeTo(-81.6145, 12), direction: "low" },
    ]);
    expect(flagModifiedZ(low, 2).map((f) => [f.index, f.direction])).toEqual([
      [2, "high"],
      [5, "low"],
    ]);
  });
});
