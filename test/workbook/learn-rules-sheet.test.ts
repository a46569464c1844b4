import { describe, expect, it } from "vitest";
import { RULE_FIELDS } from "../../src/engine/rules";
import {
  learnedEvidence,
  learnedRulesRows,
  learnedRuleText,
  learnRules,
  mergeLearnedRules,
  type LearnedRules,
} from "../../src/workbook/learn-rules";
import { parseRulesTable } from "../../src/workbook/rules-table";
import { runWorkbook } from "../../src/workbook/run";
import type { CellScalar } from "../../src/workbook/snapshot";
import { countyScorecard, INDICATORS } from "../corpus/county-floors";

const { snapshot } = countyScorecard();
const learned = learnRules(runWorkbook(snapshot), snapshot);
const LEARNED_CODES = learnedRulesRows(learned)
  .slice(1)
  .map((row) => row[0]!);

/** The written cells applied to `rows` by hand, as a host would: nothing else changes. */
function applyWrites(
  rows: readonly (readonly CellScalar[])[],
  merged: ReturnType<typeof mergeLearnedRules>
): CellScalar[][] {
  const out = rows.map((row) => [...row]);
  for (const { row, column, text } of merged.writes) {
    const cells = (out[row] ??= []);
    while (cells.length < column) cells.push(null);
    cells[column] = text;
  }
  return out;
}

/** The non-empty cells of a grid, `row,column=value`, to compare grids whatever their padding. */
function filled(rows: readonly (readonly CellScalar[])[]): string[] {
  return rows.flatMap((row, i) =>
    row.flatMap((cell, j) => (cell === null || cell === "" ? [] : [`${i},${j}=${String(cell)}`]))
  );
}

describe("mergeLearnedRules: no Rules sheet", () => {
  const merged = mergeLearnedRules(undefined, learned);

  it("is the Rules sheet the add-in creates (code and every rule field) with the learned values", () => {
    expect(merged.created).toBe(true);
    expect(merged.rows[0]).toEqual(["code", ...RULE_FIELDS]);
    expect(merged.rows.slice(1).map((r) => r[0])).toEqual(LEARNED_CODES);
    const floor = RULE_FIELDS.indexOf("floor") + 1;
    expect(merged.rows.map((r) => r[floor])).toEqual([
      "floor",
      "75%",
      "20",
      "22%",
      "20%",
      "80%",
      "85%",
      "70%",
      "70%",
      "78%",
      "11.5%",
    ]);
    expect(merged.added).toBe(INDICATORS.length);
    expect(merged.updated).toBe(0);
    expect(merged.kept).toEqual([]);
    // Every cell of the new sheet is written, and only those that hold something.
    expect(filled(applyWrites([], merged))).toEqual(filled(merged.rows));
  });

  it("reads back as exactly the rules learned (the CLI's rules file)", () => {
    const fromSheet = parseRulesTable(merged.rows);
    const fromFile = parseRulesTable(learnedRulesRows(learned));
    expect(fromSheet.problems).toEqual([]);
    expect([...fromSheet.byCode]).toEqual([...fromFile.byCode]);
  });

  it("writes a tolerance as 5%, 2pp or 3 units and two states as amber no", () => {
    const tolerances: LearnedRules = {
      ratings: 3,
      indicators: [
        indicator("R1", { kind: "relative", fraction: 0.05 }, true),
        indicator("A1", { kind: "absolute", amount: 0.02 }, true),
        indicator("U1", { kind: "absolute", amount: 3 }, false),
        { ...indicator("T1", undefined, false), learned: twoStates() },
      ],
    };
    const rows = mergeLearnedRules(undefined, tolerances).rows;
    const column = (field: string): CellScalar[] =>
      rows.slice(1).map((r) => r[rows[0]!.indexOf(field)]!);
    expect(column("tolerance")).toEqual(["5%", "2pp", "3 units", ""]);
    expect(column("amber")).toEqual(["", "", "", "no"]);
    expect(tolerances.indicators.map(learnedRuleText)).toEqual([
      "Amber within 5% of target",
      "Amber within 2pp of target",
      "Amber within 3 units of target",
      "two states (no Amber)",
    ]);
  });

  it("an empty Rules sheet is filled from A1; nothing learned writes nothing", () => {
    const merged = mergeLearnedRules([[null, ""], []], learned);
    expect(merged.created).toBe(true);
    expect(merged.rows[0]![0]).toBe("code");
    expect(mergeLearnedRules(undefined, { indicators: [], ratings: 0 }).writes).toEqual([]);
  });
});

