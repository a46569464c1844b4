import { describe, expect, it } from "vitest";
import { analyseSpcReference } from "../../src/engine/stats/special-cause.reference";
import { wilsonInterval } from "../../src/engine/stats/wilson";
import { applyPlanInMemory } from "../../src/session/memory-workbook";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import type { RowResult } from "../../src/workbook/rate-table";
import type { CellScalar, WorkbookSnapshot } from "../../src/workbook/snapshot";
import { months, sheet, workbook } from "./build";

/*
 * A generated set of 24-month series with known special causes (issue #10):
 * what the Variation, Assurance and Benchmark columns say, against what
 * NHSRplotthedots says on the same numbers (its rules transcribed in
 * src/engine/stats/special-cause.reference.ts: R/ptd_calculate_point_type.R,
 * R/ptd_calculate_assurance_type.R) and what PHEindicatormethods' Wilson
 * interval gives (R/utils.R wilson_lower / wilson_upper).
 */

/** 24 points of common-cause noise around 50 (no run of 7 on one side, no trend of 7, none beyond 2 sigma twice in 3). */
const NOISE = [
  50, 53, 48, 52, 49, 51, 50, 54, 47, 52, 49, 51, 50, 53, 48, 52, 49, 51, 50, 52, 48, 51, 50, 51,
];
const MONTHS = months(24);

const series = (last: readonly number[]): number[] => [
  ...NOISE.slice(0, NOISE.length - last.length),
  ...last,
];

interface Case {
  readonly code: string;
  readonly polarity: string;
  readonly target: CellScalar;
  readonly lower?: number;
  readonly upper?: number;
  readonly values: readonly CellScalar[];
  readonly variation: string;
  readonly assurance: string;
}

const CASES: readonly Case[] = [
  {
    code: "CC",
    polarity: "H",
    target: 50,
    values: NOISE,
    variation: "Common cause",
    assurance: "Hit and miss",
  },
  {
    code: "OUT",
    polarity: "H",
    target: 30,
    values: series([75]),
    variation: "Improvement ↑",
    assurance: "Consistently passing",
  },
  {
    code: "SHIFT",
    polarity: "H",
    target: 80,
    values: series([46, 45, 46, 47, 45, 46, 46]),
    variation: "Concern ↓",
    assurance: "Consistently failing",
  },
  {
    code: "TREND",
    polarity: "L",
    target: 80,
    values: series([44, 46, 48, 50, 52, 54, 56]),
    variation: "Concern ↑",
    assurance: "Consistently passing",
  },
  {
    code: "LOWOUT",
    polarity: "L",
    target: 50,
    values: series([20]),
    variation: "Improvement ↓",
    assurance: "Hit and miss",
  },
  {
    code: "NEUTRAL",
    polarity: "",
    target: 50,
    values: series([80]),
    variation: "Neither ↑",
    assurance: "NA (no polarity)",
  },
  {
    code: "RANGE",
    polarity: "T",
    target: 50,
    lower: 20,
    upper: 80,
    values: NOISE,
    variation: "Common cause",
    assurance: "Consistently passing",
  },
  {
    code: "SHORT",
    polarity: "H",
    target: 50,
    values: [...Array.from({ length: 16 }, () => "N/A"), ...NOISE.slice(0, 8)],
    variation: "NA (8 points, needs 12)",
    assurance: "NA (8 points, needs 12)",
  },
  {
    code: "NOTARGET",
    polarity: "H",
    target: null,
    values: NOISE,
    variation: "Common cause",
    assurance: "NA (no target)",
  },
];

function scorecard(extra: { benchmark?: boolean } = {}): WorkbookSnapshot {
  const header = [
    "Ref",
    "Indicator",
    "Polarity",
    "Target",
    "Lower limit",
    "Upper limit",
    ...MONTHS,
    ...(extra.benchmark ? ["Numerator", "Denominator", "England average"] : []),
  ];
  const rows: CellScalar[][] = CASES.map((c) => [
    c.code,
    `Indicator ${c.code}`,
    c.polarity,
    c.target,
    c.lower ?? null,
    c.upper ?? null,
    ...c.values,
    ...(extra.benchmark ? [null, null, null] : []),
  ]);
  return workbook(sheet("District", [header, ...rows]));
}

function rows(result: RunResult): RowResult[] {
  return result.sheets.flatMap((s) => s.tables.flatMap((t) => [...t.rows]));
}

