import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Polarity } from "./polarity";
import { explainRating, rate } from "./rating";
import { resolveRule, type RuleFields } from "./rules";
import type { Status } from "./status";
import { missing, numberValue, parseCellValue } from "./values";
import { nearlyEqual } from "./numeric";

const rated = (value: number, fields: RuleFields): Status =>
  rate(numberValue(value), resolveRule(fields, undefined)).status;

describe("relative tolerance (default 5% of target)", () => {
  // [polarity, value, target, expected]: boundaries at met, exactly 5%, just past 5%.
  it.each([
    ["maximise", 85, 85, "Green"],
    ["maximise", 90, 85, "Green"],
    ["maximise", 82, 85, "Amber"],
    ["maximise", 80.75, 85, "Amber"], // exactly 5% short
    ["maximise", 80.74, 85, "Red"],
    ["maximise", 75, 80, "Red"], // ILAC7(N): 6.25% short
    ["minimise", 22, 22, "Green"],
    ["minimise", 22.1, 22, "Amber"], // ILAC1: 0.45% over
    ["minimise", 23.1, 22, "Amber"], // exactly 5% over
    ["minimise", 23.11, 22, "Red"],
    ["minimise", 0.331, 0.3, "Red"], // ASCGBT001
    ["minimise", 0.0001, 0.0001, "Green"], // CA13: equal counts as met
    ["range", 67, 67, "Green"], // a range row with no limits is rated against its target
    ["range", 68, 67, "Amber"],
    ["range", 66, 67, "Amber"],
    ["range", 75, 67, "Red"],
  ] as const)("%s %d vs target %d → %s", (polarity, value, target, expected) => {
    expect(rated(value, { polarity, target })).toBe(expected);
  });

  it("does not flip on floating-point noise (0.34299999999999997 vs 0.343)", () => {
    expect(rated(0.34299999999999997, { polarity: "minimise", target: 0.343 })).toBe("Green");
    expect(rated(0.343, { polarity: "maximise", target: 0.34299999999999997 })).toBe("Green");
    // 5% exactly, computed with noise: 0.1 + 0.2 style error must still be Amber.
    expect(rated(0.95 * 0.7, { polarity: "maximise", target: 0.7 })).toBe("Amber");
  });

  it("uses a custom relative tolerance", () => {
    expect(
      rated(80, {
        polarity: "maximise",
        target: 85,
        tolerance: { kind: "relative", fraction: 0.1 },
      })
    ).toBe("Amber");
    expect(
      rated(76, {
        polarity: "maximise",
        target: 85,
        tolerance: { kind: "relative", fraction: 0.1 },
      })
    ).toBe("Red");
  });

  it("is NA for a zero target with a relative tolerance, rather than dividing by zero", () => {
    const rating = rate(
      numberValue(1),
      resolveRule({ polarity: "minimise", target: 0 }, undefined)
    );
    expect(rating).toMatchObject({ status: "NA", reason: "zero-target" });
    expect(rated(0, { polarity: "minimise", target: 0 })).toBe("Green");
  });
});

describe("absolute tolerance", () => {
  const pp2 = { kind: "absolute", amount: 0.02 } as const;
  it.each([
    ["maximise", 0.8, 0.8, "Green"],
    ["maximise", 0.78, 0.8, "Amber"], // exactly 2 pp
    ["maximise", 0.7799, 0.8, "Red"],
    ["minimise", 0.22, 0.2, "Amber"],
    ["minimise", 0.2201, 0.2, "Red"],
    ["range", 0.18, 0.2, "Amber"],
    ["range", 0.1799, 0.2, "Red"],
  ] as const)("%s %d vs %d with 2 pp → %s", (polarity, value, target, expected) => {
    expect(rated(value, { polarity, target, tolerance: pp2 })).toBe(expected);
  });

  it("rates a zero target with an absolute tolerance", () => {
    expect(
      rated(2, { polarity: "minimise", target: 0, tolerance: { kind: "absolute", amount: 3 } })
    ).toBe("Amber");
  });
});

describe("floor standard (county children's scorecard)", () => {
  it.each([
    ["maximise", 0.85, 0.85, 0.75, "Green"],
    ["maximise", 0.755, 0.85, 0.75, "Amber"], // SCS19: 75.5%, floor 75.0%, target 85.0%
    ["maximise", 0.75, 0.85, 0.75, "Amber"], // on the floor counts as meeting it
    ["maximise", 0.749, 0.85, 0.75, "Red"],
    ["minimise", 10, 10, 12, "Green"],
    ["minimise", 11, 10, 12, "Amber"],
    ["minimise", 12, 10, 12, "Amber"],
    ["minimise", 12.5, 10, 12, "Red"],
  ] as const)("%s %d, target %d, floor %d → %s", (polarity, value, target, floor, expected) => {
    expect(rated(value, { polarity, target, floor })).toBe(expected);
  });

  it("ignores the tolerance once there is a floor", () => {
    expect(
      rated(0.6, {
        polarity: "maximise",
        target: 0.85,
        floor: 0.5,
        tolerance: { kind: "relative", fraction: 0.01 },
      })
    ).toBe("Amber");
  });
});

