import { describe, expect, it } from "vitest";
import { parsePolarity } from "./polarity";

describe("parsePolarity", () => {
  it.each([
    ["Maximise", "maximise"],
    ["maximize", "maximise"],
    ["H", "maximise"],
    ["h ", "maximise"],
    ["Higher is better", "maximise"],
    ["Tolerance: Higher values are better", "maximise"],
    ["  TOLERANCE:   higher   values are better. ", "maximise"],
    ["Minimise", "minimise"],
    ["L", "minimise"],
    ["Lower is better", "minimise"],
    ["Tolerance: Lower values are better", "minimise"],
    ["Goldilocks", "range"],
    ["T", "range"],
    ["As close to target as possible", "range"],
    ["Tolerance: As close to target as possible", "range"],
    ["Aim to: Maximise", "maximise"],
  ] as const)("%j is %s", (text, polarity) => {
    expect(parsePolarity(text)).toBe(polarity);
  });

  it.each([["sideways"], [""], ["Maximum effort"], [42], [null]])(
    "%j is not recognised",
    (text) => {
      expect(parsePolarity(text)).toBeUndefined();
    }
  );
});
