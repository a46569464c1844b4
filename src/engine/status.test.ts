import { describe, expect, it } from "vitest";
import { parsePublishedStatus } from "./status";

describe("parsePublishedStatus", () => {
  it.each([
    ["Green", "Green", false],
    ["GREEN", "Green", false],
    [" amber ", "Amber", false],
    ["R", "Red", false],
    ["NA", "NA", false],
    ["Reu", "Red", true],
    ["GREW", "Green", true],
    ["Arnber", "Amber", true],
    ["Amher", "Amber", true],
    ["Grey", "Not rated", false],
  ] as const)("%j reads as %s (repaired: %s)", (text, status, repaired) => {
    expect(parsePublishedStatus(text)).toMatchObject({ status, repaired });
  });

  it.each([["Blue"], ["Rd Amber"], [""], [3], ["Greyish"]])("%j is not a status", (text) => {
    expect(parsePublishedStatus(text)).toBeUndefined();
  });
});