describe("target range (Goldilocks / T)", () => {
  it.each([
    [67.3, 63, 71, "Green"], // CSC0004
    [34, 32, 42, "Green"], // CSC0006
    [319, 305, 337, "Green"], // ILAC6
    [63, 63, 71, "Green"], // on the lower limit
    [71, 63, 71, "Green"], // on the upper limit
    [0.226, 0.175, 0.225, "Amber"], // SCS13: 22.6% just outside 17.5%–22.5%
    [0.17, 0.175, 0.225, "Amber"],
    [74.55, 63, 71, "Amber"], // exactly 5% above the upper limit
    [74.56, 63, 71, "Red"],
    [59, 63, 71, "Red"],
  ] as const)("%d in %d–%d → %s", (value, lower, upper, expected) => {
    expect(rated(value, { polarity: "range", lower, upper })).toBe(expected);
  });

  it("treats limits without a polarity as a range", () => {
    expect(rated(67.3, { lower: 63, upper: 71 })).toBe("Green");
  });

  it("has no Amber band when amber is off", () => {
    expect(rated(0.226, { polarity: "range", lower: 0.175, upper: 0.225, amber: false })).toBe(
      "Red"
    );
  });
});

describe("two-state and not rated (county adult social care)", () => {
  it.each([
    ["maximise", 0.9, "Green"],
    ["maximise", 0.89, "Red"],
    ["minimise", 0.9, "Green"],
    ["minimise", 0.91, "Red"],
  ] as const)("two-state %s %d vs 90%% → %s", (polarity, value, expected) => {
    expect(rated(value, { polarity, target: 0.9, amber: false })).toBe(expected);
  });

  it.each(["maximise", "minimise", "range"] as const)(
    "not rated %s rows are Not rated whatever the value",
    (polarity) => {
      expect(rated(0, { polarity, target: 1, rated: false })).toBe("Not rated");
      expect(
        rate(missing("redacted", "Redacted"), resolveRule({ polarity, rated: false }, undefined))
          .status
      ).toBe("Not rated");
    }
  );
});

describe("NA with a reason", () => {
  it.each([
    [parseCellValue("Redacted"), { polarity: "minimise", target: 4 }, "redacted"],
    [
      parseCellValue("NA 21/22 academic year data not available yet"),
      { polarity: "maximise", target: 46.6 },
      "not-available",
    ],
    [parseCellValue("#N/A"), { polarity: "maximise", target: 1 }, "excel-error"],
    [parseCellValue(""), { polarity: "maximise", target: 1 }, "blank"],
    [numberValue(5), { polarity: "maximise" }, "no-target"],
    [numberValue(5), { target: 5 }, "no-polarity"],
  ] as const)("%j with %j → NA (%s)", (value, fields, reason) => {
    expect(rate(value, resolveRule(fields, undefined))).toMatchObject({ status: "NA", reason });
  });
});

describe("rule resolution", () => {
  it("takes the row's columns over the rules table over the defaults, field by field", () => {
    const rule = resolveRule(
      { target: 90 },
      { target: 80, polarity: "maximise", floor: 70 },
      { tolerance: { kind: "relative", fraction: 0.1 }, amber: true, rated: true }
    );
    expect(rule).toMatchObject({
      target: 90,
      polarity: "maximise",
      floor: 70,
      tolerance: { fraction: 0.1 },
    });
    expect(rule.sources).toMatchObject({
      target: "row",
      polarity: "rules",
      floor: "rules",
      tolerance: "default",
    });
  });
});

describe("gap and explanation", () => {
  it("gives the gap to target, absolute and relative, positive when worse", () => {
    const rating = rate(
      numberValue(82),
      resolveRule({ polarity: "maximise", target: 85 }, undefined)
    );
    expect(rating.gap?.absolute).toBe(3);
    expect(rating.gap?.relative).toBeCloseTo(3 / 85, 12);
  });

  it.each([
    [
      numberValue(82),
      { polarity: "maximise", target: 85 },
      "Amber: 3.5% below target 85, tolerance 5%.",
    ],
    [
      parseCellValue(0.75, "0%"),
      { polarity: "maximise", target: 0.8 },
      "Red: 6.3% below target 80%, tolerance 5%.",
    ],
    [
      parseCellValue(22.1),
      { polarity: "minimise", target: 22 },
      "Amber: 0.5% above target 22.0, tolerance 5%.",
    ],
    [
      parseCellValue(0.755, "0.0%"),
      { polarity: "maximise", target: 0.85, floor: 0.75 },
      "Amber: below target 85.0% but floor 75.0% met.",
    ],
    [
      parseCellValue(67.3, "0.0"),
      { polarity: "range", lower: 63, upper: 71 },
      "Green: within target range 63.0–71.0.",
    ],
    [
      parseCellValue("Redacted"),
      { polarity: "minimise", target: 4 },
      'NA: the value is redacted ("Redacted").',
    ],
  ] as const)("explains %j against %j", (value, fields, text) => {
    const rule = resolveRule(fields, undefined);
    expect(explainRating(rate(value, rule), value, rule)).toBe(text);
  });
});