describe("mergeLearnedRules: the officer's Rules sheet", () => {
  // A title above the header, columns in the officer's own order and spelling, a notes column,
  // a typed floor for SCS01 (in their own format), a typed tolerance for SCS05, a code in lower case.
  const officer: CellScalar[][] = [
    ["Rules agreed with the service, March 2023"],
    ["Notes", "PI code", "Floor standard", "Polarity"],
    ["Agreed at DMT", "SCS01", 0.7, "H"],
    [null, "scs08", null, "L"],
    ["Set by the Director", "SCS05", null, "L", "ignored"],
    [null, "OTHER1", null, "H"],
  ];
  const withTolerance: CellScalar[][] = officer.map((row, i) =>
    i === 1 ? [...row, "tolerance"] : i === 4 ? [...row.slice(0, 4), "10%"] : [...row]
  );
  const merged = mergeLearnedRules(withTolerance, learned);
  const after = applyWrites(withTolerance, merged);

  it("never overwrites a typed floor, and counts it as kept", () => {
    expect(after[2]).toEqual(["Agreed at DMT", "SCS01", 0.7, "H"]);
    expect(merged.kept).toContainEqual({
      code: "SCS01",
      field: "floor",
      learned: "75%",
      officerField: "floor",
      officer: "0.7",
      row: 2,
      column: 2,
    });
  });

  it("fills an empty floor cell of a code already there (matched whatever its case)", () => {
    expect(after[3]).toEqual([null, "scs08", "22%", "L"]);
  });

  it("leaves a floor out where the officer's tolerance sets the boundary, and says so", () => {
    expect(after[4]).toEqual(["Set by the Director", "SCS05", null, "L", "10%"]);
    expect(merged.kept).toContainEqual(
      expect.objectContaining({ code: "SCS05", field: "floor", officerField: "tolerance" })
    );
    expect(merged.kept).toHaveLength(2);
  });

  it("appends the codes it lacks below, and keeps the officer's rows, columns and order", () => {
    expect(after.slice(0, 6).map((r) => r[1] ?? r[0])).toEqual([
      "Rules agreed with the service, March 2023",
      "PI code",
      "SCS01",
      "scs08",
      "SCS05",
      "OTHER1",
    ]);
    expect(after[1]).toEqual(["Notes", "PI code", "Floor standard", "Polarity", "tolerance"]);
    const appended = after.slice(6).map((r) => [r[1], r[2]]);
    expect(appended.map(([code]) => code)).toEqual(
      LEARNED_CODES.filter((c) => !["SCS01", "SCS08", "SCS05"].includes(c))
    );
    expect(appended[0]).toEqual(["SCS13", "20%"]);
    expect(merged.added).toBe(appended.length);
    expect(merged.updated).toBe(1);
    // The merged grid is what the writes make of the officer's sheet: no other cell changes.
    expect(filled(after)).toEqual(filled(merged.rows));
    for (const { row, column } of merged.writes)
      expect(withTolerance[row]?.[column] ?? null, `${row},${column}`).toBeNull();
  });

  it("the result reads back with the officer's rules where they typed one", () => {
    const rules = parseRulesTable(merged.rows);
    // Only the officer's own Notes column, which the reader always mentions.
    expect(rules.problems.map((p) => p.message)).toEqual([expect.stringMatching(/"Notes"/)]);
    expect(rules.byCode.get("SCS01")?.floor).toBe(0.7);
    expect(rules.byCode.get("SCS08")?.floor).toBeCloseTo(0.22, 10);
    expect(rules.byCode.get("SCS05")).toEqual({
      polarity: "minimise",
      tolerance: { kind: "relative", fraction: 0.1 },
    });
    expect(rules.byCode.get("LAC04")?.floor).toBeCloseTo(0.115, 10);
  });

  it("adds a missing field column at the right of the widest row", () => {
    const merged = mergeLearnedRules(officer, learned);
    const header = merged.rows[1]!;
    // The officer's sheet has no tolerance column and needs none: floors only.
    expect(header).toEqual(["Notes", "PI code", "Floor standard", "Polarity"]);
    const twoState = mergeLearnedRules(officer, {
      ratings: 1,
      indicators: [{ ...indicator("OTHER1", undefined, false), learned: twoStates() }],
    });
    // Past the officer's unlabelled cell in E5: nothing of theirs is covered by the new column.
    expect(twoState.rows[1]).toEqual([
      "Notes",
      "PI code",
      "Floor standard",
      "Polarity",
      null,
      "amber",
    ]);
    expect(twoState.rows[5]).toEqual([null, "OTHER1", null, "H", null, "no"]);
    expect(twoState.updated).toBe(1);
    expect(twoState.added).toBe(0);
  });

  it("an officer value equal to the learned one is no refusal", () => {
    const same = officer.map((row, i) => (i === 2 ? ["Agreed", "SCS01", "75%", "H"] : row));
    const merged = mergeLearnedRules(same, learned);
    expect(merged.kept).toEqual([]);
    expect(merged.writes.some((w) => w.row === 2)).toBe(false);
  });

  it("a sheet with no code header gets the new table below what is there", () => {
    const notes: CellScalar[][] = [["Our rules are in the business plan"]];
    const merged = mergeLearnedRules(notes, learned);
    expect(merged.created).toBe(false);
    expect(merged.rows[0]).toEqual(["Our rules are in the business plan"]);
    expect(merged.rows[2]).toEqual(["code", ...RULE_FIELDS]);
    expect(merged.writes.every((w) => w.row >= 2)).toBe(true);
    expect(parseRulesTable(merged.rows).byCode.get("SCS01")?.floor).toBe(0.75);
  });

  it("keeps a code that looks like a number or a formula as the text it is", () => {
    const merged = mergeLearnedRules(undefined, {
      ratings: 2,
      indicators: [
        indicator("007", { kind: "relative", fraction: 0.05 }, true),
        indicator("=1", { kind: "relative", fraction: 0.05 }, true),
      ],
    });
    expect(merged.rows.slice(1).map((r) => r[0])).toEqual(["007", "=1"]);
    expect(merged.writes.filter((w) => w.column === 0).map((w) => w.text)).toEqual([
      "code",
      "007",
      "=1",
    ]);
  });
});

