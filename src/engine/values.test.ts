import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { displayOf, formatNumber, parseCellValue } from "./values";

describe("parseCellValue", () => {
  it.each([
    [82, undefined, 82, false, 0],
    [22.1, "General", 22.1, false, 1],
    [0.315, "0.0%", 0.315, true, 1],
    [0.7, "0%", 0.7, true, 0],
    [0.0001, "0.00%", 0.0001, true, 2],
    [67, "0.0", 67, false, 1],
    ["31.5%", undefined, 0.315, true, 1],
    ["69.39%", undefined, 0.6939, true, 2],
    ["1,037", undefined, 1037, false, 0],
    ["12,345.6", undefined, 12345.6, false, 1],
    [" 82 ", undefined, 82, false, 0],
    ["£1,200", undefined, 1200, false, 0],
    ["−5", undefined, -5, false, 0],
    ["-0.5", undefined, -0.5, false, 1],
    [".5", undefined, 0.5, false, 1],
  ] as const)("reads %j (format %s) as %d", (raw, format, value, percent, decimals) => {
    const cell = parseCellValue(raw, format);
    expect(cell.kind).toBe("number");
    if (cell.kind !== "number") return;
    expect(cell.value).toBeCloseTo(value, 12);
    expect(cell.percent).toBe(percent);
    expect(cell.decimals).toBe(decimals);
  });

  it.each([
    [null, "blank"],
    [undefined, "blank"],
    ["", "blank"],
    ["   ", "blank"],
    ["Redacted", "redacted"],
    ["SUPPRESSED", "redacted"],
    ["*", "redacted"],
    ["<5", "redacted"],
    ["N/A", "not-available"],
    ["NA", "not-available"],
    ["n/a", "not-available"],
    ["NA 21/22 academic year data not available yet", "not-available"],
    ["21/22 academic year data not available yet", "not-available"],
    ["TBC", "not-available"],
    ["_", "placeholder"],
    ["-", "placeholder"],
    ["–", "placeholder"],
    ["#N/A", "excel-error"],
    ["#DIV/0!", "excel-error"],
    ["#value!", "excel-error"],
    ["Reu", "not-a-number"],
    ["about 40", "not-a-number"],
    ["1,03", "not-a-number"],
    [true, "not-a-number"],
    [Number.NaN, "not-a-number"],
    [Number.POSITIVE_INFINITY, "not-a-number"],
  ] as const)("reads %j as missing (%s), never a guess", (raw, reason) => {
    const cell = parseCellValue(raw);
    expect(cell).toMatchObject({ kind: "missing", reason });
  });

  it("never throws, whatever the cell holds", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)),
        fc.option(fc.string()),
        (raw, format) => {
          const cell = parseCellValue(raw, format ?? undefined);
          expect(["number", "missing"]).toContain(cell.kind);
        }
      )
    );
  });

  it("round-trips what it formats", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        (n, decimals, percent) => {
          const shown = n / 10 ** decimals;
          const value = percent ? shown / 100 : shown;
          const text = formatNumber({ kind: "number", value, percent, decimals });
          const back = parseCellValue(text);
          expect(back.kind).toBe("number");
          if (back.kind === "number") expect(back.value).toBeCloseTo(value, 9);
        }
      )
    );
  });
});

describe("displayOf", () => {
  it.each([
    ["0.0%", true, 1],
    ["0%", true, 0],
    ["#,##0", false, 0],
    ["0.00;[Red]-0.00", false, 2],
    ['0.0" days"', false, 1],
    ["General", false, undefined],
  ] as const)("%s shows percent=%s with %s decimals", (format, percent, decimals) => {
    expect(displayOf(format)).toEqual({ percent, decimals });
  });
});