describe("properties", () => {
  const polarity = fc.constantFrom<Polarity>("maximise", "minimise");
  const rank: Record<Status, number> = { Red: 0, Amber: 1, Green: 2, NA: -1, "Not rated": -1 };
  const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  const fields = fc.record({
    target: finite,
    floor: fc.option(finite, { nil: undefined }),
    amber: fc.boolean(),
    tolerance: fc.oneof(
      fc.record({
        kind: fc.constant("relative" as const),
        fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant("absolute" as const),
        amount: fc.double({ min: 0, max: 100, noNaN: true }),
      })
    ),
  });

  it("for Maximise, raising the value never worsens the status; mirrored for Minimise", () => {
    fc.assert(
      fc.property(polarity, fields, finite, finite, (p, f, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const rule = resolveRule({ ...f, polarity: p }, undefined);
        const lowStatus = rank[rate(numberValue(low), rule).status];
        const highStatus = rank[rate(numberValue(high), rule).status];
        if (lowStatus < 0 || highStatus < 0) return; // NA (zero target) is not an order
        if (p === "maximise") expect(highStatus).toBeGreaterThanOrEqual(lowStatus);
        else expect(lowStatus).toBeGreaterThanOrEqual(highStatus);
      }),
      { numRuns: 2000 }
    );
  });

  it("for a range, moving away from the range never improves the status", () => {
    fc.assert(
      fc.property(
        finite,
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (lower, width, d1, d2) => {
          const upper = lower + width;
          const rule = resolveRule({ polarity: "range", lower, upper }, undefined);
          const [near, far] = d1 <= d2 ? [d1, d2] : [d2, d1];
          for (const [a, b] of [
            [upper + near, upper + far],
            [lower - near, lower - far],
          ]) {
            // Within nearlyEqual's epsilon of a bound is on it (floating-point noise, not a
            // distance), so such a value is no nearer than one exactly on the bound.
            const bound = a! > upper ? upper : lower;
            if (a !== bound && nearlyEqual(a!, bound)) continue;
            if (b !== bound && nearlyEqual(b!, bound)) continue;
            const nearStatus = rank[rate(numberValue(a!), rule).status];
            const farStatus = rank[rate(numberValue(b!), rule).status];
            if (nearStatus >= 0 && farStatus >= 0)
              expect(nearStatus).toBeGreaterThanOrEqual(farStatus);
          }
        }
      ),
      // Seeded, so a CI failure reproduces; the case an unseeded run once found is the next test.
      { seed: 20261203 }
    );
  });

  it("a gap over a subnormal bound is far outside the range, however small the gap", () => {
    // Found by the property above: the relative gap overflows to Infinity, which nearlyEqual
    // once took as within 1e-9 of the 5% tolerance (Infinity - 0.05 <= Infinity * 1e-9).
    const lower = -5.563e-321;
    const rule = resolveRule({ polarity: "range", lower, upper: lower }, undefined);
    const statuses = [1.0000000000000002e-12, 1.00009e-12, 2e-12, 1e-6].flatMap((d) => [
      rate(numberValue(lower + d), rule).status,
      rate(numberValue(lower - d), rule).status,
    ]);
    expect(new Set(statuses)).toEqual(new Set(["Red"]));
    expect(nearlyEqual(Infinity, 0.05)).toBe(false);
    expect(nearlyEqual(Infinity, Infinity)).toBe(true);
    expect(nearlyEqual(-Infinity, Infinity)).toBe(false);
  });

  it("no input throws, and every result has a status and a reason", () => {
    const anyNumber = fc.oneof(fc.double(), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.double(), fc.constant(null), fc.boolean()),
        fc.record({
          polarity: fc.constantFrom<Polarity | undefined>(
            "maximise",
            "minimise",
            "range",
            undefined
          ),
          target: anyNumber,
          floor: anyNumber,
          lower: anyNumber,
          upper: anyNumber,
          amber: fc.option(fc.boolean(), { nil: undefined }),
          rated: fc.option(fc.boolean(), { nil: undefined }),
        }),
        (raw, f) => {
          const value = parseCellValue(raw);
          const rule = resolveRule(f, undefined);
          const rating = rate(value, rule);
          expect(["Green", "Amber", "Red", "NA", "Not rated"]).toContain(rating.status);
          expect(typeof explainRating(rating, value, rule)).toBe("string");
        }
      )
    );
  });
});
