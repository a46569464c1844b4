import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Polarity } from "../polarity";
import {
  BENCHMARK_MULTIPLIERS,
  compareWithBenchmark,
  type BenchmarkComparison,
  type BenchmarkInput,
} from "./benchmark";

function compared(result: BenchmarkComparison): Extract<BenchmarkComparison, { kind: "compared" }> {
  if (result.kind !== "compared") throw new Error(`not compared: ${result.reason}`);
  return result;
}

function reasonOf(input: BenchmarkInput): string {
  const result = compareWithBenchmark(input);
  if (result.kind !== "not-compared") throw new Error(`compared: ${result.text}`);
  expect(result.text).toBe("Not compared");
  return result.reason;
}

function expectInterval(result: BenchmarkComparison, lower: number, upper: number): void {
  const interval = compared(result).interval!;
  expect(Math.abs(interval.lower - lower)).toBeLessThanOrEqual(1e-12 * Math.abs(lower));
  expect(Math.abs(interval.upper - upper)).toBeLessThanOrEqual(1e-12 * Math.abs(upper));
}

// Interval limits: ukhsa-collaboration/PHEindicatormethods (commit 093fd28),
// tests/testthat/testdata_Byars_Wilson.xlsx sheet testdata_B_W (Wilson, as fractions) and
// tests/testthat/testdata_Rate.xlsx sheet testdata_Rate (Byar's and exact, per 100 and 100,000).
describe("compareWithBenchmark on PHEindicatormethods' reference intervals", () => {
  it("takes a percentage with its numerator and denominator as a Wilson proportion × 100", () => {
    // 65 / 100: Wilson 0.5525444329688797–0.7363575175690247.
    const input = { value: 65, numerator: 65, denominator: 100 };
    const above = compareWithBenchmark({ ...input, benchmark: 50 });
    expect(compared(above)).toMatchObject({
      verdict: "higher",
      method: "wilson",
      value: 65,
      benchmark: 50,
      text: "Higher",
    });
    expectInterval(above, 100 * 0.5525444329688797, 100 * 0.7363575175690247);
    expect(compareWithBenchmark({ ...input, benchmark: 60 }).text).toBe("Similar");
    expect(compareWithBenchmark({ ...input, benchmark: 80 }).text).toBe("Lower");
  });

  it("takes a fraction as a Wilson proportion × 1", () => {
    // 1045 / 5000 = 0.209: Wilson 0.19795549880013297–0.22049130373189027.
    const result = compareWithBenchmark({
      value: 0.209,
      numerator: 1045,
      denominator: 5000,
      benchmark: 0.19,
      polarity: "maximise",
    });
    expect(compared(result)).toMatchObject({ verdict: "better", method: "wilson", text: "Better" });
    expectInterval(result, 0.19795549880013297, 0.22049130373189027);
  });

  it("snaps a rounded percentage to per 100", () => {
    // 9856 / 12345 = 79.83799…%, shown as 79.8: Wilson 0.7912101752909069–0.8053640073614909.
    const result = compareWithBenchmark({
      value: 79.8,
      numerator: 9856,
      denominator: 12345,
      benchmark: 81,
      polarity: "maximise",
    });
    expect(compared(result)).toMatchObject({ verdict: "worse", method: "wilson", value: 79.8 });
    expectInterval(result, 100 * 0.7912101752909069, 100 * 0.8053640073614909);
  });

  it("takes a rate per 100,000 with 10 or more events by Byar's method", () => {
    // 7776456 / 7564336677 per 100,000 = 102.804…: Byar 102.73196005302074–102.87648334092832.
    const input = {
      value: 102.80420256339154,
      numerator: 7776456,
      denominator: 7564336677,
      benchmark: 102.7,
    };
    const result = compareWithBenchmark(input);
    expect(compared(result)).toMatchObject({ verdict: "higher", method: "byar", text: "Higher" });
    expectInterval(result, 102.73196005302074, 102.87648334092832);
    expect(compareWithBenchmark({ ...input, polarity: "maximise" }).text).toBe("Better");
    expect(compareWithBenchmark({ ...input, polarity: "minimise" }).text).toBe("Worse");
    expect(compareWithBenchmark({ ...input, polarity: "range" }).text).toBe("Higher");
    expect(compareWithBenchmark({ ...input, benchmark: 102.8 }).text).toBe("Similar");
  });

  it("takes a rate with fewer than 10 events by the exact Poisson interval", () => {
    // 5 / 100 per 100,000 = 5000: exact 1623.4863901184199–11668.332079322669.
    const input = { value: 5000, numerator: 5, denominator: 100 };
    const result = compareWithBenchmark({ ...input, benchmark: 1500, polarity: "minimise" });
    expect(compared(result)).toMatchObject({
      verdict: "worse",
      method: "exact-poisson",
      text: "Worse",
    });
    expectInterval(result, 1623.4863901184199, 11668.332079322669);
    expect(compareWithBenchmark({ ...input, benchmark: 12000, polarity: "minimise" }).text).toBe(
      "Better"
    );
    expect(compareWithBenchmark({ ...input, benchmark: 3000, polarity: "minimise" }).text).toBe(
      "Similar"
    );
  });

  it("takes a numerator above its denominator as a rate", () => {
    // 250 / 220 per 100,000: Byar 99984.94738532876–128631.14487455782.
    const result = compareWithBenchmark({
      value: 113636.36363636365,
      numerator: 250,
      denominator: 220,
      benchmark: 100000,
    });
    expect(compared(result)).toMatchObject({ verdict: "similar", method: "byar" });
    expectInterval(result, 99984.94738532876, 128631.14487455782);
  });

  it("treats a percentage as a rate per 100 when told, and a rate per 1,000 as a proportion", () => {
    // 65 / 100 per 100 as a rate: Byar 50.163187710459454–82.84913854593984.
    const asRate = compareWithBenchmark({
      value: 65,
      numerator: 65,
      denominator: 100,
      benchmark: 52,
      kind: "rate",
    });
    // Byar's lower limit 50.16 is below 52, though Wilson's (55.25) is above it.
    expect(compared(asRate)).toMatchObject({ verdict: "similar", method: "byar" });
    expect(
      compareWithBenchmark({ value: 65, numerator: 65, denominator: 100, benchmark: 52 }).text
    ).toBe("Higher");
    expectInterval(asRate, 50.163187710459454, 82.84913854593984);
    // 65 / 100 per 1,000 as a proportion: Wilson × 1,000.
    const asProportion = compareWithBenchmark({
      value: 650,
      numerator: 65,
      denominator: 100,
      benchmark: 520,
      kind: "proportion",
    });
    expect(compared(asProportion)).toMatchObject({ verdict: "higher", method: "wilson" });
    expectInterval(asProportion, 1000 * 0.5525444329688797, 1000 * 0.7363575175690247);
  });

  it("calls an interval that only touches the benchmark similar", () => {
    const result = compared(
      compareWithBenchmark({ value: 65, numerator: 65, denominator: 100, benchmark: 60 })
    );
    const touching = compareWithBenchmark({
      value: 65,
      numerator: 65,
      denominator: 100,
      benchmark: result.interval!.lower,
    });
    expect(touching.text).toBe("Similar");
  });
});