function owned(snapshot: WorkbookSnapshot, header: string): (CellScalar | undefined)[] {
  const grid = snapshot.sheets[0]!.values;
  const column = grid[0]!.indexOf(header);
  expect(column, `no "${header}" column`).toBeGreaterThanOrEqual(0);
  return grid.slice(1, CASES.length + 1).map((line) => line[column]);
}

describe("Variation and Assurance on generated 24-month series", () => {
  const snapshot = scorecard();
  const result = runWorkbook(snapshot);
  const rated = rows(result);

  it("rates every case", () => {
    expect(rated.map((r) => r.code)).toEqual(CASES.map((c) => c.code));
  });

  it.each(CASES.map((c, i) => [c.code, i] as const))(
    "%s: the columns say the hand-worked verdict",
    (_code, i) => {
      const c = CASES[i]!;
      const row = rated[i]!;
      expect(
        row.variation.text === "NA"
          ? `NA (${row.variation.kind === "na" ? row.variation.reason : ""})`
          : row.variation.text
      ).toBe(c.variation);
      expect(
        row.assurance.text === "NA"
          ? `NA (${row.assurance.kind === "na" ? row.assurance.reason : ""})`
          : row.assurance.text
      ).toBe(c.assurance);
    }
  );

  it.each(CASES.filter((c) => !c.code.startsWith("SHORT")).map((c, i) => [c.code, i] as const))(
    "%s: the variation is NHSRplotthedots' type of the latest point",
    (code) => {
      const c = CASES.find((k) => k.code === code)!;
      const row = rated.find((r) => r.code === code)!;
      const polarity =
        c.polarity === "H"
          ? "maximise"
          : c.polarity === "L"
            ? "minimise"
            : c.polarity === "T"
              ? "range"
              : undefined;
      const values = c.values.map((v) => (typeof v === "number" ? v : Number.NaN));
      const reference = analyseSpcReference(values, polarity);
      expect(reference.kind).toBe("analysed");
      if (reference.kind !== "analysed") return;
      const latest = reference.points[reference.points.length - 1]!;
      const expected = !latest.specialCause ? "common-cause" : `${latest.variation}-${latest.side}`;
      expect(row.variation.kind === "icon" ? row.variation.icon : "na").toBe(expected);
      if ((polarity === "maximise" || polarity === "minimise") && typeof c.target === "number") {
        const judged = analyseSpcReference(values, polarity, { target: c.target });
        const assurance = judged.kind === "analysed" ? judged.assurance : undefined;
        const words = {
          "consistently-pass": "Consistently passing",
          "consistently-fail": "Consistently failing",
          "hit-and-miss": "Hit and miss",
        } as const;
        expect(row.assurance.text).toBe(words[assurance!]);
      }
    }
  );

  it("writes Variation and Assurance after the four columns, with the MDC colours", () => {
    const plan = result.plan.sheets[0]!;
    const header = plan.writes[0]!.values[0];
    expect(header).toEqual([
      "RAG (Scorecard RAG)",
      "Short trend",
      "Long trend",
      "Commentary",
      "Variation",
      "Assurance",
    ]);
    const left = plan.writes[0]!.range.left;
    const variationFormats = plan.conditionalFormats.filter((f) => f.range.left === left + 4);
    expect(variationFormats.map((f) => [f.beginsWith, f.fill])).toEqual([
      ["Improvement", "#BDD7EE"],
      ["Concern", "#FCD5B4"],
      ["Common cause", "#D9D9D9"],
      ["Neither", "#E4DFEC"],
    ]);
    const after = applyPlanInMemory(snapshot, result.plan);
    expect(owned(after, "Variation")).toEqual(CASES.map((c) => c.variation));
    expect(owned(after, "Assurance")).toEqual(CASES.map((c) => c.assurance));
  });

  it("the SPC sentence says the column's words", () => {
    const out = rated.find((r) => r.code === "OUT")!;
    expect(out.commentary).toContain("special cause, Improvement ↑.");
    const shift = rated.find((r) => r.code === "SHIFT")!;
    expect(shift.commentary).toContain("Concern ↓");
  });

  it("re-rating is idempotent and clear restores the sheet exactly", () => {
    const once = applyPlanInMemory(snapshot, result.plan);
    const again = runWorkbook(once);
    const twice = applyPlanInMemory(once, again.plan);
    expect(twice.sheets[0]!.values).toEqual(once.sheets[0]!.values);
    expect(again.plan.sheets[0]!.conditionalFormats).toEqual(
      result.plan.sheets[0]!.conditionalFormats
    );
    const cleared = applyPlanInMemory(twice, runWorkbook(twice, { mode: "clear" }).plan);
    expect(trimmed(cleared.sheets[0]!.values)).toEqual(trimmed(snapshot.sheets[0]!.values));
  });

  it("turning the columns off narrows the block, and clear still restores the sheet", () => {
    const once = applyPlanInMemory(snapshot, result.plan);
    const off = runWorkbook(once, {
      settings: { columns: { variation: false, assurance: false, benchmark: false } },
    });
    expect(off.plan.sheets[0]!.writes[0]!.values[0]).toHaveLength(4);
    const narrow = applyPlanInMemory(once, off.plan);
    const header = narrow.sheets[0]!.values[0]!;
    expect(header).not.toContain("Variation");
    const back = runWorkbook(narrow);
    const wide = applyPlanInMemory(narrow, back.plan);
    expect(wide.sheets[0]!.values).toEqual(once.sheets[0]!.values);
    const cleared = applyPlanInMemory(wide, runWorkbook(wide, { mode: "clear" }).plan);
    expect(trimmed(cleared.sheets[0]!.values)).toEqual(trimmed(snapshot.sheets[0]!.values));
  });
});