describe("learnedRuleText and learnedEvidence", () => {
  it("name the rule and the tightest ratings either side, by cell", () => {
    const scs01 = learned.indicators.find((i) => i.code === "SCS01")!;
    expect(learnedRuleText(scs01)).toBe("floor 75%");
    expect(learnedEvidence(scs01)).toEqual({
      ratings: 13,
      counts: scs01.learned.counts,
      worstAmber: { value: "75.5%", where: "Dartford!F4" },
      bestRed: { value: "74.9%", where: "Swale!F4" },
      fits: "any floor above 74.9% and at most 75.5% fits",
    });
  });
});

function twoStates(): LearnedRules["indicators"][number]["learned"] {
  return {
    kind: "two-state",
    fields: { amber: false },
    counts: { Green: 1, Amber: 0, Red: 2 },
    evidence: {},
    conflicts: [],
  };
}

function indicator(
  code: string,
  tolerance:
    { kind: "relative"; fraction: number } | { kind: "absolute"; amount: number } | undefined,
  percent: boolean
): LearnedRules["indicators"][number] {
  return {
    code,
    polarity: "maximise",
    sheets: ["Kent"],
    percent,
    learned: {
      kind: tolerance?.kind ?? "target-only",
      fields: tolerance ? { tolerance } : {},
      counts: { Green: 1, Amber: 1, Red: 1 },
      evidence: {},
      conflicts: [],
    },
  };
}
