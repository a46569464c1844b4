// @vitest-environment jsdom
import "./setup";
import { describe, expect, it } from "vitest";
import { overrideFrom } from "../../src/taskpane/components/MappingReview";
import {
  percentFromTolerance,
  settingsForPreset,
} from "../../src/taskpane/components/RuleDefaults";
import {
  allCodes,
  cellRef,
  flaggedItems,
  narrativeText,
  ratingSummary,
} from "../../src/taskpane/components/text";
import { createDemoActions } from "../../src/taskpane/demo-actions";

async function demoResult() {
  return createDemoActions().analyse();
}

describe("summaries", () => {
  it("summarises a run in one sentence", async () => {
    expect(ratingSummary(await demoResult())).toBe(
      "Rated 10 indicators on 2 sheets: 3 Green, 5 Amber, 2 Red. 3 flags to check."
    );
  });

  it("lists flags errors first, then in sheet order", async () => {
    const flags = flaggedItems(await demoResult());
    expect(flags.map((f) => [f.flag.severity, cellRef(f.sheet, f.flag.cell)])).toEqual([
      ["error", "Kent!F9"],
      ["warning", "Kent!G7"],
      ["warning", "Medway!F6"],
    ]);
  });

  it("quotes sheet names as Excel does", () => {
    expect(cellRef("Kent", "F9")).toBe("Kent!F9");
    expect(cellRef("Ashford CSWT", "F9")).toBe("'Ashford CSWT'!F9");
  });

  it("writes a table's narrative as report text, and collects codes once", async () => {
    const result = await demoResult();
    const medway = result.sheets[1]!.tables[0]!;
    expect(narrativeText(medway).split("\n")).toEqual([
      "Council Plan performance, Q3 2022/23 (Medway!A2:F6)",
      ...medway.narrative,
    ]);
    expect(allCodes(result)).toHaveLength(10);
  });
});

describe("settings for a preset", () => {
  it("keeps other settings and sets or drops the tolerance", () => {
    const current = { trendDisplay: "arrow" as const, tolerance: "8%", preset: "custom" as const };
    expect(settingsForPreset(current, "relative-5", 8)).toEqual({
      trendDisplay: "arrow",
      preset: "relative-5",
      tolerance: "5%",
    });
    expect(settingsForPreset(current, "floor", 8)).toEqual({
      trendDisplay: "arrow",
      preset: "floor",
    });
    expect(settingsForPreset(current, "custom", 7.5)).toEqual({
      trendDisplay: "arrow",
      preset: "custom",
      tolerance: "7.5%",
    });
  });

  it("reads a saved custom percentage", () => {
    expect(percentFromTolerance("7.5%")).toBe(7.5);
    expect(percentFromTolerance("10")).toBe(10);
    expect(percentFromTolerance("2pp")).toBeUndefined();
    expect(percentFromTolerance(undefined)).toBeUndefined();
  });
});

describe("mapping override", () => {
  it("holds only the roles the user changed, as 0-based columns or null", async () => {
    const kent = (await demoResult()).sheets[0]!.tables[0]!;
    // `draft` is the whole mapping: unchanged roles are left out.
    const draft = { code: 0, name: 1, polarity: 2, floor: 3, target: 4, value: 5, status: 6 };
    expect(overrideFrom(kent, draft)).toEqual({});
    expect(overrideFrom(kent, { ...draft, value: 4, status: null })).toEqual({
      value: 4,
      status: null,
    });
  });
});