describe("a block that needs more columns than the cells beside it allow", () => {
  it("is left as it was, with a warning that says how to get the new columns", () => {
    const snapshot = scorecard();
    const off = { columns: { variation: false, assurance: false, benchmark: false } };
    const narrow = applyPlanInMemory(snapshot, runWorkbook(snapshot, { settings: off }).plan);
    // The officer uses the cell right of the four columns.
    const values = narrow.sheets[0]!.values.map((line) => [...line]);
    const right = values[0]!.indexOf("Commentary") + 1;
    values[3]![right] = "Checked";
    const edited: WorkbookSnapshot = { ...narrow, sheets: [{ ...narrow.sheets[0]!, values }] };
    const result = runWorkbook(edited);
    const warning = result.warnings.find((w) => w.message.includes("rating columns"));
    expect(warning?.message).toMatch(
      /now has 6 rating columns .* are in use; its columns were left as they were\. Clear the ratings on this sheet and rate again/
    );
    const after = applyPlanInMemory(edited, result.plan);
    expect(after.sheets[0]!.values).toEqual(edited.sheets[0]!.values);
  });
});

describe("Benchmark column against England", () => {
  /** 65 / 100 against 50%: Wilson 55.3%–73.6% (PHEindicatormethods' own test case), wholly above. */
  function withBenchmark(
    numerator: number,
    denominator: number,
    england: number,
    polarity: string
  ): WorkbookSnapshot {
    const snapshot = scorecard({ benchmark: true });
    const values = snapshot.sheets[0]!.values.map((line) => [...line]);
    const width = values[0]!.length;
    for (const line of values.slice(1)) {
      line[2] = polarity;
      line[width - 4] = numerator / denominator;
      line[width - 3] = numerator;
      line[width - 2] = denominator;
      line[width - 1] = england;
    }
    return { sheets: [{ ...snapshot.sheets[0]!, values }] };
  }

  it.each([
    [65, 100, 0.5, "H", "Better"],
    [65, 100, 0.5, "L", "Worse"],
    [65, 100, 0.6, "H", "Similar"],
    [65, 100, 0.8, "H", "Worse"],
    [65, 100, 0.5, "", "Higher"],
  ] as const)("%d/%d against %d, polarity %s: %s", (x, n, england, polarity, expected) => {
    const interval = wilsonInterval(x, n);
    // The verdict follows from PHEindicatormethods' interval (0.5525…–0.7364…).
    const side =
      interval.lower > england ? "above" : interval.upper < england ? "below" : "overlaps";
    expect(side).toBe(expected === "Similar" ? "overlaps" : england < 0.65 ? "above" : "below");
    const result = runWorkbook(withBenchmark(x, n, england, polarity));
    const row = rows(result)[0]!;
    expect(row.benchmarks.map((b) => b.comparison.text)).toEqual([expected]);
    const header = result.plan.sheets[0]!.writes[0]!.values[0]!;
    expect(header[header.length - 1]).toBe("vs England average");
    if (expected === "Better" || expected === "Worse")
      expect(row.commentary).toContain(`${expected} than England average`);
  });
});

/** A sheet's cells without trailing blanks, so a cleared sheet compares with the original. */
function trimmed(values: readonly (readonly CellScalar[])[]): CellScalar[][] {
  const out = values.map((line) => {
    const copy = [...line];
    while (
      copy.length > 0 &&
      (copy[copy.length - 1] === null || copy[copy.length - 1] === undefined)
    )
      copy.pop();
    return copy;
  });
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}
