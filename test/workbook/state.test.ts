import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runWorkbook } from "../../src/workbook/run";
import { parseState, stateCells, EMPTY_STATE } from "../../src/workbook/state";
import { sheet, workbook } from "../corpus/grid";

const scorecard = sheet("Kent", [
  ["PI code", "Indicator", "Polarity", "Target", "Value", "RAG"],
  ["SCS01", "Posts filled", "H", 0.85, 0.8, "Amber"],
  ["SCS05", "Caseload", "L", 18, 19, "Amber"],
]);

describe("the saved state", () => {
  it("any JSON at all is reported and ignored, never thrown, and rating and clearing go on", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(() => parseState(text)).not.toThrow();
        for (const mode of ["rate", "clear"] as const)
          expect(() =>
            runWorkbook({ ...workbook(scorecard), state: text }, { mode })
          ).not.toThrow();
      }),
      { numRuns: 300 }
    );
  });

  it("state-shaped JSON with wrong types inside is ignored part by part", () => {
    fc.assert(
      fc.property(
        fc.record({
          version: fc.constantFrom(1, 2),
          settings: fc.jsonValue(),
          overrides: fc.jsonValue(),
          blocks: fc.dictionary(fc.string(), fc.jsonValue()),
          owned: fc.dictionary(fc.string(), fc.jsonValue()),
        }),
        (value) => {
          const text = JSON.stringify(value);
          const { state } = parseState(text);
          expect(() => stateCells(state)).not.toThrow();
          expect(() => runWorkbook({ ...workbook(scorecard), state: text })).not.toThrow();
        }
      ),
      { numRuns: 300 }
    );
  });

  it("never cuts a chunk so that a cell would start like a formula", () => {
    // A boundary that would fall on "=+-@'" (table ids hold sheet names, which may hold any of them).
    const overrides = { [`${"x".repeat(29_959)}==+-@'`]: {} };
    const text = JSON.stringify({ ...EMPTY_STATE, overrides });
    // Where a cut every 30,000 characters would fall: on a "=".
    expect(text[30_000]).toBe("=");
    const cells = stateCells({ ...EMPTY_STATE, overrides });
    expect(cells.length).toBe(2);
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@']/);
    expect(cells.join("")).toBe(JSON.stringify({ ...EMPTY_STATE, overrides }));
    expect(parseState(cells.join("")).state.overrides).toEqual(overrides);
  });

  it("keeps the known checks and drops an unknown id or a value that is not true or false", () => {
    const { state, problem } = parseState(
      JSON.stringify({
        version: 2,
        settings: { checks: { jump: false, "no-such-check": false, spc: "off", funnel: true } },
      })
    );
    expect(state.settings.checks).toEqual({ jump: false, funnel: true });
    expect(problem?.message).toMatch(/settings\.checks\["no-such-check"\]/);
    expect(problem?.message).toMatch(/settings\.checks\["spc"\]/);
    const result = runWorkbook({ ...workbook(scorecard), state: JSON.stringify(state) });
    expect(result.settings.checks.enabled).toEqual({ jump: false, funnel: true });
  });

  it("refuses output headers that Excel would read as formulas", () => {
    const { state, problem } = parseState(
      JSON.stringify({
        version: 2,
        settings: { headers: { rag: '=HYPERLINK("x")', commentary: "Notes" } },
      })
    );
    expect(state.settings.headers).toEqual({ commentary: "Notes" });
    expect(problem?.message).toMatch(/settings\.headers\.rag/);
  });
});
