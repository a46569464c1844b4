import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assuranceVerdict, variationVerdict, VARIATION_TEXT } from "./mdc";
import { RNORM_123_20 } from "./reference-data.fixture";
import { analyseSpc } from "./special-cause";
import { analyseSpcReference } from "./special-cause.reference";

describe("variationVerdict", () => {
  it("is NA with the count below the minimum", () => {
    const verdict = variationVerdict(analyseSpc([1, 2, 3, 4, 5, 6, 7, 8], "maximise"));
    expect(verdict).toEqual({ kind: "na", reason: "8 points, needs 12", text: "NA" });
  });

  it("reads NHSRplotthedots' test data (set.seed(123); rnorm(20)) as common cause at the last point", () => {
    // test-ptd_spc_standard.R: no special cause in rnorm(20) with seed 123.
    expect(variationVerdict(analyseSpc(RNORM_123_20, "maximise")).text).toBe("Common cause");
  });

  it("turns a point above the upper limit into improvement or concern by polarity, with the side", () => {
    const values = [0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 100];
    expect(variationVerdict(analyseSpc(values, "maximise")).text).toBe("Improvement ↑");
    expect(variationVerdict(analyseSpc(values, "minimise")).text).toBe("Concern ↑");
    expect(variationVerdict(analyseSpc(values, "range")).text).toBe("Neither ↑");
    expect(variationVerdict(analyseSpc(values, undefined)).text).toBe("Neither ↑");
    const below = values.map((v) => -v);
    expect(variationVerdict(analyseSpc(below, "maximise")).text).toBe("Concern ↓");
    expect(variationVerdict(analyseSpc(below, "minimise")).text).toBe("Improvement ↓");
  });

  it("agrees with the reference transcription on any series (the latest point's type)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 12, maxLength: 30 }),
        fc.constantFrom("maximise", "minimise", "range", undefined),
        (values, polarity) => {
          const reference = analyseSpcReference(values, polarity);
          if (reference.kind !== "analysed") return;
          const latest = reference.points[reference.points.length - 1]!;
          const verdict = variationVerdict(analyseSpc(values, polarity));
          const expected = latest.specialCause
            ? `${latest.variation}-${latest.side}`
            : "common-cause";
          expect(verdict.kind === "icon" ? verdict.icon : "na").toBe(expected);
          expect(verdict.text).toBe(VARIATION_TEXT[expected as keyof typeof VARIATION_TEXT]);
        }
      )
    );
  });
});

describe("assuranceVerdict", () => {
  const limits = { upperProcessLimit: 95, lowerProcessLimit: 85 };

  it("places one target against the process limits (R/ptd_calculate_assurance_type.R)", () => {
    expect(assuranceVerdict(limits, { target: 80 }, "maximise").text).toBe("Consistently passing");
    expect(assuranceVerdict(limits, { target: 99 }, "maximise").text).toBe("Consistently failing");
    expect(assuranceVerdict(limits, { target: 90 }, "maximise").text).toBe("Hit and miss");
    expect(assuranceVerdict(limits, { target: 80 }, "minimise").text).toBe("Consistently failing");
    expect(assuranceVerdict(limits, { target: 99 }, "minimise").text).toBe("Consistently passing");
    // On a limit is not beyond it.
    expect(assuranceVerdict(limits, { target: 95 }, "maximise").text).toBe("Hit and miss");
  });

  it("agrees with analyseSpc's own assurance on any series and target", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 12, maxLength: 30 }),
        fc.integer({ min: -10, max: 60 }),
        fc.constantFrom("maximise" as const, "minimise" as const),
        (values, target, polarity) => {
          const result = analyseSpc(values, polarity, { target });
          if (result.kind !== "analysed") return;
          const words = {
            "consistently-pass": "Consistently passing",
            "consistently-fail": "Consistently failing",
            "hit-and-miss": "Hit and miss",
          } as const;
          expect(assuranceVerdict(result.limits, { target }, polarity).text).toBe(
            words[result.assurance!]
          );
        }
      )
    );
  });

  it("judges a target range by both limits", () => {
    expect(assuranceVerdict(limits, { lower: 80, upper: 100 }, "range").text).toBe(
      "Consistently passing"
    );
    expect(assuranceVerdict(limits, { lower: 96, upper: 120 }, "range").text).toBe(
      "Consistently failing"
    );
    expect(assuranceVerdict(limits, { lower: 60, upper: 84 }, "range").text).toBe(
      "Consistently failing"
    );
    expect(assuranceVerdict(limits, { lower: 88, upper: 120 }, "range").text).toBe("Hit and miss");
  });

  it("is NA with the reason where Making Data Count gives no assurance", () => {
    expect(assuranceVerdict(limits, undefined, "maximise")).toEqual({
      kind: "na",
      reason: "no target",
      text: "NA",
    });
    expect(assuranceVerdict(limits, { target: 90 }, undefined).text).toBe("NA");
    expect(assuranceVerdict(limits, { target: 90 }, "range")).toMatchObject({ kind: "na" });
  });
});
