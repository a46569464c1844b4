import { describe, expect, it } from "vitest";
import { EXTERNAL_SHEET, mapReferences } from "../../src/xlsx/formula-references";

describe("mapReferences", () => {
  it("hands words and pairs to the visitor with the sheet written before them", () => {
    const seen: string[] = [];
    const out = mapReferences(
      `SUM(B2:C2)*Kent!D1+'My ''new'' sheet'!E$3:F4+[1]Other!G5+"H6"+T[Col]`,
      {
        single: (word, at) => {
          seen.push(`${word}@${at.sheet === EXTERNAL_SHEET ? "external" : (at.sheet ?? "")}`);
          return word.toLowerCase();
        },
        range: (first, second, at) => {
          seen.push(`${first}:${second}@${at.sheet ?? ""}`);
          return first === "B2" ? undefined : `<${first}:${second}>`;
        },
      }
    );
    expect(out).toBe(`SUM(b2:c2)*Kent!d1+'My ''new'' sheet'!<E$3:F4>+[1]Other!g5+"H6"+t[Col]`);
    expect(seen).toEqual([
      "B2:C2@",
      "B2@",
      "C2@",
      "D1@Kent",
      "E$3:F4@My 'new' sheet",
      "G5@external",
      "T@",
    ]);
  });

  it("leaves everything as it is when the visitor keeps it", () => {
    const formula = `IF(A1>0,"x:y",SUM(Sheet2!A:B))`;
    expect(mapReferences(formula, {})).toBe(formula);
  });
});