describe("compareWithBenchmark without a numerator and denominator", () => {
  it("compares the two values: Higher, Lower or Same, whatever the polarity", () => {
    for (const polarity of ["maximise", "minimise", "range", undefined] as const) {
      expect(compareWithBenchmark({ value: 12, benchmark: 10, polarity })).toEqual({
        kind: "compared",
        verdict: "higher",
        method: "value",
        value: 12,
        benchmark: 10,
        interval: null,
        text: "Higher",
      });
      expect(compareWithBenchmark({ value: 8, benchmark: 10, polarity }).text).toBe("Lower");
      expect(compareWithBenchmark({ value: 10, benchmark: 10, polarity }).text).toBe("Same");
    }
  });
});

describe("compareWithBenchmark: not compared", () => {
  it("says why, in plain words", () => {
    expect(reasonOf({ value: NaN, benchmark: 10 })).toBe("the value is not a number");
    expect(reasonOf({ value: 5, benchmark: Infinity })).toBe("the benchmark is not a number");
    expect(reasonOf({ value: 5, benchmark: 4, numerator: 5 })).toBe(
      "a numerator but no denominator"
    );
    expect(reasonOf({ value: 5, benchmark: 4, denominator: 100 })).toBe(
      "a denominator but no numerator"
    );
    expect(reasonOf({ value: 5, benchmark: 4, numerator: -1, denominator: 100 })).toBe(
      "the numerator is not a number of 0 or more"
    );
    expect(reasonOf({ value: 5, benchmark: 4, numerator: NaN, denominator: 100 })).toBe(
      "the numerator is not a number of 0 or more"
    );
    expect(reasonOf({ value: 5, benchmark: 4, numerator: 5, denominator: 0 })).toBe(
      "the denominator is not a number above 0"
    );
    expect(reasonOf({ value: 0, benchmark: 4, numerator: 0, denominator: 100 })).toBe(
      "the numerator is 0, so the value's scale (per 1, per 100 … per 100,000) is unknown"
    );
    expect(reasonOf({ value: 12.3, benchmark: 4, numerator: 65, denominator: 10000 })).toBe(
      "the value 12.3 does not equal numerator / denominator (0.0065) × 1, 100, 1,000, 10,000 or 100,000"
    );
    expect(
      reasonOf({ value: 125, benchmark: 4, numerator: 250, denominator: 200, kind: "proportion" })
    ).toBe("a proportion's numerator is more than its denominator");
  });

  it("snaps within 1% of a multiplier and no further", () => {
    const at = (value: number) =>
      compareWithBenchmark({ value, benchmark: 0, numerator: 1, denominator: 3 }).kind;
    expect(at(33.5)).toBe("compared"); // 0.5% above 100/3
    expect(at(33.1)).toBe("compared"); // 0.7% below
    expect(at(34)).toBe("not-compared"); // 2% above
  });
});

