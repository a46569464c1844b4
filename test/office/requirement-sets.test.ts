/**
 * Every Excel API member the adapter touches is within the requirement sets
 * manifest.xml declares; anything newer is only touched when isSetSupported
 * says the host has it. The fake records each member touched (property read or
 * written, method called, property loaded) and refuses, as Office.js does, any
 * member of a set the host lacks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXCEL_MEMBERS, type FakeWorkbookSpec } from "../fake-excel";
import { repoRoot } from "../fixtures";
import {
  DESKTOP,
  exampleSpec,
  installExcelGlobals,
  rate,
  session,
  touchedMembers,
} from "./harness";

installExcelGlobals();

function declaredMinimum(): string {
  const manifest = readFileSync(join(repoRoot, "manifest.xml"), "utf8");
  const match = /<Set\s+Name="ExcelApi"\s+MinVersion="([\d.]+)"\s*\/>/.exec(manifest);
  if (!match) throw new Error("manifest.xml declares no ExcelApi requirement set");
  return match[1]!;
}

/** Numeric comparison of requirement set versions: 1.10 is after 1.9. */
function versionAfter(a: string, b: string): boolean {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

/** The members touched that the declared minimum does not cover, with the set each needs. */
function beyond(members: readonly string[], minimum: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const member of members) {
    const [className, name] = member.split(".") as [string, string];
    const set = EXCEL_MEMBERS[className]?.[name];
    if (set === undefined) throw new Error(`${member} is not in the API table`);
    if (set === null) continue;
    const [setName, version] = set.split(" ") as [string, string];
    if (setName !== "ExcelApi" || versionAfter(version, minimum)) out[member] = set;
  }
  return out;
}

/** Every host action the task pane has, in the order an officer would use them. */
async function everyAction(spec: FakeWorkbookSpec, requirementSets: Record<string, string>) {
  const { fake, actions } = session(spec, { ...DESKTOP, requirementSets });
  const countNotes = () => fake.model.sheets.reduce((n, s) => n + s.notes.size, 0);
  const notesBefore = countNotes();
  const analysis = await actions.analyse();
  await actions.saveSettings({ tolerance: "5%" });
  await actions.loadSettings();
  const result = await rate(actions);
  await rate(actions);
  await actions.createRulesSheet(
    analysis.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows.map((r) => r.code)))
  );
  await actions.createFindingsSheet(result);
  // Its page setup (PageLayout) is ExcelApi 1.9, within the declared minimum.
  await actions.createSummarySheet(result);
  // A native chart (ChartCollection, ChartSeries, ChartLineFormat: ExcelApi 1.1 to 1.7); Clear deletes it.
  const scs19 = result.sheets
    .find((s) => s.name === "Ashford")!
    .tables.flatMap((t) => t.rows)
    .find((r) => r.code === "SCS19")!;
  await actions.createChart(result, { sheet: "Ashford", code: "SCS19", sheetRow: scs19.sheetRow });
  // Workbook.onSelectionChanged (ExcelApi 1.2): watched, told of a selection, then removed.
  const stop = await actions.watchSelection!(() => {});
  await actions.selectCell("Kent", "H9");
  await fake.eventsSettled();
  await stop();
  const notesAdded = countNotes() - notesBefore;
  await actions.clear();
  return { touched: touchedMembers(fake), notesAdded };
}

describe("requirement sets", () => {
  const minimum = declaredMinimum();
  let spec: FakeWorkbookSpec;
  beforeAll(async () => {
    spec = await exampleSpec();
  });

  it("manifest.xml declares ExcelApi 1.10 as the minimum", () => {
    expect(minimum).toBe("1.10");
  });

  it("on a host with only the declared minimum every action works and touches nothing newer", async () => {
    const { touched, notesAdded } = await everyAction(spec, { ExcelApi: minimum });
    expect(touched.length).toBeGreaterThan(20);
    expect(beyond(touched, minimum)).toEqual({});
    expect(touched).toEqual(
      expect.arrayContaining([
        "PageLayout.zoom",
        "PageLayout.setPrintTitleRows",
        "ChartCollection.add",
        "ChartSeries.setValues",
        "ChartLineFormat.lineStyle",
        "Chart.delete",
        "Workbook.onSelectionChanged",
        "Workbook.getSelectedRange",
      ])
    );
    // Without the notes API, no notes: the commentary column carries the text.
    expect(notesAdded).toBe(0);
  });

  it("on ExcelApi 1.18 the newer members it uses are exactly those it leaves alone on the minimum", async () => {
    const newest = await everyAction(spec, { ExcelApi: "1.18" });
    const oldest = await everyAction(spec, { ExcelApi: minimum });
    const newer = Object.keys(beyond(newest.touched, minimum));
    // It does use newer API when it can (notes, merged areas) …
    expect(newer.length).toBeGreaterThan(0);
    expect(newest.notesAdded).toBeGreaterThan(0);
    // … and every one of those is guarded: not touched on the older host.
    expect(newer.filter((member) => oldest.touched.includes(member))).toEqual([]);
  });
});
