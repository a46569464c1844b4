import { describe, expect, it } from "vitest";
import { learnedRulesRows, learnRules, describeLearned } from "../../src/workbook/learn-rules";
import { parseRulesTable } from "../../src/workbook/rules-table";
import { runWorkbook } from "../../src/workbook/run";
import { countyScorecard, DISTRICTS, INDICATORS } from "../corpus/county-floors";

describe("learning the floors a county scorecard was published with (brief §2b, no Floor column)", () => {
  const { snapshot, truth, slips } = countyScorecard();

  it("the default 5% tolerance disagrees with many published RAGs: the reason to learn", () => {
    const run = runWorkbook(snapshot);
    const rows = run.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows));
    const differ = rows.filter((r) => r.publishedStatus && r.status !== r.publishedStatus);
    expect(differ.length / rows.length).toBeGreaterThan(0.1);
  });

  it("says once that the default rule disagrees, and offers learning, instead of a flag a row", () => {
    const run = runWorkbook(snapshot);
    const said = run.warnings.filter((w) => /default rule/.test(w.message));
    expect(said).toHaveLength(1);
    expect(said[0]!.message).toMatch(/learn-rules/);
    // Left on its row: only the slip a floor cannot explain, a beaten target published Amber.
    const flagged = run.sheets.flatMap((s) =>
      s.tables.flatMap((t) =>
        t.rows
          .filter((r) => r.flags.some((f) => f.kind === "published-status"))
          .map((r) => `${s.name}|${r.code}`)
      )
    );
    expect(flagged).toEqual(["Swale|EH43"]);
    // With the learned floors the per-row checks are back, for the slips alone.
    const rules = parseRulesTable(learnedRulesRows(learnRules(run, snapshot)));
    const rated = runWorkbook(snapshot, { rules });
    expect(rated.warnings.filter((w) => /default rule/.test(w.message))).toEqual([]);
    const slipsFlagged = rated.sheets.flatMap((s) =>
      s.tables.flatMap((t) =>
        t.rows
          .filter((r) => r.flags.some((f) => f.kind === "published-status"))
          .map((r) => `${s.name}|${r.code}`)
      )
    );
    expect(slipsFlagged.sort()).toEqual(slips.map((x) => `${x.sheet}|${x.code}`).sort());
  });

  it("recovers every floor it was generated with, and names the slips by sheet and cell", () => {
    const learned = learnRules(runWorkbook(snapshot), snapshot);
    expect(learned.hint?.scheme).toBe("floor");
    for (const indicator of INDICATORS) {
      const found = learned.indicators.find((i) => i.code === indicator.code)!;
      expect(found.learned.kind, indicator.code).toBe("floor");
      expect(
        found.learned.fields.floor,
        `${indicator.code}: ${describeLearned(found)}`
      ).toBeCloseTo(indicator.floor, 10);
    }
    const conflicts = learned.indicators.flatMap((i) =>
      i.learned.conflicts.map((c) => c.rating.where)
    );
    for (const slip of slips)
      expect(conflicts.some((w) => w.startsWith(`${slip.sheet}!`))).toBe(true);
    expect(conflicts).toHaveLength(slips.length);
  });

  it("learned on nine tabs, rated on the other four: ≥ 95% of published RAGs, every Green/non-Green", () => {
    const training = ["Kent", ...DISTRICTS.slice(0, 8)];
    const heldOut = DISTRICTS.slice(8);
    const learned = learnRules(runWorkbook(snapshot, { sheets: training }), snapshot);
    const rules = parseRulesTable(learnedRulesRows(learned));
    expect(rules.problems).toEqual([]);
    const run = runWorkbook(snapshot, { sheets: [...heldOut], rules });
    const rows = run.sheets.flatMap((s) =>
      s.tables.flatMap((t) => t.rows.map((r) => ({ sheet: s.name, r })))
    );
    expect(rows.length).toBe(heldOut.length * INDICATORS.length);
    const exact = rows.filter(({ r }) => r.status === r.publishedStatus).length;
    expect(exact / rows.length).toBeGreaterThanOrEqual(0.95);
    for (const { sheet, r } of rows) {
      const expected = truth.get(`${sheet}|${r.code}`)!;
      expect(r.status === "Green", `${sheet} ${r.code}`).toBe(expected === "Green");
      expect(r.status, `${sheet} ${r.code}`).toBe(expected);
    }
  });

  it("writes a rules table that --rules and the Rules sheet read back", () => {
    const rows = learnedRulesRows(learnRules(runWorkbook(snapshot), snapshot));
    expect(rows[0]).toEqual(["code", "floor", "tolerance", "amber", "lower", "upper"]);
    expect(rows).toContainEqual(["SCS01", "75%", "", "", "", ""]);
    expect(rows).toContainEqual(["SCS05", "20", "", "", "", ""]);
  });
});
