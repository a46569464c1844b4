import { describe, expect, it } from "vitest";
import { learnRange, learnRule, roundestIn, type PublishedRating } from "./learn-rule";
import { rate } from "./rating";
import { resolveRule } from "./rules";

const r = (
  value: number,
  target: number,
  status: PublishedRating["status"],
  where = "X!A1"
): PublishedRating => ({
  value,
  target,
  status,
  where,
});

describe("roundestIn", () => {
  it("picks the number with fewest significant digits, as an analyst would", () => {
    expect(roundestIn({ low: 74.1, lowOpen: true, high: 75.1, highOpen: false })).toBe(75);
    expect(roundestIn({ low: 0.741, lowOpen: true, high: 0.751, highOpen: false })).toBe(0.75);
    expect(roundestIn({ low: 0.043, lowOpen: false, high: 0.0625, highOpen: true })).toBe(0.05);
    expect(roundestIn({ low: 61, lowOpen: true, high: 69, highOpen: false })).toBe(65);
    expect(roundestIn({ low: 12.31, lowOpen: true, high: 12.34, highOpen: false })).toBe(12.32);
  });

  it("respects open ends: 75 is outside (75, 76]", () => {
    expect(roundestIn({ low: 75, lowOpen: true, high: 76, highOpen: false })).toBe(76);
    expect(roundestIn({ low: 0.05, lowOpen: false, high: 0.051, highOpen: true })).toBe(0.05);
  });
});

describe("learnRule", () => {
  // Brief §2b: SCS19, target 85%, floor 75% (75.5% Amber, below 75% Red), as published on twelve district tabs.
  const scs19 = [
    r(0.755, 0.85, "Amber", "Dover!H13"),
    r(0.861, 0.85, "Green", "Kent!H13"),
    r(0.741, 0.85, "Red", "Ashford!H13"),
    r(0.79, 0.85, "Amber", "Swale!H13"),
    r(0.62, 0.85, "Red", "Thanet!H13"),
    r(0.851, 0.85, "Green", "Dartford!H13"),
  ];

  it("recovers a floor from published Ambers and Reds, with its interval and evidence", () => {
    const learned = learnRule(scs19, "maximise");
    expect(learned.kind).toBe("floor");
    expect(learned.fields).toEqual({ floor: 0.75 });
    expect(learned.interval).toEqual({ low: 0.741, lowOpen: true, high: 0.755, highOpen: false });
    expect(learned.evidence.inside?.where).toBe("Dover!H13");
    expect(learned.evidence.outside?.where).toBe("Ashford!H13");
    expect(learned.conflicts).toEqual([]);
    // The engine with the learned floor reproduces every published rating.
    for (const rating of scs19)
      expect(
        rate(
          { kind: "number", value: rating.value, percent: true, decimals: 1 },
          resolveRule({ polarity: "maximise", target: rating.target, ...learned.fields }, undefined)
        ).status
      ).toBe(rating.status);
  });

  it("lists the ratings no single rule reproduces: the publication's slips", () => {
    // Brief §5: one month published Amber although 87% beat its 85% target.
    const learned = learnRule(
      [...scs19, r(0.87, 0.85, "Amber", "Tonbridge!H13"), r(0.8, 0.85, "Red", "Gravesham!H13")],
      "maximise"
    );
    expect(learned.fields).toEqual({ floor: 0.75 });
    expect(learned.conflicts.map((c) => c.rating.where).sort()).toEqual([
      "Gravesham!H13",
      "Tonbridge!H13",
    ]);
    expect(learned.conflicts.find((c) => c.rating.where === "Tonbridge!H13")?.why).toMatch(
      /target is met/
    );
  });

  it("a ceiling for lower-is-better indicators", () => {
    const learned = learnRule(
      [r(22.1, 20, "Amber"), r(23.9, 20, "Amber"), r(25.2, 20, "Red"), r(19, 20, "Green")],
      "minimise"
    );
    expect(learned.kind).toBe("floor");
    expect(learned.fields.floor).toBe(25);
    expect(learned.interval).toEqual({ low: 23.9, lowOpen: false, high: 25.2, highOpen: true });
  });

  it("targets that differ between ratings: a relative tolerance (brief §2a: 5%)", () => {
    const learned = learnRule(
      [
        r(82, 85, "Amber"),
        r(75, 80, "Red"),
        r(21.5, 22, "Amber"),
        r(100, 110, "Red"),
        r(96, 100, "Amber"),
      ],
      "maximise"
    );
    expect(learned.kind).toBe("relative");
    expect(learned.fields).toEqual({ tolerance: { kind: "relative", fraction: 0.05 } });
  });

  it("no Amber ever, Reds below target: two states", () => {
    expect(
      learnRule([r(0.91, 0.9, "Green"), r(0.89, 0.9, "Red"), r(0.5, 0.9, "Red")], "maximise")
    ).toMatchObject({
      kind: "two-state",
      fields: { amber: false },
    });
  });

  it("only Greens: nothing to learn beyond the target", () => {
    expect(learnRule([r(5, 4, "Green")], "maximise").kind).toBe("target-only");
  });
});

describe("learnRange", () => {
  // Brief §2b: SCS13 "target range of 17.5% – 22.5%", polarity T; 22.6% is Amber.
  it("recovers a target range from Greens inside and non-Greens outside", () => {
    const learned = learnRange([
      r(0.2, 0.2, "Green"),
      r(0.176, 0.2, "Green"),
      r(0.223, 0.2, "Green"),
      r(0.226, 0.2, "Amber", "Kent!H15"),
      r(0.171, 0.2, "Amber"),
      r(0.3, 0.2, "Red"),
    ]);
    expect(learned.kind).toBe("range");
    expect(learned.fields).toEqual({ lower: 0.175, upper: 0.225 });
    expect(learned.conflicts).toEqual([]);
  });

  it("a non-Green between the Greens is a conflict", () => {
    const learned = learnRange([
      r(19, 20, "Green"),
      r(20, 20, "Amber", "Dover!H4"),
      r(21, 20, "Green"),
    ]);
    expect(learned.conflicts.map((c) => c.rating.where)).toEqual(["Dover!H4"]);
  });
});