describe("compareWithBenchmark properties", () => {
  const rows = fc.record({
    denominator: fc.integer({ min: 1, max: 1_000_000 }),
    share: fc.double({ min: 0.0001, max: 3, noNaN: true }),
    multiplier: fc.constantFrom(...BENCHMARK_MULTIPLIERS),
    benchmarkFactor: fc.double({ min: 0, max: 3, noNaN: true }),
  });
  const inputOf = (row: {
    denominator: number;
    share: number;
    multiplier: number;
    benchmarkFactor: number;
  }): BenchmarkInput => {
    const numerator = Math.max(1, Math.round(row.share * row.denominator));
    const value = (numerator / row.denominator) * row.multiplier;
    return {
      value,
      numerator,
      denominator: row.denominator,
      benchmark: value * row.benchmarkFactor,
    };
  };
  const flip: Record<string, string> = { better: "worse", worse: "better", similar: "similar" };

  it("gives the opposite verdict when the polarity is swapped, and the side without one", () => {
    fc.assert(
      fc.property(rows, (row) => {
        const input = inputOf(row);
        const verdictWith = (polarity: Polarity | undefined) =>
          compared(compareWithBenchmark({ ...input, polarity })).verdict;
        const up = verdictWith("maximise");
        expect(verdictWith("minimise")).toBe(flip[up]);
        const side = { better: "higher", worse: "lower", similar: "similar" }[up as string];
        expect(verdictWith(undefined)).toBe(side);
        expect(verdictWith("range")).toBe(side);
      })
    );
  });

  it("has an interval around the value, and calls it similar to itself", () => {
    fc.assert(
      fc.property(rows, (row) => {
        const input = inputOf(row);
        const result = compared(compareWithBenchmark({ ...input, benchmark: input.value }));
        expect(result.verdict).toBe("similar");
        expect(result.interval!.lower).toBeLessThanOrEqual(input.value);
        expect(result.interval!.upper).toBeGreaterThanOrEqual(input.value);
      })
    );
  });
});
