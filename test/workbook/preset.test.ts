import { describe, expect, it } from "vitest";
import { runWorkbook } from "../../src/workbook/run";
import type { StoredSettings } from "../../src/workbook/state";
import { sheet, workbook } from "./build";

/*
 * The saved preset decides the table defaults (settings.ts, presetDefaults):
 * only "custom" takes the saved tolerance; the others rate with 5% whatever
 * tolerance was left in the state. PH13 is 82 against 85, 3.5% short; ILAC7 is
 * 75 against 80, 6.25% short: Amber and Red at 5%, both Amber at 10%.
 */
const scorecard = sheet("Plan", [
  ["PI code", "Indicator", "Polarity", "Value", "Target"],
  ["PH13", "Health checks", "H", 82, 85],
  ["ILAC7", "Care leavers in touch", "H", 75, 80],
]);

function rate(settings: StoredSettings) {
  const result = runWorkbook({
    ...workbook(scorecard),
    state: JSON.stringify({ version: 2, settings, overrides: {}, blocks: {} }),
  });
  const statuses = result.sheets.flatMap((s) =>
    s.tables.flatMap((t) => t.rows.map((r) => r.status))
  );
  return { statuses, preset: result.settings.preset, warnings: result.warnings };
}

describe("the rule preset", () => {
  it("custom rates with the saved tolerance", () => {
    const { statuses, preset } = rate({ preset: "custom", tolerance: "10%" });
    expect(preset).toBe("custom");
    expect(statuses).toEqual(["Amber", "Amber"]);
  });

  it.each(["relative-5", "floor", "range"] as const)(
    "%s rates with 5%, whatever tolerance the state still holds",
    (preset) => {
      const result = rate({ preset, tolerance: "10%" });
      expect(result.preset).toBe(preset);
      expect(result.statuses).toEqual(["Amber", "Red"]);
    }
  );

  it("a saved tolerance with no preset is a custom one (workbooks saved before presets)", () => {
    const { statuses, preset } = rate({ tolerance: "10%" });
    expect(preset).toBe("custom");
    expect(statuses).toEqual(["Amber", "Amber"]);
  });

  it("nothing saved is relative 5%", () => {
    const { statuses, preset } = rate({});
    expect(preset).toBe("relative-5");
    expect(statuses).toEqual(["Amber", "Red"]);
  });

  it("custom with no tolerance saved falls back to 5%", () => {
    expect(rate({ preset: "custom" }).statuses).toEqual(["Amber", "Red"]);
  });

  it("a run's own defaults (the CLI's --tolerance) still win over the preset", () => {
    const result = runWorkbook(
      {
        ...workbook(scorecard),
        state: JSON.stringify({ version: 2, settings: { preset: "floor" } }),
      },
      { settings: { defaults: { tolerance: { kind: "relative", fraction: 0.1 } } } }
    );
    const statuses = result.sheets.flatMap((s) =>
      s.tables.flatMap((t) => t.rows.map((r) => r.status))
    );
    expect(statuses).toEqual(["Amber", "Amber"]);
  });
});
